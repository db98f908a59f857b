package dev.relay.policy.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.Decision;
import dev.relay.policy.RejectReason;
import dev.relay.policy.ResourcePolicy;
import dev.relay.policy.SqlPolicy;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adversarial corpus as table tests: every malicious query is rejected with a detail naming
 * what was blocked; every benign analytics query is accepted (and, in relay-testkit, executed on
 * PostgreSQL against {@code corpus/schema.sql}).
 */
class PostgresCorpusTest {

    /** The policy the corpus is written for: defaults plus a deny list. */
    static final List<String> DENY = List.of("*.secrets", "pg_catalog.pg_authid", "pg_catalog.pg_shadow");
    static final int MAX_ROWS = 1000;

    static SqlPolicy policy;

    @BeforeAll
    static void start() {
        policy = SqlPolicy.of(ResourcePolicy.builder("corpus", "postgres").tablesDeny(DENY));
    }

    @AfterAll
    static void stop() {
        policy.close();
    }

    static List<Corpus.Entry> malicious() {
        return Corpus.load("postgres-malicious.sql");
    }

    static List<Corpus.Entry> benign() {
        return Corpus.load("postgres-benign.sql");
    }

    static List<Corpus.Entry> parserLimitations() {
        return Corpus.load("postgres-parser-limitations.sql");
    }

    @Test
    void corpusIsLargeEnough() {
        assertThat(malicious()).hasSizeGreaterThanOrEqualTo(200);
        assertThat(benign()).hasSizeGreaterThanOrEqualTo(150);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malicious")
    void maliciousQueryIsRejected(Corpus.Entry entry) {
        Decision d = policy.check(entry.sql(), entry.dummyParameters());
        assertThat(d).as("%s must be rejected: %s", entry, entry.sql()).isInstanceOf(Decision.Rejected.class);
        Decision.Rejected r = (Decision.Rejected) d;
        assertThat(r.reason()).as(entry.toString()).isEqualTo(RejectReason.QUERY_BLOCKED);
        if (entry.expect() != null) {
            assertThat(r.detail().toLowerCase(Locale.ROOT)).as("%s detail", entry)
                    .contains(entry.expect().toLowerCase(Locale.ROOT));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benign")
    void benignQueryIsAcceptedAndRowCapped(Corpus.Entry entry) {
        Decision d = policy.check(entry.sql(), entry.dummyParameters());
        assertThat(d).as("%s must be accepted: %s -> %s", entry, entry.sql(), d).isInstanceOf(Decision.Allowed.class);
        ApprovedQuery q = ((Decision.Allowed) d).query();
        assertThat(q.maxRows()).isEqualTo(MAX_ROWS);
        if (q.clampedByRewrite()) {
            assertThat(q.sql()).as(entry.toString()).contains("LIMIT " + (MAX_ROWS + 1));
        } else {
            assertThat(q.sql()).as("unclamped queries run exactly as written (comments aside)").isNotBlank();
        }
        assertThat(q.parameters()).hasSize(entry.dummyParameters().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parserLimitations")
    void whatTheParserCannotReadIsRejectedWithTheParsersReason(Corpus.Entry entry) {
        Decision d = policy.check(entry.sql(), entry.dummyParameters());
        assertThat(d).isInstanceOf(Decision.Rejected.class);
        assertThat(((Decision.Rejected) d).detail()).startsWith("query could not be parsed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malicious")
    void rejectionDetailNeverQuotesALiteral(Corpus.Entry entry) {
        Decision d = policy.check(entry.sql(), entry.dummyParameters());
        String detail = ((Decision.Rejected) d).detail();
        for (String secretish : List.of("/etc/passwd", "evil", "pwned", "payload", "curl", "x@example.com")) {
            assertThat(detail).doesNotContain(secretish);
        }
    }
}
