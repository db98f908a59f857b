package dev.relay.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.HealthReport;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.testkit.db.PostgresFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The database stopped mid-query, and back again: on a private server of its own. */
class PostgresOutageTest {

    /** Waits until the slow statement is running on the server, so the outage really is mid-query. */
    private static void awaitActive(PostgresFixture pg) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection admin = pg.superuserDataSource().getConnection(); Statement st = admin.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                            + " AND query LIKE '%generate_series(1, 100000000)%' AND pid <> pg_backend_pid()")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    Thread.sleep(200);
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the slow query never started");
    }

    @Test
    void databaseStoppedMidQueryIsUnavailableAndTheConnectorRecovers() throws Exception {
        try (PostgresFixture pg = PostgresFixture.startPrivate()) {
            pg.execute("CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (1), (2)");
            ConnectorConfig config = new ConnectorConfig("pg-outage", "postgres", PgSupport.connection(pg, pg.database()),
                    Map.of("acquireTimeout", "1s"), Duration.ofSeconds(30), 1 << 20);
            try (ResourceConnector c = PgSupport.connector(config)) {
                String fingerprint = c.schemaFingerprint(PgSupport.ctx());
                ExecutorService exec = Executors.newSingleThreadExecutor();
                try {
                    Future<QueryResult> running = exec.submit(
                            () -> c.query(PgPolicy.query(PostgresTimeoutAndPoolTest.SLOW), PgSupport.ctx()));
                    awaitActive(pg);
                    pg.stop();
                    assertThatThrownBy(running::get).hasCauseInstanceOf(ConnectorException.class)
                            .satisfies(e -> {
                                ConnectorException ce = (ConnectorException) e.getCause();
                                assertThat(ce.kind()).isEqualTo(ConnectorException.Kind.RESOURCE_UNAVAILABLE);
                                System.out.println("mid-query outage: " + ce.getMessage());
                                assertThat(ce.getMessage()).matches("SQLSTATE (57P01|08006|08003).*");
                            });
                } finally {
                    exec.shutdownNow();
                }

                assertThatThrownBy(() -> c.query(PgPolicy.query("SELECT id FROM kept"), PgSupport.ctx()))
                        .isInstanceOfSatisfying(ConnectorException.class,
                                e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RESOURCE_UNAVAILABLE));
                HealthReport down = c.health(Duration.ofSeconds(2));
                assertThat(down.connect()).isFalse();
                assertThat(down.error()).startsWith("cannot connect");

                pg.start();
                QueryResult back = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (back == null) {
                    try {
                        back = c.query(PgPolicy.query("SELECT id FROM kept ORDER BY id"), PgSupport.ctx());
                    } catch (ConnectorException e) {
                        if (System.nanoTime() > deadline) {
                            throw e;
                        }
                        Thread.sleep(200);
                    }
                }
                assertThat(back.rowCount()).isEqualTo(2);
                assertThat(c.health(Duration.ofSeconds(5)).ok()).isTrue();
                assertThat(c.schemaFingerprint(PgSupport.ctx())).as("fingerprint across a server restart")
                        .isEqualTo(fingerprint);
            }
        }
    }
}
