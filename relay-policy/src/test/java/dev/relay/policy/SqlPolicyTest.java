package dev.relay.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The README's five lines, as a test. */
class SqlPolicyTest {

    @Test
    void embeddableInFiveLines() {
        try (SqlPolicy policy = SqlPolicy.defaults()) {
            Decision d = policy.check("SELECT id, email FROM users WHERE created_at > now() - interval '7 days'");
            assertThat(d).isInstanceOf(Decision.Allowed.class);
            assertThat(((Decision.Allowed) d).query().sql()).endsWith("LIMIT 1001");

            Decision no = policy.check("SELECT 1; DROP TABLE users");
            assertThat(no).isInstanceOf(Decision.Rejected.class);
            assertThat(((Decision.Rejected) no).reason()).isEqualTo(RejectReason.QUERY_BLOCKED);
        }
    }
}
