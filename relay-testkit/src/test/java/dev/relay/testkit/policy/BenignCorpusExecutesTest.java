package dev.relay.testkit.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.connectors.postgres.PostgresConnectorProvider;
import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.Decision;
import dev.relay.policy.PolicyEngine;
import dev.relay.policy.PolicyRequest;
import dev.relay.policy.ResourcePolicy;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.testkit.db.PostgresFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query of relay-policy's benign corpus, approved by a real {@link PolicyEngine} (so in
 * its row-capped, rewritten form) and run by the real PostgreSQL connector against
 * {@code corpus/schema.sql}: the policy must not approve SQL that PostgreSQL cannot run.
 */
class BenignCorpusExecutesTest {

    static final Path CORPUS = Path.of("..", "relay-policy", "src", "test", "resources", "corpus");
    static final int MAX_ROWS = 1000;

    static PolicyEngine engine;
    static ResourceConnector connector;

    record Entry(int number, int line, String sql, List<@Nullable Object> params) {
        @Override
        public String toString() {
            return "postgres-benign.sql #" + number + " (line " + line + ")";
        }
    }

    @BeforeAll
    static void start() throws IOException, SQLException {
        PostgresFixture pg = PostgresFixture.shared();
        String db = pg.createDatabase("policy_corpus");
        try (Connection c = pg.superuserDataSource(db).getConnection(); Statement s = c.createStatement()) {
            s.execute(Files.readString(CORPUS.resolve("schema.sql")));
            s.execute("GRANT USAGE ON SCHEMA analytics TO " + pg.user());
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public, analytics TO " + pg.user());
        }
        engine = PolicyEngine.builder().resource(ResourcePolicy.builder("corpus", "postgres")
                .maxRowsPerQuery(MAX_ROWS).build()).build();
        Map<String, Object> connection = new HashMap<>();
        connection.put("url", pg.jdbcUrl(db));
        connection.put("username", pg.user());
        connection.put("password", pg.password());
        connector = new PostgresConnectorProvider().create(new ConnectorConfig("corpus", "postgres", connection,
                Map.of(), Duration.ofSeconds(20), 64L * 1024 * 1024));
    }

    @AfterAll
    static void stop() {
        if (connector != null) {
            connector.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    static List<Entry> benign() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Entry> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        List<@Nullable Object> params = List.of();
        int start = 0;
        List<String> lines = new ArrayList<>(Files.readAllLines(CORPUS.resolve("postgres-benign.sql")));
        lines.add("----");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.equals("----")) {
                if (!current.toString().isBlank()) {
                    out.add(new Entry(out.size() + 1, start, current.toString().strip(), params));
                }
                current.setLength(0);
                params = List.of();
                start = 0;
            } else if (line.startsWith("## params: ")) {
                params = json.readValue(line.substring("## params: ".length()), new TypeReference<List<@Nullable Object>>() { });
            } else if (!line.startsWith("##")) {
                if (start == 0 && !line.isBlank()) {
                    start = i + 1;
                }
                current.append(line).append('\n');
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benign")
    void approvedBenignQueryRunsOnPostgres(Entry entry) {
        Decision d = engine.evaluate(PolicyRequest.sql("corpus", "query", entry.sql(), entry.params()));
        assertThat(d).as("%s must be approved", entry).isInstanceOf(Decision.Allowed.class);
        ApprovedQuery approved = ((Decision.Allowed) d).query();
        QueryResult result = connector.query(approved, new QueryContext("corpus-" + entry.number(),
                Duration.ofSeconds(20), 64L * 1024 * 1024));
        assertThat(result).isInstanceOf(QueryResult.Rows.class);
        assertThat(((QueryResult.Rows) result).rows()).hasSizeLessThanOrEqualTo(MAX_ROWS);
    }
}
