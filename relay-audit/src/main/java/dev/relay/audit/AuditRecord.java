package dev.relay.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One audit record: what happened to one request, or one lifecycle event. Immutable; built with
 * {@link #request(String)}, {@link #lifecycle(AuditEvent)} or one of the shortcuts, and written
 * by {@link AuditLog#record(AuditRecord)}, which stamps {@code time} (unless set) and, when tamper
 * evidence is on, {@code seq}, {@code prevHash}, {@code hash} and {@code sig}.
 *
 * <p>A record holds no query text, literal, parameter or row value: the query is represented only
 * by its {@link QueryFingerprint}. Strings are capped ({@code detail} at
 * {@value #MAX_DETAIL_LENGTH} characters, others at {@value #MAX_TEXT_LENGTH}).
 */
public final class AuditRecord {

    /** Longest {@code detail} kept; longer text is cut and ends with {@code …}. */
    public static final int MAX_DETAIL_LENGTH = 512;
    /** Longest value kept for the other text fields. */
    public static final int MAX_TEXT_LENGTH = 128;

    /** The relay's methods; any other name is sender-chosen text and is not recorded. */
    private static final Set<String> METHODS = Set.of("execute", "list_resources", "describe_resource", "health_check");
    /** The operations; any other name is sender-chosen text and is not recorded. */
    private static final Set<String> OPERATIONS = Set.of("query", "list_tables", "describe_table", "explain");
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    final @Nullable Object[] values;

    private AuditRecord(@Nullable Object[] values) {
        this.values = values;
    }

    /** A record for a request; {@code requestId} may be null when the message had none. */
    public static Builder request(@Nullable String requestId) {
        return new Builder(AuditEvent.REQUEST).requestId(requestId);
    }

    /**
     * A record for a message that was not valid JSON-RPC ({@code reason} {@code PARSE_ERROR} or
     * {@code INVALID_REQUEST}). {@code detail} must describe the problem without quoting the
     * message.
     */
    public static Builder unparseable(String reason, String detail) {
        return new Builder(AuditEvent.REQUEST)
                .outcome(Outcome.REJECTED)
                .reason(reason)
                .detail(detail)
                .msg("Message rejected: not a valid JSON-RPC request");
    }

    /**
     * A record for a request naming a method the relay does not have. The method name itself is
     * not recorded: it is text chosen by the sender.
     */
    public static Builder unknownMethod(@Nullable String requestId) {
        return request(requestId)
                .outcome(Outcome.REJECTED)
                .reason("METHOD_NOT_FOUND")
                .detail("Method not found")
                .msg("Request rejected: unknown method");
    }

    /** A record for a request accepted but never answered because the connection closed. */
    public static Builder dropped(@Nullable String requestId) {
        return request(requestId)
                .outcome(Outcome.ERROR)
                .reason("CONNECTION_CLOSED")
                .detail("The connection closed before the reply could be sent")
                .msg("Request dropped: connection closed");
    }

    /** A lifecycle record (connected, disconnected, config reloaded, resource status, shutdown). */
    public static Builder lifecycle(AuditEvent event) {
        if (event == AuditEvent.REQUEST || event.isInternal()) {
            throw new IllegalArgumentException("event: " + event + " is not a lifecycle event callers may record");
        }
        return new Builder(event);
    }

    /** The connection to the control plane is up; {@code detail} may name the endpoint's host. */
    public static Builder connected(@Nullable String detail) {
        return lifecycle(AuditEvent.CONNECTED).msg("Connected to the control plane").detail(detail);
    }

    /** The connection is gone; {@code reason} is short and stable (e.g. {@code REMOTE_CLOSE}). */
    public static Builder disconnected(String reason, @Nullable String detail) {
        return lifecycle(AuditEvent.DISCONNECTED).level("warn").msg("Disconnected from the control plane")
                .reason(reason).detail(detail);
    }

    /** The configuration was reloaded ({@code accepted}) or a new file was refused. */
    public static Builder configReloaded(boolean accepted, @Nullable String detail) {
        Builder b = lifecycle(AuditEvent.CONFIG_RELOADED).detail(detail);
        return accepted
                ? b.outcome(Outcome.SUCCESS).msg("Configuration reloaded")
                : b.outcome(Outcome.REJECTED).level("warn").reason("INVALID_CONFIG").msg("New configuration refused; previous one kept");
    }

    /** A resource became reachable. */
    public static Builder resourceReachable(String resourceId) {
        return lifecycle(AuditEvent.RESOURCE_REACHABLE).resourceId(resourceId).msg("Resource reachable");
    }

    /** A resource became unreachable; {@code detail} must already be masked. */
    public static Builder resourceUnreachable(String resourceId, @Nullable String detail) {
        return lifecycle(AuditEvent.RESOURCE_UNREACHABLE).level("warn").resourceId(resourceId)
                .msg("Resource unreachable").detail(detail);
    }

    /** The relay is shutting down. */
    public static Builder shutdown(@Nullable String detail) {
        return lifecycle(AuditEvent.SHUTDOWN).msg("Relay shutting down").detail(detail);
    }

    static Builder internal(AuditEvent event) {
        return new Builder(event);
    }

    /** The record's event. */
    public AuditEvent event() {
        return AuditEvent.valueOf(((String) Objects.requireNonNull(values[Field.EVENT.ordinal()]))
                .toUpperCase(java.util.Locale.ROOT));
    }

    /** {@code info}, {@code warn} or {@code error}. */
    public String level() {
        return (String) Objects.requireNonNull(values[Field.LEVEL.ordinal()]);
    }

    public String msg() {
        return (String) Objects.requireNonNull(values[Field.MSG.ordinal()]);
    }

    public @Nullable String requestId() {
        return (String) values[Field.REQUEST_ID.ordinal()];
    }

    public @Nullable String resourceId() {
        return (String) values[Field.RESOURCE_ID.ordinal()];
    }

    public @Nullable String operation() {
        return (String) values[Field.OPERATION.ordinal()];
    }

    public @Nullable Outcome outcome() {
        String o = (String) values[Field.OUTCOME.ordinal()];
        return o == null ? null : Outcome.valueOf(o.toUpperCase(java.util.Locale.ROOT));
    }

    public @Nullable String reason() {
        return (String) values[Field.REASON.ordinal()];
    }

    public @Nullable String detail() {
        return (String) values[Field.DETAIL.ordinal()];
    }

    public @Nullable String queryFingerprint() {
        return (String) values[Field.QUERY_FINGERPRINT.ordinal()];
    }

    /** Lists the fields set; values are left out except event, outcome and reason. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AuditRecord[event=").append(values[Field.EVENT.ordinal()]);
        if (values[Field.OUTCOME.ordinal()] != null) {
            sb.append(", outcome=").append(values[Field.OUTCOME.ordinal()]);
        }
        if (values[Field.REASON.ordinal()] != null) {
            sb.append(", reason=").append(values[Field.REASON.ordinal()]);
        }
        sb.append(", fields=");
        String sep = "";
        for (Field f : Field.OUTPUT_ORDER) {
            if (values[f.ordinal()] != null) {
                sb.append(sep).append(f.jsonName);
                sep = ",";
            }
        }
        return sb.append(']').toString();
    }

    /** Builds an {@link AuditRecord}. Not thread-safe. Every setter accepts null to clear. */
    public static final class Builder {
        private final @Nullable Object[] values = new Object[Field.values().length];
        private final AuditEvent event;
        private boolean levelSet;
        private boolean msgSet;

        Builder(AuditEvent event) {
            this.event = event;
            values[Field.EVENT.ordinal()] = event.wireName();
        }

        /** {@code info}, {@code warn} or {@code error}; by default derived from the outcome. */
        public Builder level(@Nullable String level) {
            if (level != null && !level.equals("info") && !level.equals("warn") && !level.equals("error")) {
                throw new IllegalArgumentException("level: must be info, warn or error");
            }
            values[Field.LEVEL.ordinal()] = level;
            levelSet = level != null;
            return this;
        }

        /** Overrides the record's time; by default {@link AuditLog} stamps it from its clock. */
        public Builder time(@Nullable Instant time) {
            values[Field.TIME.ordinal()] = time;
            return this;
        }

        /** A short human message; by default derived from the event and outcome. */
        public Builder msg(@Nullable String msg) {
            values[Field.MSG.ordinal()] = text(msg, MAX_TEXT_LENGTH);
            msgSet = msg != null;
            return this;
        }

        public Builder requestId(@Nullable String requestId) {
            values[Field.REQUEST_ID.ordinal()] = text(requestId, MAX_TEXT_LENGTH);
            return this;
        }

        /**
         * The JSON-RPC method. Only the relay's own methods ({@code execute},
         * {@code list_resources}, {@code describe_resource}, {@code health_check}) are kept; any
         * other name is sender-chosen text and is left out.
         */
        public Builder method(@Nullable String method) {
            values[Field.METHOD.ordinal()] = method != null && METHODS.contains(method) ? method : null;
            return this;
        }

        public Builder resourceId(@Nullable String resourceId) {
            values[Field.RESOURCE_ID.ordinal()] = text(resourceId, MAX_TEXT_LENGTH);
            return this;
        }

        /**
         * The operation's wire name. Only {@code query}, {@code list_tables},
         * {@code describe_table} and {@code explain} are kept; any other name is sender-chosen
         * text and is left out.
         */
        public Builder operation(@Nullable String operation) {
            values[Field.OPERATION.ordinal()] = operation != null && OPERATIONS.contains(operation) ? operation : null;
            return this;
        }

        public Builder outcome(@Nullable Outcome outcome) {
            values[Field.OUTCOME.ordinal()] = outcome == null ? null : outcome.wireName();
            return this;
        }

        /** A stable reason code: the policy's or relay's reason ({@code QUERY_BLOCKED}…) or the JSON-RPC error name. */
        public Builder reason(@Nullable String reason) {
            values[Field.REASON.ordinal()] = text(reason, MAX_TEXT_LENGTH);
            return this;
        }

        /**
         * Why, in words (the policy's detail, a masked error message). Must hold no literal or row
         * value; {@link AuditLog} also passes it through its text filter (the runtime plugs the
         * masker in there).
         */
        public Builder detail(@Nullable String detail) {
            values[Field.DETAIL.ordinal()] = text(detail, MAX_DETAIL_LENGTH);
            return this;
        }

        public Builder rowCount(long rowCount) {
            values[Field.ROW_COUNT.ordinal()] = nonNegative("rowCount", rowCount);
            return this;
        }

        public Builder clamped(boolean clamped) {
            values[Field.CLAMPED.ordinal()] = clamped;
            return this;
        }

        public Builder maskedFieldCount(long count) {
            values[Field.MASKED_FIELD_COUNT.ordinal()] = nonNegative("maskedFieldCount", count);
            return this;
        }

        /** Masked values per detector type ({@code email → 3}); written with keys sorted. */
        public Builder maskedByType(@Nullable Map<String, ? extends Number> counts) {
            if (counts == null || counts.isEmpty()) {
                values[Field.MASKED_BY_TYPE.ordinal()] = null;
                return this;
            }
            TreeMap<String, Long> copy = new TreeMap<>();
            counts.forEach((type, n) -> {
                if (!TYPE_NAME.matcher(type).matches()) {
                    throw new IllegalArgumentException("maskedByType: type names are 1-64 of [A-Za-z0-9_.-]");
                }
                copy.put(type, nonNegative("maskedByType", n.longValue()));
            });
            values[Field.MASKED_BY_TYPE.ordinal()] = copy;
            return this;
        }

        public Builder durationMs(long durationMs) {
            values[Field.DURATION_MS.ordinal()] = nonNegative("durationMs", durationMs);
            return this;
        }

        /** From {@link QueryFingerprint}; never the query itself. */
        public Builder queryFingerprint(@Nullable String fingerprint) {
            if (fingerprint != null && !QueryFingerprint.isFingerprint(fingerprint)) {
                throw new IllegalArgumentException("queryFingerprint: not a fingerprint made by QueryFingerprint");
            }
            values[Field.QUERY_FINGERPRINT.ordinal()] = fingerprint;
            return this;
        }

        Builder set(Field field, @Nullable Object value) {
            values[field.ordinal()] = value;
            return this;
        }

        public AuditRecord build() {
            @Nullable Object[] v = values.clone();
            String outcome = (String) v[Field.OUTCOME.ordinal()];
            if (event == AuditEvent.REQUEST && outcome == null) {
                throw new IllegalStateException("outcome: required for a request record");
            }
            if (!levelSet) {
                v[Field.LEVEL.ordinal()] = defaultLevel(outcome);
            }
            if (!msgSet && v[Field.MSG.ordinal()] == null) {
                v[Field.MSG.ordinal()] = defaultMsg(event, outcome);
            }
            return new AuditRecord(v);
        }

        private static String defaultLevel(@Nullable String outcome) {
            if (outcome == null || outcome.equals("success")) {
                return "info";
            }
            return outcome.equals("error") ? "error" : "warn";
        }

        private static String defaultMsg(AuditEvent event, @Nullable String outcome) {
            if (event != AuditEvent.REQUEST) {
                return event.wireName().replace('_', ' ');
            }
            switch (Objects.requireNonNull(outcome)) {
                case "success": return "Request completed";
                case "rejected": return "Request rejected";
                case "timeout": return "Request timed out";
                default: return "Request failed";
            }
        }
    }

    private static Long nonNegative(String field, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(field + ": must not be negative");
        }
        return n;
    }

    /** Caps the length and replaces unpaired surrogates, so every string encodes to UTF-8 exactly. */
    static @Nullable String text(@Nullable String s, int max) {
        if (s == null) {
            return null;
        }
        String t = s;
        boolean clean = true;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < t.length() && Character.isLowSurrogate(t.charAt(i + 1));
                if (paired) {
                    i++;
                } else {
                    clean = false;
                    break;
                }
            }
        }
        if (!clean) {
            StringBuilder sb = new StringBuilder(t.length());
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < t.length() && Character.isLowSurrogate(t.charAt(i + 1))) {
                    sb.append(c).append(t.charAt(++i));
                } else if (Character.isSurrogate(c)) {
                    sb.append('\uFFFD');
                } else {
                    sb.append(c);
                }
            }
            t = sb.toString();
        }
        if (t.length() > max) {
            int cut = max - 1;
            if (Character.isHighSurrogate(t.charAt(cut - 1))) {
                cut--;
            }
            t = t.substring(0, cut) + '…';
        }
        return t;
    }
}
