package dev.relay.policy.spi;

import dev.relay.policy.ApprovedQuery;
import java.time.Duration;
import java.util.List;

/**
 * Runs approved requests against one resource. Connectors only ever receive an
 * {@link ApprovedQuery}, which only the policy engine can create; they know nothing of
 * WebSocket, JSON-RPC, masking or audit. Every method may be called concurrently from worker
 * threads; none is called on an I/O event loop. Failures are {@link ConnectorException}s whose
 * messages carry no data.
 */
public interface ResourceConnector extends AutoCloseable {

    /** Runs an approved {@code query}: at most {@link ApprovedQuery#maxRows()} rows, exact clamp. */
    QueryResult query(ApprovedQuery query, QueryContext context);

    /** The planner's view of an approved {@code explain}, as a JSON-compatible value; never executes it. */
    Object explain(ApprovedQuery query, QueryContext context);

    /** Tables, views and collections visible to the relay and permitted by the resource's table rules. */
    List<TableInfo> listTables(ApprovedQuery request, QueryContext context);

    /** Columns or inferred fields of the table named by {@link ApprovedQuery#table()}. */
    TableDescription describeTable(ApprovedQuery request, QueryContext context);

    /** Probes connectivity and authentication within {@code timeout}; never throws. */
    HealthReport health(Duration timeout);

    /**
     * A digest of the resource's schema (tables, columns, types) that is stable across restarts and
     * changes when a column does. Hex, lower case.
     */
    String schemaFingerprint(QueryContext context);

    /** Releases pools and clients; idempotent. */
    @Override
    void close();
}
