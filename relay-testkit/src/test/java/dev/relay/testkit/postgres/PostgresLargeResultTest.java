package dev.relay.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.connectors.postgres.ConnectorBackdoor;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.policy.spi.TruncatedBy;
import dev.relay.testkit.db.PostgresFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 100,000-row table of ~700-byte rows (about 70 MB): clamped by rows and by bytes while the heap
 * grows by a bounded amount, because rows stream through a cursor and reading stops at the cap.
 */
class PostgresLargeResultTest {

    private static final int ROWS = 100_000;
    private static final PostgresFixture PG = PostgresFixture.shared();
    private static ResourceConnector connector;

    @BeforeAll
    static void setUp() {
        String db = PG.createDatabase("large");
        PG.executeIn(db, "CREATE UNLOGGED TABLE wide (id int PRIMARY KEY, a text, b text, c text, d text, e text,"
                + " created_at timestamptz, doc jsonb)",
                "INSERT INTO wide SELECT i, repeat(md5(i::text), 4), repeat(md5((i + 1)::text), 4),"
                        + " repeat(md5((i + 2)::text), 4), repeat(md5((i + 3)::text), 4), repeat(md5((i + 4)::text), 4),"
                        + " now(), jsonb_build_object('i', i, 'tag', md5(i::text))"
                        + " FROM generate_series(1, " + ROWS + ") AS i",
                "ANALYZE wide");
        connector = PgSupport.connector(PG, db);
    }

    @AfterAll
    static void tearDown() {
        connector.close();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void approvedQueryOverTheWholeTableIsClampedByRowsWithBoundedHeap() {
        long before = usedHeap();
        long start = System.nanoTime();
        QueryResult result = connector.query(PgPolicy.query(1000, "SELECT * FROM wide"), PgSupport.ctx());
        long ms = (System.nanoTime() - start) / 1_000_000;
        long growth = usedHeap() - before;
        System.out.printf("rows clamp: %d of %d rows in %d ms, heap growth %.1f MiB%n", result.rowCount(), ROWS, ms,
                growth / 1048576.0);
        assertThat(result.rowCount()).isEqualTo(1000);
        assertThat(result.clamped()).isTrue();
        assertThat(result.truncatedBy()).isEqualTo(TruncatedBy.ROWS);
        assertThat(growth).isLessThan(32L << 20);
    }

    @Test
    void withoutALimitTheDriverCapAndTheByteBudgetStopReadingEarly() {
        long before = usedHeap();
        long start = System.nanoTime();
        // straight to the connector with no LIMIT: only the driver-level cap and the byte budget hold it
        QueryResult result = ConnectorBackdoor.runUnchecked(connector, "SELECT * FROM wide ORDER BY id", List.of(), ROWS,
                new QueryContext("big", Duration.ofSeconds(30), 4L << 20));
        long ms = (System.nanoTime() - start) / 1_000_000;
        long growth = usedHeap() - before;
        System.out.printf("bytes clamp: %d of %d rows in %d ms under a 4 MiB budget, heap growth %.1f MiB%n",
                result.rowCount(), ROWS, ms, growth / 1048576.0);
        assertThat(result.clamped()).isTrue();
        assertThat(result.truncatedBy()).isEqualTo(TruncatedBy.BYTES);
        assertThat(result.rowCount()).isBetween(3000, 6000);
        assertThat(growth).isLessThan(48L << 20);
        List<?> last = ((QueryResult.Rows) result).rows().get(result.rowCount() - 1);
        assertThat(last.get(0)).isEqualTo(result.rowCount());
    }

    @Test
    void driverCapAloneStopsAtMaxRowsPlusOne() {
        QueryResult result = ConnectorBackdoor.runUnchecked(connector, "SELECT id FROM wide", List.of(), 2500,
                PgSupport.ctx());
        assertThat(result.rowCount()).isEqualTo(2500);
        assertThat(result.truncatedBy()).isEqualTo(TruncatedBy.ROWS);
    }
}
