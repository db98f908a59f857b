package dev.relay.protocol;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A typed params or result object of this package. {@link #toWire()} gives its JSON form as
 * JSON-compatible Java values (insertion-ordered maps, lists, scalars) without copying the
 * payload it holds; the codec writes that form. Each implementation also has a static
 * {@code from(JsonNode)} that reads it back.
 */
public interface WireObject {

    /** The JSON object this value is written as. */
    Map<String, @Nullable Object> toWire();
}
