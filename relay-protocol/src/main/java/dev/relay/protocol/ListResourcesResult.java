package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The result of {@code list_resources}: {@code {"resources": [...]}}. */
public record ListResourcesResult(List<ResourceInfo> resources) implements WireObject {

    public ListResourcesResult {
        resources = List.copyOf(resources);
    }

    @Override
    public Map<String, @Nullable Object> toWire() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("resources", TableSchema.wire(resources));
        return m;
    }

    /** @throws InvalidParamsException naming the member at fault */
    public static ListResourcesResult from(JsonNode result) {
        ParamReader r = ParamReader.of(result, "result");
        List<ResourceInfo> list = ResourceInfo.readList(r, "resources");
        r.rejectUnknown();
        return new ListResourcesResult(list);
    }
}
