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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Measures what "every statement read-only" costs per query, side by side and interleaved (one
 * query of each variant in turn, so load spikes on a shared machine hit all of them alike), and
 * reports the median per variant:
 * <ol>
 *   <li>{@code session default only}: autocommit on, {@code default_transaction_read_only=on} as the
 *       only guard (one round trip, but no cursor: no streaming);</li>
 *   <li>{@code driver BEGIN READ ONLY}: autocommit off with {@code setReadOnly(true)}: pgjdbc sends
 *       {@code BEGIN READ ONLY} in the same round trip as the statement, then {@code ROLLBACK}
 *       (what the connector does; it needs the transaction anyway for cursor streaming);</li>
 *   <li>{@code driver BEGIN}: the same without {@code setReadOnly}: what READ ONLY itself adds;</li>
 *   <li>{@code explicit BEGIN READ ONLY}: three statements, three round trips;</li>
 *   <li>{@code driver BEGIN READ ONLY, pipelined ROLLBACK}: the statement text followed by
 *       {@code ;ROLLBACK}: pgjdbc sends {@code BEGIN READ ONLY}, the statement and the
 *       {@code ROLLBACK} before one {@code Sync}: one round trip, transaction kept (what the
 *       connector does when the row cap fits in one fetch);</li>
 *   <li>{@code connector}: the connector end to end (pool, transaction, value mapping), with a row
 *       cap within {@code fetchSize} (one round trip) and above it (cursor: two round trips).</li>
 * </ol>
 */
class PostgresReadOnlyCostTest {

    private static final int ITERATIONS = 1000;
    private static final int WARMUP = 200;
    private static final String SQL = "SELECT id, email FROM users WHERE id = ?";

    @FunctionalInterface
    private interface Query {
        void run(int id) throws SQLException;
    }

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
        try (Connection a = DriverManager.getConnection(pg.jdbcUrl(db), props);
                Connection b = DriverManager.getConnection(pg.jdbcUrl(db), props);
                Connection p = DriverManager.getConnection(pg.jdbcUrl(db), props);
                Connection c = DriverManager.getConnection(pg.jdbcUrl(db), props);
                Connection d = DriverManager.getConnection(pg.jdbcUrl(db), props);
                PreparedStatement psA = a.prepareStatement(SQL);
                PreparedStatement psB = b.prepareStatement(SQL);
                PreparedStatement psP = p.prepareStatement(SQL);
                PreparedStatement psC = c.prepareStatement(SQL);
                PreparedStatement psD = d.prepareStatement(SQL + "\n;ROLLBACK");
                Statement txC = c.createStatement();
                ResourceConnector connector = PgSupport.connector(pg, db)) {
            b.setAutoCommit(false);
            b.setReadOnly(true);
            p.setAutoCommit(false);
            psB.setFetchSize(200);
            psP.setFetchSize(200);
            d.setAutoCommit(false);
            d.setReadOnly(true);
            Map<String, Query> variants = new LinkedHashMap<>();
            variants.put("session default only (autocommit)    ", id -> point(psA, id));
            variants.put("driver BEGIN READ ONLY + ROLLBACK    ", id -> {
                point(psB, id);
                b.rollback();
            });
            variants.put("driver BEGIN (no READ ONLY) + ROLLBACK", id -> {
                point(psP, id);
                p.rollback();
            });
            variants.put("explicit BEGIN READ ONLY; q; ROLLBACK", id -> {
                txC.execute("BEGIN READ ONLY");
                point(psC, id);
                txC.execute("ROLLBACK");
            });
            variants.put("driver BEGIN READ ONLY, pipelined ROLLBACK", id -> {
                psD.setInt(1, id);
                psD.execute();
                try (ResultSet rs = psD.getResultSet()) {
                    rs.next();
                }
                d.rollback(); // a no-op: the transaction already ended in the same round trip
            });
            variants.put("connector, row cap within fetchSize   ", id -> ConnectorBackdoor.runUnchecked(connector,
                    "SELECT id, email FROM users WHERE id = $1", List.of(id), 10, PgSupport.ctx()));
            variants.put("connector, row cap above (cursor)     ", id -> ConnectorBackdoor.runUnchecked(connector,
                    "SELECT id, email FROM users WHERE id = $1", List.of(id), 5000, PgSupport.ctx()));
            long[][] nanos = new long[variants.size()][ITERATIONS];
            List<Query> queries = List.copyOf(variants.values());
            for (int i = -WARMUP; i < ITERATIONS; i++) {
                for (int v = 0; v < queries.size(); v++) {
                    long start = System.nanoTime();
                    queries.get(v).run(Math.floorMod(i, 1000) + 1);
                    if (i >= 0) {
                        nanos[v][i] = System.nanoTime() - start;
                    }
                }
            }
            double base = median(nanos[0]);
            System.out.printf("read-only cost per point query (median of %d interleaved runs):%n", ITERATIONS);
            int v = 0;
            for (String name : variants.keySet()) {
                double m = median(nanos[v++]);
                System.out.printf("  %s %7.1f us  x%.2f%n", name, m, m / base);
            }
            // numbers depend on the machine and its load: printed, not asserted beyond sanity
            assertThat(median(nanos[1])).isPositive();
        }
    }

    private static void point(PreparedStatement ps, int id) throws SQLException {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1000.0;
    }
}
