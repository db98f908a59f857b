package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The answer to a {@link Request}: a {@link Success} or a {@link Failure}. */
public sealed interface Response extends Message permits Response.Success, Response.Failure {

    /** The id of the request answered; {@link JsonRpcId#NULL} when it could not be read. */
    JsonRpcId id();

    /**
     * A successful response.
     *
     * @param result any JSON value; results built from Java values (see {@link #success}) are held
     *     unconverted and written by the codec
     */
    record Success(JsonRpcId id, JsonNode result) implements Response {
        public Success {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(result, "result");
        }

        @Override
        public String toString() {
            return "Success[id=" + id + ", result=<redacted>]";
        }
    }

    /** An error response. */
    record Failure(JsonRpcId id, JsonRpcError error) implements Response {
        public Failure {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String toString() {
            return "Failure[id=" + id + ", error=" + error + "]";
        }
    }

    /**
     * A success whose result is a JSON-compatible Java value ({@code null}, {@link Boolean},
     * numbers, {@link String}, {@link java.util.List}, {@link java.util.Map}), a {@link JsonNode},
     * or a typed result of this package ({@link WireObject}). The value is not copied; the codec
     * writes it, and answers {@code -32603} instead if it holds anything else.
     */
    static Success success(JsonRpcId id, @Nullable Object result) {
        return new Success(id, Params.toResultNode(result));
    }

    static Failure failure(JsonRpcId id, JsonRpcError error) {
        return new Failure(id, error);
    }

    static Failure failure(JsonRpcId id, ErrorCode code) {
        return new Failure(id, JsonRpcError.of(code));
    }
}
