package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code error} member of a failed response.
 *
 * @param data absent (null) unless the error carries more; never a stack trace
 */
public record JsonRpcError(int code, String message, @Nullable JsonNode data) {

    public JsonRpcError {
        Objects.requireNonNull(message, "message");
    }

    /** The standard error with the specification's message and no data. */
    public static JsonRpcError of(ErrorCode code) {
        return new JsonRpcError(code.code(), code.message(), null);
    }

    /** A standard error with {@code data: {"detail": ...}}. The detail must hold no payload. */
    public static JsonRpcError of(ErrorCode code, String detail) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("detail", detail);
        return new JsonRpcError(code.code(), code.message(), data);
    }

    /**
     * {@code -32602} naming the parameter at fault: {@code data: {"param": ..., "detail": ...}}.
     *
     * @param param the dotted path of the parameter ({@code "resourceId"}, {@code "pipeline[2]"})
     * @param detail what is wrong, without the value ({@code "is required"})
     */
    public static JsonRpcError invalidParams(String param, String detail) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("param", param);
        data.put("detail", detail);
        return new JsonRpcError(ErrorCode.INVALID_PARAMS.code(), ErrorCode.INVALID_PARAMS.message(), data);
    }

    /**
     * The relay's own error: {@code {"code": reason.code(), "message": reason.message(), "data":
     * {"reason", "detail", "requestId"}}}. The detail must already be masked and hold no row
     * value or secret.
     */
    public static JsonRpcError relay(RelayReason reason, String detail, @Nullable String requestId) {
        return relay(reason, reason.message(), detail, requestId);
    }

    /** As {@link #relay(RelayReason, String, String)} with a custom message. */
    public static JsonRpcError relay(RelayReason reason, String message, String detail, @Nullable String requestId) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("reason", reason.name());
        data.put("detail", detail);
        if (requestId != null) {
            data.put("requestId", requestId);
        } else {
            data.putNull("requestId");
        }
        return new JsonRpcError(reason.code(), message, data);
    }

    /** The standard code, when this is one. */
    public Optional<ErrorCode> errorCode() {
        return ErrorCode.fromCode(code);
    }

    /** The relay reason, when this is a relay error whose {@code data.reason} names one. */
    public Optional<RelayReason> relayReason() {
        if (data == null || !data.path("reason").isTextual()) {
            return Optional.empty();
        }
        return RelayReason.fromName(data.path("reason").asText()).filter(r -> r.code() == code);
    }

    /** {@code data.detail} when it is a string. */
    public Optional<String> detail() {
        return data != null && data.path("detail").isTextual() ? Optional.of(data.path("detail").asText()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "JsonRpcError[code=" + code + ", message=" + message + ", data=" + (data == null ? "none" : "<redacted>") + "]";
    }
}
