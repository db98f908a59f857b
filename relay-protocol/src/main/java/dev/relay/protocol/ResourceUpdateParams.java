package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The params of the {@code resource_update} notification, sent on every connect and whenever a
 * resource becomes reachable or unreachable or its schema fingerprint changes: the same list as
 * {@code list_resources}.
 */
public record ResourceUpdateParams(List<ResourceInfo> resources) implements WireObject {

    public ResourceUpdateParams {
        resources = List.copyOf(resources);
    }

    @Override
    public Map<String, @Nullable Object> toWire() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("resources", TableSchema.wire(resources));
        return m;
    }

    /** The notification carrying these params. */
    public Notification toNotification() {
        return Notification.of(RelayMethods.RESOURCE_UPDATE, this);
    }

    /** @throws InvalidParamsException naming the param at fault */
    public static ResourceUpdateParams from(@Nullable JsonNode params) {
        ParamReader r = ParamReader.of(params, "params");
        List<ResourceInfo> list = ResourceInfo.readList(r, "resources");
        r.rejectUnknown();
        return new ResourceUpdateParams(list);
    }
}
