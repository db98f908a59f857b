package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The params of {@code health_check}: an optional {@code resourceId}; without it (or without
 * params at all) every resource is probed.
 */
public record HealthCheckParams(@Nullable String resourceId) implements WireObject {

    /** Probe every resource. */
    public static final HealthCheckParams ALL = new HealthCheckParams(null);

    @Override
    public Map<String, @Nullable Object> toWire() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        ExecuteParams.putIfPresent(m, "resourceId", resourceId);
        return m;
    }

    /** @throws InvalidParamsException naming the param at fault */
    public static HealthCheckParams from(@Nullable JsonNode params) {
        if (params == null || params.isNull() || (params.isArray() && params.isEmpty())) {
            return ALL;
        }
        ParamReader r = ParamReader.of(params, "params");
        HealthCheckParams p = new HealthCheckParams(r.optionalString("resourceId"));
        r.rejectUnknown();
        return p;
    }
}
