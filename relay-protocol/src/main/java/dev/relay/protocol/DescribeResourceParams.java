package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The params of {@code describe_resource}: {@code {"resourceId": "main-pg"}}. */
public record DescribeResourceParams(String resourceId) implements WireObject {

    public DescribeResourceParams {
        Objects.requireNonNull(resourceId, "resourceId");
    }

    @Override
    public Map<String, @Nullable Object> toWire() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("resourceId", resourceId);
        return m;
    }

    /** @throws InvalidParamsException naming the param at fault */
    public static DescribeResourceParams from(@Nullable JsonNode params) {
        ParamReader r = ParamReader.of(params, "params");
        DescribeResourceParams p = new DescribeResourceParams(r.requiredString("resourceId"));
        r.rejectUnknown();
        return p;
    }
}
