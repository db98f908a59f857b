package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request: it has an id and expects exactly one {@link Response}.
 *
 * @param params an object or an array; null when the request had no {@code params} member
 */
public record Request(JsonRpcId id, String method, @Nullable JsonNode params) implements Message {

    public Request {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(method, "method");
        Params.requireStructured(params);
    }

    /** A request whose params are built from JSON-compatible Java values (maps, lists, scalars). */
    public static Request of(JsonRpcId id, String method, @Nullable Object params) {
        return new Request(id, method, Params.toNode(params));
    }

    @Override
    public String toString() {
        return "Request[id=" + id + ", method=" + method + ", params=" + Params.redacted(params) + "]";
    }
}
