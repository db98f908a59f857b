package dev.relay.testkit.postgres;

import static org.assertj.core.api.Assertions.fail;

import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.Decision;
import dev.relay.policy.Operation;
import dev.relay.policy.PolicyEngine;
import dev.relay.policy.PolicyRequest;
import dev.relay.policy.ResourcePolicy;
import java.util.EnumSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Gets {@link ApprovedQuery}s the way the runtime does: from a real {@link PolicyEngine}. */
final class PgPolicy {

    private PgPolicy() {
    }

    static ApprovedQuery approve(String operation, @Nullable String sql, List<@Nullable Object> params, int maxRows,
            @Nullable String table, List<String> deny) {
        ResourcePolicy policy = ResourcePolicy.builder("pg-test", "postgres")
                .allowedOperations(EnumSet.allOf(Operation.class)).maxRowsPerQuery(maxRows).tablesDeny(deny).build();
        try (PolicyEngine engine = PolicyEngine.builder().resource(policy).build()) {
            PolicyRequest request = new PolicyRequest("pg-test", operation, sql, params, null, null, null, null, null,
                    null, null, table);
            Decision d = engine.evaluate(request);
            if (d instanceof Decision.Allowed a) {
                return a.query();
            }
            Decision.Rejected r = (Decision.Rejected) d;
            return fail("policy rejected: " + r.reason() + ": " + r.detail());
        }
    }

    static ApprovedQuery query(String sql, @Nullable Object... params) {
        return approve("query", sql, java.util.Arrays.asList(params), 1000, null, List.of());
    }

    static ApprovedQuery query(int maxRows, String sql) {
        return approve("query", sql, List.of(), maxRows, null, List.of());
    }
}
