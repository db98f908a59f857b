package dev.relay.protocol;

import java.util.Objects;

/**
 * Carries a JSON-RPC error from a handler to whoever answers the request: the dispatcher (or the
 * runtime) turns it into a {@link Response.Failure} with {@link #error()}. Its message is the
 * error's code and message only, never its data.
 */
public class JsonRpcException extends RuntimeException {

    private final JsonRpcError error;

    public JsonRpcException(JsonRpcError error) {
        super(error.code() + " " + error.message(), null, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    public JsonRpcError error() {
        return error;
    }

    /** The response answering {@code id} with this error. */
    public Response.Failure toResponse(JsonRpcId id) {
        return new Response.Failure(id, error);
    }
}
