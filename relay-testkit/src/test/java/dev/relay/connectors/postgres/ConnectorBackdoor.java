package dev.relay.connectors.postgres;

import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Test-only access to {@code PostgresConnector.runUnchecked}: runs a statement through the
 * connector's real execution path without a policy decision, to prove that the database itself
 * refuses what the policy should have stopped. Lives in the test tree only; no production jar has it.
 */
public final class ConnectorBackdoor {

    private ConnectorBackdoor() {
    }

    public static QueryResult runUnchecked(ResourceConnector connector, String sql, List<@Nullable Object> parameters,
            int maxRows, QueryContext context) {
        return ((PostgresConnector) connector).runUnchecked(sql, parameters, maxRows, context);
    }
}
