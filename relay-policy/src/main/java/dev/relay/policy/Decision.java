package dev.relay.policy;

import java.util.Objects;

/**
 * The policy engine's verdict: {@link Allowed} carrying the {@link ApprovedQuery} to run, or
 * {@link Rejected} carrying a reason and a human detail that names the keyword, function, stage
 * or table at fault (and never quotes a literal from the query).
 */
public sealed interface Decision permits Decision.Allowed, Decision.Rejected {

    /** The request may run, exactly as {@link #query()} says. */
    record Allowed(ApprovedQuery query) implements Decision {
        public Allowed {
            Objects.requireNonNull(query, "query");
        }
    }

    /** The request must not run. */
    record Rejected(RejectReason reason, String detail) implements Decision {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
