package dev.relay.connectors.postgres;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The byte budget of one result ({@code maxResponseBytes}): admits rows while their estimated
 * serialised size ({@link PgValues#estimateSize}, plus a separator per value and brackets per row)
 * fits, exactly as summing that estimate row by row would, without reading every character of
 * every string while the budget is far away.
 *
 * <p>A string's estimate lies between {@code 2 + length} (printable ASCII) and
 * {@code 2 + 6 × length} (every character escaped). While the sum of the upper bounds fits the
 * budget, no row can be refused, so strings are only measured by their length. When a row's upper
 * bound would cross the budget, the exact estimate of every row admitted so far is summed once,
 * and from then on every row is measured exactly: the rows admitted and the row refused are the
 * ones the exact sum gives. The lower bounds, exact for ASCII text, size the cursor's fetches
 * meanwhile.
 *
 * <p>Not thread-safe; one per result.
 */
final class RowBudget {

    private final long maxBytes;
    private final long headerBytes;
    private final List<? extends List<? extends @Nullable Object>> admitted;
    private boolean exact;
    /** Exact estimate of the header and rows admitted once {@link #exact}; before that, an upper bound. */
    private long bytes;
    /** A lower bound of the same, while not {@link #exact}. */
    private long lowBytes;

    /**
     * @param admitted the rows admitted so far, as the caller keeps them (read back once, when the
     *     budget gets close)
     */
    RowBudget(long headerBytes, long maxBytes, List<? extends List<? extends @Nullable Object>> admitted) {
        this.headerBytes = headerBytes;
        this.maxBytes = maxBytes;
        this.admitted = admitted;
        this.bytes = headerBytes;
        this.lowBytes = headerBytes;
    }

    /** Counts {@code row} and returns true when it fits; else returns false and counts nothing. */
    boolean admit(@Nullable Object[] row) {
        if (!exact) {
            long high = 2;
            long low = 2;
            for (Object v : row) {
                if (v instanceof String s) {
                    low += 3L + s.length();
                    high += 3L + 6L * s.length();
                } else {
                    long size = PgValues.estimateSize(v) + 1;
                    low += size;
                    high += size;
                }
            }
            if (bytes + high <= maxBytes) {
                bytes += high;
                lowBytes += low;
                return true;
            }
            exact = true;
            bytes = headerBytes;
            for (List<? extends @Nullable Object> r : admitted) {
                bytes += rowSize(r);
            }
        }
        long size = rowSize(Arrays.asList(row));
        if (bytes + size > maxBytes) {
            return false;
        }
        bytes += size;
        return true;
    }

    /** Estimated size of the rows admitted (exact for ASCII text, else at least a lower bound), for sizing fetches. */
    long rowBytes() {
        return (exact ? bytes : lowBytes) - headerBytes;
    }

    /** What the budget has left by the same estimate, for sizing fetches. */
    long budgetLeft() {
        return maxBytes - (exact ? bytes : lowBytes);
    }

    /** Whether strings are measured exactly now (the budget got close); for tests. */
    boolean exact() {
        return exact;
    }

    /** The exact estimate of one row: brackets, and each value with its separator. */
    static long rowSize(List<? extends @Nullable Object> row) {
        long size = 2;
        for (Object v : row) {
            size += PgValues.estimateSize(v) + 1;
        }
        return size;
    }
}
