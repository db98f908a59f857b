package dev.relay.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Later cursor fetches are sized by bytes: ~4 MiB of estimated size, never past the budget left. */
class FetchSizeTest {

    @Test
    void narrowRowsFetchManyAtOnceUpToTheRowCeiling() {
        // 1,000 rows of ~180 bytes read, a large budget left: 4 MiB / 180 B
        assertThat(PostgresConnector.nextFetchSize(1000, 180_000, 256L << 20)).isEqualTo((int) ((4L << 20) / 180 + 1));
        // 1-byte rows would ask for millions: capped
        assertThat(PostgresConnector.nextFetchSize(1000, 1000, 256L << 20)).isEqualTo(PostgresConnector.MAX_FETCH_ROWS);
    }

    @Test
    void wideRowsFetchFew() {
        // 1 MiB rows: four of them make 4 MiB, plus the one that may cross the budget
        assertThat(PostgresConnector.nextFetchSize(10, 10L << 20, 256L << 20)).isEqualTo(5);
    }

    @Test
    void neverMuchPastWhatTheByteBudgetHasLeft() {
        // 700-byte rows, 70 KB of budget left: 100 rows + 1
        assertThat(PostgresConnector.nextFetchSize(1000, 700_000, 70_000)).isEqualTo(101);
        // budget spent: one row (reading stops there anyway)
        assertThat(PostgresConnector.nextFetchSize(1000, 700_000, 0)).isEqualTo(1);
        assertThat(PostgresConnector.nextFetchSize(1000, 700_000, -5)).isEqualTo(1);
    }
}
