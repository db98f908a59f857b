package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The result of {@code health_check}: {@code {"resources": [{"id", "status", ...}]}}. */
public record HealthCheckResult(List<ResourceHealth> resources) implements WireObject {

    /** {@code ok} or {@code error} on the wire. */
    public enum Status {
        OK,
        ERROR;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One resource's probe.
     *
     * @param connect whether the server could be reached
     * @param auth whether the credentials were accepted (false when not reached)
     * @param error a masked message telling what failed; null when healthy
     */
    public record ResourceHealth(String id, Status status, boolean connect, boolean auth, long latencyMs,
            @Nullable String error) implements WireObject {
        public ResourceHealth {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(status, "status");
        }

        @Override
        public Map<String, @Nullable Object> toWire() {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("status", status.wireName());
            m.put("connect", connect);
            m.put("auth", auth);
            m.put("latencyMs", latencyMs);
            m.put("error", error);
            return m;
        }

        static ResourceHealth read(ParamReader r) {
            String id = r.requiredString("id");
            String s = r.requiredString("status");
            Status status = switch (s) {
                case "ok" -> Status.OK;
                case "error" -> Status.ERROR;
                default -> throw new InvalidParamsException(r.path("status"), "must be ok or error");
            };
            ResourceHealth h = new ResourceHealth(id, status, r.requiredBoolean("connect"), r.requiredBoolean("auth"),
                    r.requiredLong("latencyMs", 0, Long.MAX_VALUE), r.optionalText("error"));
            r.rejectUnknown();
            return h;
        }
    }

    public HealthCheckResult {
        resources = List.copyOf(resources);
    }

    @Override
    public Map<String, @Nullable Object> toWire() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("resources", TableSchema.wire(resources));
        return m;
    }

    /** @throws InvalidParamsException naming the member at fault */
    public static HealthCheckResult from(JsonNode result) {
        ParamReader r = ParamReader.of(result, "result");
        List<ResourceHealth> list = new ArrayList<>();
        for (ParamReader e : r.objectList("resources", true)) {
            list.add(ResourceHealth.read(e));
        }
        r.rejectUnknown();
        return new HealthCheckResult(list);
    }
}
