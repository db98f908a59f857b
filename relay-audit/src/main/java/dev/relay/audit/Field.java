package dev.relay.audit;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The fields of a record, in the order they are written on a line. The canonical form (see
 * docs/audit.md) orders them by name instead and leaves out {@link #HASH} and {@link #SIG}.
 */
enum Field {
    LEVEL("level"),
    TIME("time"),
    MSG("msg"),
    EVENT("event"),
    REQUEST_ID("requestId"),
    METHOD("method"),
    RESOURCE_ID("resourceId"),
    OPERATION("operation"),
    OUTCOME("outcome"),
    REASON("reason"),
    DETAIL("detail"),
    ROW_COUNT("rowCount"),
    CLAMPED("clamped"),
    MASKED_FIELD_COUNT("maskedFieldCount"),
    MASKED_BY_TYPE("maskedByType"),
    DURATION_MS("durationMs"),
    QUERY_FINGERPRINT("queryFingerprint"),
    PUBLIC_KEY("publicKey"),
    SEQ("seq"),
    PREV_HASH("prevHash"),
    KEY_ID("keyId"),
    HASH("hash"),
    SIG("sig");

    static final Field[] OUTPUT_ORDER = values();

    /** Sorted by name (UTF-16 code units, as RFC 8785), without hash and sig. */
    static final Field[] CANONICAL_ORDER = Arrays.stream(values())
            .filter(f -> f != HASH && f != SIG)
            .sorted(Comparator.comparing(f -> f.jsonName))
            .toArray(Field[]::new);

    final String jsonName;
    /** {@code "name":} ready to append. */
    final String prefix;

    Field(String jsonName) {
        this.jsonName = jsonName;
        this.prefix = '"' + jsonName + "\":";
    }
}
