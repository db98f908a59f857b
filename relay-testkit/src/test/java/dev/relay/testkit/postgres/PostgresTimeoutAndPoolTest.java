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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Statement timeouts, cancellation and a pool that never grows past its size. */
class PostgresTimeoutAndPoolTest {

    /** A cross join big enough to run for minutes; pg_sleep is blocked by the policy, this is not. */
    static final String SLOW = "SELECT count(*) FROM generate_series(1, 100000000) AS a, generate_series(1, 1000) AS b";

    private static final PostgresFixture PG = PostgresFixture.shared();
    private static String db;

    @BeforeAll
    static void setUp() {
        db = PG.createDatabase("timeouts");
    }

    private static ResourceConnector connector(Duration statementTimeout, Map<String, Object> pool, String appName) {
        Map<String, Object> connection = PgSupport.connection(PG, db);
        connection.put("applicationName", appName);
        return PgSupport.connector(new ConnectorConfig("pg-test", "postgres", connection, pool, statementTimeout, 1 << 20));
    }

    @Test
    void slowQueryHitsTheResourceStatementTimeout() {
        try (ResourceConnector c = connector(Duration.ofSeconds(1), Map.of(), "relay-timeout")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> c.query(PgPolicy.query(SLOW), PgSupport.ctx()))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.QUERY_TIMEOUT);
                        assertThat(e.getMessage()).startsWith("SQLSTATE 57014");
                    });
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).isBetween(900L, 15_000L);
            // the connection went back to the pool in a usable state
            assertThat(((QueryResult.Rows) c.query(PgPolicy.query("SELECT 1 AS one"), PgSupport.ctx())).rows()).hasSize(1);
        }
    }

    @Test
    void aShorterRequestBudgetLowersTheTimeoutForThatStatementOnly() {
        try (ResourceConnector c = connector(Duration.ofSeconds(30), Map.of(), "relay-timeout")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> c.query(PgPolicy.query(SLOW), PgSupport.ctx(Duration.ofMillis(700), 1 << 20)))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.QUERY_TIMEOUT));
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000L);
            Object timeout = ((QueryResult.Rows) ConnectorBackdoor.runUnchecked(c,
                    "SELECT current_setting('statement_timeout')", List.of(), 1, PgSupport.ctx())).rows().get(0).get(0);
            assertThat(timeout).isEqualTo("30s");
        }
    }

    @Test
    void cancellingTheContextCancelsTheStatement() throws Exception {
        try (ResourceConnector c = connector(Duration.ofSeconds(30), Map.of(), "relay-cancel")) {
            QueryContext ctx = PgSupport.ctx();
            ExecutorService exec = Executors.newSingleThreadExecutor();
            try {
                long start = System.nanoTime();
                Future<QueryResult> running = exec.submit(() -> c.query(PgPolicy.query(SLOW), ctx));
                Thread.sleep(500);
                ctx.cancel();
                assertThatThrownBy(running::get).hasCauseInstanceOf(ConnectorException.class)
                        .satisfies(e -> assertThat(((ConnectorException) e.getCause()).kind())
                                .isEqualTo(ConnectorException.Kind.QUERY_TIMEOUT));
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000L);
            } finally {
                exec.shutdownNow();
            }
        }
    }

    @Test
    void sixConcurrentSlowQueriesOnAPoolOfFiveQueueOrFailCleanly() throws Exception {
        // pg_sleep through the test-only path: a slow statement that costs no CPU on a 2-core machine
        String sleep = "SELECT pg_sleep(1.5) IS NULL AS slept";
        // minIdle 5: the pool is full before the six arrive, so a slow connection set-up on a busy
        // machine cannot eat the 500 ms wait of more than the sixth request
        Map<String, Object> failFast = new HashMap<>(Map.of("maxSize", 5, "minIdle", 5, "acquireTimeout", "500ms"));
        List<Object> outcomes = runSix(failFast, sleep, "relay-pool-a");
        assertThat(outcomes).filteredOn(o -> o instanceof QueryResult).hasSize(5);
        assertThat(outcomes).filteredOn(o -> o instanceof ConnectorException).singleElement()
                .satisfies(o -> {
                    ConnectorException e = (ConnectorException) o;
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RESOURCE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("pool.acquireTimeout");
                });

        Map<String, Object> queue = new HashMap<>(Map.of("maxSize", 5, "acquireTimeout", "10s"));
        List<Object> queued = runSix(queue, sleep, "relay-pool-b");
        assertThat(queued).allSatisfy(o -> assertThat(o).isInstanceOf(QueryResult.class));
    }

    private List<Object> runSix(Map<String, Object> pool, String sql, String appName) throws Exception {
        AtomicInteger maxSeen = new AtomicInteger();
        List<Object> outcomes = new ArrayList<>();
        try (ResourceConnector c = connector(Duration.ofSeconds(30), pool, appName)) {
            if (pool.containsKey("minIdle")) {
                awaitSessions(appName, (Integer) pool.get("minIdle"));
            }
            ExecutorService exec = Executors.newFixedThreadPool(7);
            try {
                List<Future<Object>> futures = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    futures.add(exec.submit(() -> {
                        try {
                            return (Object) ConnectorBackdoor.runUnchecked(c, sql, List.of(), 10, PgSupport.ctx());
                        } catch (ConnectorException e) {
                            return e;
                        }
                    }));
                }
                Future<?> watcher = exec.submit(() -> watchConnections(appName, maxSeen, futures));
                for (Future<Object> f : futures) {
                    outcomes.add(f.get());
                }
                watcher.get();
            } finally {
                exec.shutdownNow();
            }
        }
        System.out.println("pool " + pool + ": most server sessions seen at once = " + maxSeen.get());
        assertThat(maxSeen.get()).as("server sessions of the pool").isBetween(1, 5);
        return outcomes;
    }

    private static void awaitSessions(String appName, int count) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection admin = PG.superuserDataSource().getConnection(); Statement st = admin.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + appName + "'")) {
                    rs.next();
                    if (rs.getInt(1) >= count) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the pool never opened " + count + " connections");
    }

    private static Void watchConnections(String appName, AtomicInteger maxSeen, List<? extends Future<?>> work)
            throws SQLException, InterruptedException {
        try (Connection admin = PG.superuserDataSource().getConnection(); Statement st = admin.createStatement()) {
            while (work.stream().anyMatch(f -> !f.isDone())) {
                try (ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + appName + "'")) {
                    rs.next();
                    maxSeen.accumulateAndGet(rs.getInt(1), Math::max);
                }
                Thread.sleep(50);
            }
        }
        return null;
    }
}
