package dev.relay.policy.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.Decision;
import dev.relay.policy.PolicyEngine;
import dev.relay.policy.PolicyRequest;
import dev.relay.policy.RejectReason;
import dev.relay.policy.ResourcePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The MongoDB corpus (JSON lines: the execute params, plus {@code expect} for malicious lines). */
class MongoCorpusTest {

    static final int MAX_ROWS = 100;
    static PolicyEngine engine;

    record Line(String file, int number, Map<String, Object> json) {
        @Override
        public String toString() {
            return file + ":" + number;
        }
    }

    @BeforeAll
    static void start() {
        engine = PolicyEngine.builder().resource(ResourcePolicy.builder("mg", "mongodb").maxRowsPerQuery(MAX_ROWS)
                .tablesDeny(List.of("secrets")).build()).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static List<Line> load(String name) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Line> out = new ArrayList<>();
        try (InputStream in = MongoCorpusTest.class.getResourceAsStream("/corpus/" + name)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    out.add(new Line(name, i + 1, mapper.readValue(lines[i], new TypeReference<Map<String, Object>>() { })));
                }
            }
        }
        return out;
    }

    static List<Line> malicious() throws IOException {
        return load("mongo-malicious.jsonl");
    }

    static List<Line> benign() throws IOException {
        return load("mongo-benign.jsonl");
    }

    @SuppressWarnings("unchecked")
    static Decision evaluate(Map<String, Object> json) {
        return engine.evaluate(new PolicyRequest("mg", "query", null, List.of(), (String) json.get("collection"),
                (Map<String, Object>) json.get("filter"), (Map<String, Object>) json.get("projection"),
                (Map<String, Object>) json.get("sort"), (Integer) json.get("skip"), (Integer) json.get("limit"),
                (List<Object>) json.get("pipeline"), null));
    }

    @Test
    void corpusIsLargeEnough() throws IOException {
        assertThat(malicious()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(benign()).hasSizeGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malicious")
    void maliciousRequestIsRejected(Line line) {
        Decision d = evaluate(line.json());
        assertThat(d).as(line.toString()).isInstanceOf(Decision.Rejected.class);
        Decision.Rejected r = (Decision.Rejected) d;
        assertThat(r.reason()).as(line + " " + r.detail()).isEqualTo(RejectReason.QUERY_BLOCKED);
        assertThat(r.detail().toLowerCase(Locale.ROOT)).as(line.toString())
                .contains(((String) line.json().get("expect")).toLowerCase(Locale.ROOT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benign")
    void benignRequestIsAcceptedAndClamped(Line line) {
        Decision d = evaluate(line.json());
        assertThat(d).as(line + " -> " + d).isInstanceOf(Decision.Allowed.class);
        ApprovedQuery q = ((Decision.Allowed) d).query();
        if (q.kind() == ApprovedQuery.Kind.MONGO_FIND) {
            assertThat(q.limit()).isBetween(1, MAX_ROWS + 1);
        } else {
            assertThat(q.kind()).isEqualTo(ApprovedQuery.Kind.MONGO_AGGREGATE);
            Map<String, Object> last = q.pipeline().get(q.pipeline().size() - 1);
            assertThat(((Number) last.get("$limit")).intValue()).isBetween(1, MAX_ROWS + 1);
        }
    }
}
