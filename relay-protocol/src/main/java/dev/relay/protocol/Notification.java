package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A notification: a request without an id. It is never answered, not even with an error.
 *
 * @param params an object or an array; null when the notification had no {@code params} member
 */
public record Notification(String method, @Nullable JsonNode params) implements Message {

    public Notification {
        Objects.requireNonNull(method, "method");
        Params.requireStructured(params);
    }

    /** A notification whose params are built from JSON-compatible Java values. */
    public static Notification of(String method, @Nullable Object params) {
        return new Notification(method, Params.toNode(params));
    }

    @Override
    public String toString() {
        return "Notification[method=" + method + ", params=" + Params.redacted(params) + "]";
    }
}
