package dev.relay.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.connectors.postgres.ConnectorBackdoor;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.testkit.db.PostgresFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cancel that arrives before the statement runs is not lost. pgjdbc ignores
 * {@code Statement.cancel()} on a statement that is not executing yet, so without the connector's
 * own flag a request cancelled while it waits for a pooled connection would run its query to the
 * statement timeout. Deterministic: the only connection of the pool is busy while the second
 * request is cancelled.
 */
class PostgresCancelRaceTest {

    private static final PostgresFixture PG = PostgresFixture.shared();
    private static String db;

    @BeforeAll
    static void setUp() {
        db = PG.createDatabase("cancelrace");
    }

    @Test
    void aRequestCancelledWhileWaitingForAConnectionNeverRunsItsQuery() throws Exception {
        Map<String, Object> connection = PgSupport.connection(PG, db);
        connection.put("applicationName", "relay-cancel-race");
        ConnectorConfig config = new ConnectorConfig("pg-test", "postgres", connection,
                Map.of("maxSize", 1, "acquireTimeout", "20s"), Duration.ofSeconds(20), 1 << 20);
        ExecutorService exec = Executors.newFixedThreadPool(2);
        try (ResourceConnector c = PgSupport.connector(config)) {
            QueryContext first = PgSupport.ctx();
            Future<QueryResult> busy = exec.submit(() -> ConnectorBackdoor.runUnchecked(c,
                    "SELECT pg_sleep(1) IS NULL AS slept", List.of(), 1, first));
            Thread.sleep(300);

            QueryContext second = PgSupport.ctx();
            long start = System.nanoTime();
            Future<QueryResult> waiting = exec.submit(() -> ConnectorBackdoor.runUnchecked(c,
                    "SELECT pg_sleep(20) IS NULL AS slept", List.of(), 1, second));
            Thread.sleep(300);
            second.cancel();

            assertThat(busy.get(20, TimeUnit.SECONDS).rowCount()).isEqualTo(1);
            assertThatThrownBy(() -> waiting.get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ConnectorException.class)
                    .satisfies(e -> assertThat(((ConnectorException) e.getCause()).kind())
                            .isEqualTo(ConnectorException.Kind.QUERY_TIMEOUT));
            // far below the 20 s the query would have slept: it never started
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(8_000L);
            // the one connection is back in the pool and usable
            assertThat(ConnectorBackdoor.runUnchecked(c, "SELECT 1 AS one", List.of(), 1, PgSupport.ctx()).rowCount())
                    .isEqualTo(1);
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void cancellingRightAfterTheStatementStartsStopsIt() throws Exception {
        // the second window (pgjdbc sees the statement running, the server has not started it) is
        // microseconds wide; cancelling at once, many times over, lands in or near it
        Map<String, Object> connection = PgSupport.connection(PG, db);
        connection.put("applicationName", "relay-cancel-race");
        ConnectorConfig config = new ConnectorConfig("pg-test", "postgres", connection,
                Map.of("maxSize", 1, "minIdle", 1), Duration.ofSeconds(20), 1 << 20);
        ExecutorService exec = Executors.newSingleThreadExecutor();
        try (ResourceConnector c = PgSupport.connector(config)) {
            for (int i = 0; i < 20; i++) {
                QueryContext ctx = PgSupport.ctx();
                long start = System.nanoTime();
                Future<QueryResult> running = exec.submit(() -> ConnectorBackdoor.runUnchecked(c,
                        "SELECT pg_sleep(20) IS NULL AS slept", List.of(), 1, ctx));
                long spin = System.nanoTime() + (i % 5) * 1_000_000L;
                while (System.nanoTime() < spin) {
                    Thread.onSpinWait();
                }
                ctx.cancel();
                assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectorException.class);
                assertThat((System.nanoTime() - start) / 1_000_000).as("attempt " + i).isLessThan(8_000L);
            }
        } finally {
            exec.shutdownNow();
        }
    }
}
