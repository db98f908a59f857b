package dev.relay.protocol;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The relay's own error, as carried by a {@link JsonRpcError}: {@code {"code": reason.code(),
 * "message": ..., "data": {"reason", "detail", "requestId"}}}. The detail is masked and never
 * holds a row value or a secret.
 */
public record RelayError(RelayReason reason, String message, String detail, @Nullable String requestId) {

    public RelayError {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(detail, "detail");
    }

    /** With the reason's standard message. */
    public static RelayError of(RelayReason reason, String detail, @Nullable String requestId) {
        return new RelayError(reason, reason.message(), detail, requestId);
    }

    public JsonRpcError toError() {
        return JsonRpcError.relay(reason, message, detail, requestId);
    }

    /** The exception carrying this error (for handlers run by {@link JsonRpcDispatcher}). */
    public JsonRpcException toException() {
        return new JsonRpcException(toError());
    }

    /** Reads a relay error; empty when {@code error} is not one (code and data.reason must agree). */
    public static Optional<RelayError> from(JsonRpcError error) {
        Optional<RelayReason> reason = error.relayReason();
        if (reason.isEmpty() || error.data() == null) {
            return Optional.empty();
        }
        var data = error.data();
        String detail = data.path("detail").isTextual() ? data.path("detail").textValue() : "";
        String requestId = data.path("requestId").isTextual() ? data.path("requestId").textValue() : null;
        return Optional.of(new RelayError(reason.get(), error.message(), detail, requestId));
    }

    @Override
    public String toString() {
        return "RelayError[reason=" + reason + ", requestId=" + requestId + ", detail=<redacted>]";
    }
}
