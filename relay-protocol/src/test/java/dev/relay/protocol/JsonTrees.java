package dev.relay.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Compares JSON texts as trees, member order aside; batch replies must keep the order of the input. */
final class JsonTrees {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonTrees() {
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static void assertSameReply(Optional<String> actual, String expected, String context) {
        if (expected == null) {
            assertThat(actual).as(context + ": nothing is returned").isEmpty();
            return;
        }
        assertThat(actual).as(context + ": a reply").isPresent();
        JsonNode a = tree(actual.get());
        JsonNode e = tree(expected);
        if (e.isArray()) {
            assertThat(a.isArray()).as(context + ": reply is an array: " + actual.get()).isTrue();
            assertThat(elements(a)).as(context + ": " + actual.get()).containsExactlyElementsOf(elements(e));
        } else {
            assertThat(a).as(context + ": " + actual.get()).isEqualTo(e);
        }
    }

    static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
