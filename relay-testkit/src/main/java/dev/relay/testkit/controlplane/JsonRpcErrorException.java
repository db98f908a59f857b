package dev.relay.testkit.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A relay answered a request with a JSON-RPC error. The message holds the code and the relay's
 * {@code data.reason} only; the full error object is available from {@link #error()}.
 */
public final class JsonRpcErrorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient JsonNode error;

  public JsonRpcErrorException(JsonNode error) {
    super("JSON-RPC error " + error.path("code").asInt() + reasonOf(error));
    this.error = error;
  }

  private static String reasonOf(JsonNode error) {
    JsonNode reason = error.path("data").path("reason");
    return reason.isTextual() ? " (" + reason.asText() + ")" : "";
  }

  /** The {@code error} member of the response: {@code code}, {@code message}, optional {@code data}. */
  public JsonNode error() {
    return error;
  }

  /** The error code, e.g. {@code -32003}. */
  public int code() {
    return error.path("code").asInt();
  }

  /** The relay's {@code data.reason} (e.g. {@code QUERY_BLOCKED}), or {@code null}. */
  public @Nullable String reason() {
    JsonNode reason = error.path("data").path("reason");
    return reason.isTextual() ? reason.asText() : null;
  }
}
