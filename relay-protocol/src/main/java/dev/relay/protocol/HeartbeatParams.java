package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The params of the {@code heartbeat} notification the relay sends every 30 s (configurable).
 */
public record HeartbeatParams(String relayId, String version, long uptimeSeconds, Stats stats) implements WireObject {

    /**
     * The relay's counters since it started.
     *
     * @param connectedSince when the current control-plane connection was established (ISO-8601
     *     UTC on the wire), null when not connected
     */
    public record Stats(long requestsTotal, long requestsRejected, long requestsFailed, int inFlight, long reconnects,
            @Nullable Instant connectedSince) implements WireObject {

        @Override
        public Map<String, @Nullable Object> toWire() {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            m.put("requestsTotal", requestsTotal);
            m.put("requestsRejected", requestsRejected);
            m.put("requestsFailed", requestsFailed);
            m.put("inFlight", inFlight);
            m.put("reconnects", reconnects);
            m.put("connectedSince", connectedSince == null ? null : connectedSince.toString());
            return m;
        }

        static Stats read(ParamReader r) {
            long total = r.requiredLong("requestsTotal", 0, Long.MAX_VALUE);
            long rejected = r.requiredLong("requestsRejected", 0, Long.MAX_VALUE);
            long failed = r.requiredLong("requestsFailed", 0, Long.MAX_VALUE);
            int inFlight = r.requiredInt("inFlight", 0, Integer.MAX_VALUE);
            long reconnects = r.requiredLong("reconnects", 0, Long.MAX_VALUE);
            String since = r.optionalString("connectedSince");
            Instant connectedSince = null;
            if (since != null) {
                try {
                    connectedSince = Instant.parse(since);
                } catch (DateTimeParseException e) {
                    throw new InvalidParamsException(r.path("connectedSince"), "must be an ISO-8601 instant");
                }
            }
            r.rejectUnknown();
            return new Stats(total, rejected, failed, inFlight, reconnects, connectedSince);
        }
    }

    public HeartbeatParams {
        Objects.requireNonNull(relayId, "relayId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stats, "stats");
    }

    @Override
    public Map<String, @Nullable Object> toWire() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("relayId", relayId);
        m.put("version", version);
        m.put("uptimeSeconds", uptimeSeconds);
        m.put("stats", stats.toWire());
        return m;
    }

    /** The notification carrying these params. */
    public Notification toNotification() {
        return Notification.of(RelayMethods.HEARTBEAT, this);
    }

    /** @throws InvalidParamsException naming the param at fault */
    public static HeartbeatParams from(@Nullable JsonNode params) {
        ParamReader r = ParamReader.of(params, "params");
        String relayId = r.requiredString("relayId");
        String version = r.requiredString("version");
        long uptime = r.requiredLong("uptimeSeconds", 0, Long.MAX_VALUE);
        Stats stats = Stats.read(r.requiredNested("stats"));
        r.rejectUnknown();
        return new HeartbeatParams(relayId, version, uptime, stats);
    }
}
