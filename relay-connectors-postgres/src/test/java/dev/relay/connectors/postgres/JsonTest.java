package dev.relay.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesIntoTheValueModel() {
        Object v = Json.parse("{\"a\": 1, \"b\": [true, null, \"x\\n\\u00e9\"], \"big\": 12345678901234567890,"
                + " \"safe\": 9007199254740992, \"unsafe\": 9007199254740993, \"d\": 0.1, \"exact\": 1.5,"
                + " \"precise\": 3.14159265358979323846264338327950288, \"e\": 1e400, \"nested\": {\"k\": {}}}");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", 1);
        expected.put("b", Arrays.asList(true, null, "x\n\u00e9"));
        expected.put("big", "12345678901234567890");
        expected.put("safe", 9007199254740992L);
        expected.put("unsafe", "9007199254740993");
        expected.put("d", 0.1);
        expected.put("exact", 1.5);
        expected.put("precise", "3.14159265358979323846264338327950288");
        expected.put("e", "1e400");
        expected.put("nested", Map.of("k", Map.of()));
        assertThat(v).isEqualTo(expected);
        assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) v).keySet())).containsExactly("a", "b", "big", "safe", "unsafe", "d", "exact",
                "precise", "e", "nested");
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("q", "say \"hi\"\\");
        m.put("l", List.of(1, 2.5, false));
        m.put("n", null);
        String text = Json.write(m);
        assertThat(text).isEqualTo("{\"q\":\"say \\\"hi\\\"\\\\\",\"l\":[1,2.5,false],\"n\":null}");
        assertThat(Json.parse(text)).isEqualTo(m);
    }

    @Test
    void rejectsMalformedInputWithoutQuotingIt() {
        assertThatThrownBy(() -> Json.parse("{\"secret\": tru}")).hasMessageNotContaining("secret")
                .hasMessageContaining("offset");
    }
}
