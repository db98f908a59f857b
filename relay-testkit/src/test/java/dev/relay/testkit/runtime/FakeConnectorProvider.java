package dev.relay.testkit.runtime;

import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.spi.Column;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.ConnectorProvider;
import dev.relay.policy.spi.HealthReport;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.policy.spi.TableDescription;
import dev.relay.policy.spi.TableInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector of type {@code postgres} that needs no database: each query takes
 * {@code connection.delayMs} (honouring cancellation) and returns {@code connection.rows} rows (default
 * one) with an e-mail, plus a {@code connection.filler}-character column when set. For
 * tests of dispatch, drain and cancellation, where the database is beside the point. Its
 * reachability and fingerprint are switched by the test.
 */
final class FakeConnectorProvider implements ConnectorProvider {

    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final List<String> cancelled = new CopyOnWriteArrayList<>();
    /** Request ids of every query that reached the connector, in order. */
    final List<String> started = new CopyOnWriteArrayList<>();
    final ConcurrentHashMap<String, Boolean> reachable = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, String> fingerprints = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    public ResourceConnector create(ConnectorConfig config) {
        long delay = config.connection().get("delayMs") instanceof Number n ? n.longValue() : 0;
        int rowCount = config.connection().get("rows") instanceof Number n ? n.intValue() : 1;
        // optional second column of this many characters (no personal data), for large results
        int filler = config.connection().get("filler") instanceof Number n ? n.intValue() : 0;
        String note = "n".repeat(filler);
        String id = config.resourceId();
        return new ResourceConnector() {
            @Override
            public QueryResult query(ApprovedQuery query, QueryContext context) {
                started.add(context.requestId());
                int now = running.incrementAndGet();
                maxRunning.accumulateAndGet(now, Math::max);
                try {
                    long end = System.nanoTime() + delay * 1_000_000;
                    while (System.nanoTime() < end) {
                        if (context.isCancelled()) {
                            cancelled.add(context.requestId());
                            throw new ConnectorException(ConnectorException.Kind.QUERY_FAILED, "canceling statement due to user request");
                        }
                        Thread.sleep(5);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    running.decrementAndGet();
                }
                List<List<Object>> rows = new java.util.ArrayList<>(rowCount);
                for (int i = 0; i < rowCount; i++) {
                    rows.add(filler == 0 ? List.of("someone" + i + "@example.com") : List.of("someone" + i + "@example.com", note));
                }
                List<Column> columns = filler == 0 ? List.of(new Column("email", "text", "users"))
                        : List.of(new Column("email", "text", "users"), new Column("note", "text", "users"));
                return new QueryResult.Rows(columns, List.copyOf(rows), false, null);
            }

            @Override
            public Object explain(ApprovedQuery query, QueryContext context) {
                return List.of();
            }

            @Override
            public List<TableInfo> listTables(ApprovedQuery request, QueryContext context) {
                return List.of(new TableInfo("public", "users", "table", 1L));
            }

            @Override
            public TableDescription describeTable(ApprovedQuery request, QueryContext context) {
                return new TableDescription("public", "users", "table",
                        List.of(new TableDescription.Field("email", "text", false, null)), List.of(), List.of(), 1L);
            }

            @Override
            public HealthReport health(Duration timeout) {
                boolean up = reachable.getOrDefault(id, true);
                return up ? new HealthReport(true, true, 1, null) : new HealthReport(false, false, 1, "connection refused");
            }

            @Override
            public String schemaFingerprint(QueryContext context) {
                return fingerprints.getOrDefault(id, "fp-1");
            }

            @Override
            public void close() {
            }
        };
    }
}
