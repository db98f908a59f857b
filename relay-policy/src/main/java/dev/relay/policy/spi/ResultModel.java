package dev.relay.policy.spi;

/**
 * Marker for the documentation of result values. Every value a connector returns in a row,
 * a document, a plan or a description is a <em>JSON-compatible Java value</em>:
 * {@code null}, {@link Boolean}, {@link Integer}, {@link Long} (only within ±2^53; larger
 * integers as {@link String}), {@link Double}, {@link String} (also for {@code numeric},
 * timestamps in ISO-8601, {@code uuid}, base64 {@code bytea}), {@link java.util.List} of such
 * values, or {@link java.util.Map}{@code <String, Object>} of such values (insertion ordered).
 * Masking and the protocol codec accept exactly these types.
 */
public final class ResultModel {
    private ResultModel() {
    }
}
