package dev.relay.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.connectors.postgres.ConnectorBackdoor;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.testkit.db.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Measures what "every statement read-only" costs per query, side by side on one connection each:
 * <ol>
 *   <li>{@code session}: autocommit on, the session default {@code default_transaction_read_only=on}
 *       only (one round trip; but no cursor, so no streaming);</li>
 *   <li>{@code driver-begin}: autocommit off with {@code setReadOnly(true)}: pgjdbc sends
 *       {@code BEGIN READ ONLY} in the same round trip as the statement, then a {@code ROLLBACK}
 *       (what the connector does: it needs the transaction anyway for cursor streaming);</li>
 *   <li>{@code explicit-begin}: autocommit on and explicit {@code BEGIN READ ONLY} / statement /
 *       {@code ROLLBACK}, three round trips;</li>
 *   <li>{@code connector}: the connector end to end (pool, transaction, value mapping).</li>
 * </ol>
 * Prints microseconds per query (median of rounds); asserts only that nothing is absurd, since the
 * numbers depend on the machine.
 */
class PostgresReadOnlyCostTest {

    private static final int ROUNDS = 3;
    private static final int PER_ROUND = 250;
    private static final String SQL = "SELECT id, email FROM users WHERE id = ?";

    @Test
    void measureReadOnlyTransactionCost() throws SQLException {
        PostgresFixture pg = PostgresFixture.shared();
        String db = pg.createDatabase("rocost");
        pg.executeIn(db, "CREATE TABLE users (id int PRIMARY KEY, email text)",
                "INSERT INTO users SELECT i, 'u' || i || '@example.com' FROM generate_series(1, 1000) i");
        Properties props = new Properties();
        props.setProperty("user", pg.user());
        props.setProperty("password", pg.password());
        props.setProperty("options", "-c default_transaction_read_only=on");
        List<Long> session = new ArrayList<>();
        List<Long> driverBegin = new ArrayList<>();
        List<Long> explicitBegin = new ArrayList<>();
        List<Long> connectorRuns = new ArrayList<>();
        try (Connection a = DriverManager.getConnection(pg.jdbcUrl(db), props);
                Connection b = DriverManager.getConnection(pg.jdbcUrl(db), props);
                Connection c = DriverManager.getConnection(pg.jdbcUrl(db), props);
                ResourceConnector connector = PgSupport.connector(pg, db)) {
            b.setAutoCommit(false);
            b.setReadOnly(true);
            for (int round = 0; round <= ROUNDS; round++) {
                long s = sessionDefault(a);
                long d = driverBegin(b);
                long e = explicitBegin(c);
                long k = connector(connector);
                if (round > 0) { // round 0 warms up
                    session.add(s);
                    driverBegin.add(d);
                    explicitBegin.add(e);
                    connectorRuns.add(k);
                }
            }
        }
        double sMed = median(session);
        double dMed = median(driverBegin);
        double eMed = median(explicitBegin);
        double kMed = median(connectorRuns);
        System.out.printf("read-only cost per point query (median of %d rounds x %d):%n", ROUNDS, PER_ROUND);
        System.out.printf("  session default only (autocommit)      %7.1f us%n", sMed);
        System.out.printf("  driver BEGIN READ ONLY + ROLLBACK      %7.1f us  (x%.2f)%n", dMed, dMed / sMed);
        System.out.printf("  explicit BEGIN READ ONLY; q; ROLLBACK  %7.1f us  (x%.2f)%n", eMed, eMed / sMed);
        System.out.printf("  connector end to end                   %7.1f us  (x%.2f)%n", kMed, kMed / sMed);
        assertThat(dMed).isLessThan(eMed * 1.5);
    }

    private static double median(List<Long> nanosPerRound) {
        List<Long> sorted = new ArrayList<>(nanosPerRound);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1000.0 / PER_ROUND;
    }

    private static long sessionDefault(Connection a) throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement ps = a.prepareStatement(SQL)) {
            for (int i = 0; i < PER_ROUND; i++) {
                ps.setInt(1, i % 1000 + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
        }
        return System.nanoTime() - start;
    }

    private static long driverBegin(Connection b) throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement ps = b.prepareStatement(SQL)) {
            for (int i = 0; i < PER_ROUND; i++) {
                ps.setInt(1, i % 1000 + 1);
                ps.setFetchSize(200);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                b.rollback();
            }
        }
        return System.nanoTime() - start;
    }

    private static long explicitBegin(Connection c) throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(SQL); Statement tx = c.createStatement()) {
            for (int i = 0; i < PER_ROUND; i++) {
                tx.execute("BEGIN READ ONLY");
                ps.setInt(1, i % 1000 + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                tx.execute("ROLLBACK");
            }
        }
        return System.nanoTime() - start;
    }

    private static long connector(ResourceConnector connector) {
        long start = System.nanoTime();
        for (int i = 0; i < PER_ROUND; i++) {
            ConnectorBackdoor.runUnchecked(connector, "SELECT id, email FROM users WHERE id = $1", List.of(i % 1000 + 1),
                    10, PgSupport.ctx());
        }
        return System.nanoTime() - start;
    }
}
