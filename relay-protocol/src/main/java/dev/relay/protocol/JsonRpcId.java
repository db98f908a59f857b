package dev.relay.protocol;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A JSON-RPC 2.0 request id: a string, a number or {@code null}. A request without an id is a
 * {@link Notification}, not a request with a null id.
 *
 * <p>Numbers keep the value they were read with ({@link BigDecimal}, scale included), so an id is
 * echoed as given: {@code 1} comes back as {@code 1}, {@code 1.50} as {@code 1.50}.
 */
public sealed interface JsonRpcId permits JsonRpcId.StringId, JsonRpcId.NumberId, JsonRpcId.NullId {

    /** The null id ({@code "id": null}), also used for errors whose request id could not be read. */
    NullId NULL = new NullId();

    static JsonRpcId of(String value) {
        return new StringId(value);
    }

    static JsonRpcId of(long value) {
        return new NumberId(BigDecimal.valueOf(value));
    }

    static JsonRpcId of(BigDecimal value) {
        return new NumberId(value);
    }

    /** The id as text: the string itself, the number's JSON text, or {@code "null"}. */
    String asText();

    /** A string id. */
    record StringId(String value) implements JsonRpcId {
        public StringId {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String asText() {
            return value;
        }

        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }

    /** A numeric id. Equality is {@link BigDecimal#equals}: {@code 1} and {@code 1.0} differ. */
    record NumberId(BigDecimal value) implements JsonRpcId {
        public NumberId {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String asText() {
            return value.toString();
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    /** The null id. Use {@link JsonRpcId#NULL}. */
    record NullId() implements JsonRpcId {
        @Override
        public String asText() {
            return "null";
        }

        @Override
        public String toString() {
            return "null";
        }
    }
}
