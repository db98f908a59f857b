package dev.relay.masking;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters of one request: how many fields had at least one mask applied, and how many values of
 * each type were masked. Mutable and not thread-safe: use one per request (or per thread).
 */
public final class MaskStats {
    private int fieldsMasked;
    private final TreeMap<String, Long> byType = new TreeMap<>();

    /** Fields (string or number leaves, or whole values under a column rule) with at least one mask. */
    public int fieldsMasked() {
        return fieldsMasked;
    }

    /** Masked values per type ({@code cpf}, {@code email}, a custom pattern's name, ...), sorted by type. */
    public Map<String, Long> countsByType() {
        return Collections.unmodifiableMap(new TreeMap<>(byType));
    }

    /** Sum of {@link #countsByType()}. */
    public long totalMasks() {
        long total = 0;
        for (long n : byType.values()) {
            total += n;
        }
        return total;
    }

    /** Adds the counts of {@code other} to this one. */
    public void addAll(MaskStats other) {
        fieldsMasked += other.fieldsMasked;
        other.byType.forEach((type, n) -> byType.merge(type, n, Long::sum));
    }

    void fieldsMasked(int n) {
        fieldsMasked += n;
    }

    void count(String type, long n) {
        byType.merge(type, n, Long::sum);
    }

    @Override
    public String toString() {
        return "MaskStats[fieldsMasked=" + fieldsMasked + ", byType=" + byType + "]";
    }
}
