package dev.relay.policy;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL validator on its own, for a service that only wants to know "is this SQL safe
 * to run read-only?", with no configuration file:
 *
 * <pre>{@code
 * try (SqlPolicy policy = SqlPolicy.defaults()) {
 *     Decision d = policy.check("SELECT id, email FROM users WHERE created_at > now() - interval '7 days'");
 *     if (d instanceof Decision.Allowed ok) {
 *         String sql = ok.query().sql(); // row-capped: at most 1000 rows (+1 to detect clamping)
 *     } else if (d instanceof Decision.Rejected no) {
 *         System.out.println(no.reason() + ": " + no.detail());
 *     }
 * }
 * }</pre>
 *
 * Thread-safe; {@link #check} blocks while the query is parsed (at most 1 s). Close it to stop
 * its parser threads.
 */
public final class SqlPolicy implements AutoCloseable {

    private static final String RESOURCE = "sql";

    private final PolicyEngine engine;

    private SqlPolicy(ResourcePolicy policy) {
        this.engine = PolicyEngine.builder().resource(policy).build();
    }

    /** Default rules: read-only statements, built-in blocked function families, 1000-row cap. */
    public static SqlPolicy defaults() {
        return of(ResourcePolicy.builder(RESOURCE, ResourcePolicy.TYPE_POSTGRES));
    }

    /**
     * Custom rules from a {@code postgres} policy builder (its id does not matter). Example:
     * {@code SqlPolicy.of(ResourcePolicy.builder("x", "postgres").functionPolicy(FunctionPolicy.ALLOWLIST))}.
     */
    public static SqlPolicy of(ResourcePolicy.Builder builder) {
        ResourcePolicy p = builder.build();
        if (!ResourcePolicy.TYPE_POSTGRES.equals(p.type())) {
            throw new PolicyConfigException(List.of("type: SqlPolicy needs a postgres policy"));
        }
        return new SqlPolicy(p);
    }

    /** Checks one query with no parameters. */
    public Decision check(String sql) {
        return check(sql, List.of());
    }

    /** Checks one query with its positional ({@code $1}, {@code $2}...) parameters. */
    public Decision check(String sql, List<@Nullable Object> parameters) {
        Objects.requireNonNull(sql, "sql");
        String id = engine.resources().get(0).id();
        return engine.evaluate(PolicyRequest.sql(id, Operation.QUERY.wireName(), sql, parameters));
    }

    @Override
    public void close() {
        engine.close();
    }
}
