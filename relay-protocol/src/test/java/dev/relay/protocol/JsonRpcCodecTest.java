package dev.relay.protocol;

import static dev.relay.protocol.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonRpcCodecTest {

    private final JsonRpcCodec codec = JsonRpcCodec.builder().knownMethods(RelayMethods.RELAY_METHODS).build();

    /** Decodes and answers every request with {@code result: "ok"}. */
    private Optional<String> roundTrip(JsonRpcCodec c, String text) {
        Decoded d = c.decode(text);
        List<Response> answers = new ArrayList<>();
        for (Request r : d.requests()) {
            answers.add(Response.success(r.id(), "ok"));
        }
        return c.reply(d, answers);
    }

    private static JsonNode onlyError(Decoded d) {
        assertThat(d.messages()).isEmpty();
        assertThat(d.errors()).hasSize(1);
        Response.Failure f = (Response.Failure) d.errors().get(0);
        return tree(JsonRpcCodec.defaults().encode(f));
    }

    @ParameterizedTest(name = "id {0} is echoed as {1}")
    @CsvSource(delimiter = '|', value = {
            "\"abc\"|\"abc\"",
            "\"\"|\"\"",
            "7|7",
            "-3|-3",
            "0|0",
            "1.5|1.5",
            "12345678901234567890123|12345678901234567890123",
            "null|null"})
    void idsAreEchoedAsGiven(String id, String echoed) {
        String text = "{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":{},\"id\":" + id + "}";
        Optional<String> reply = roundTrip(codec, text);
        assertThat(reply).isPresent();
        assertThat(tree(reply.get()).get("id")).isEqualTo(tree(echoed));
        assertThat(reply.get()).contains("\"id\":" + echoed);
    }

    @Test
    void idTypes() {
        Decoded d = codec.decode("[{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":\"a\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":2},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":null}]");
        assertThat(d.requests()).extracting(Request::id)
                .containsExactly(JsonRpcId.of("a"), JsonRpcId.of(2), JsonRpcId.NULL);
        assertThat(d.batch()).isTrue();
        assertThat(JsonRpcId.of(new BigDecimal("1.50")).asText()).isEqualTo("1.50");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wrong version, id echoed|{\"jsonrpc\":\"1.0\",\"method\":\"execute\",\"id\":5}|5",
            "missing version|{\"method\":\"execute\",\"id\":5}|5",
            "numeric version|{\"jsonrpc\":2.0,\"method\":\"execute\",\"id\":5}|5",
            "missing method|{\"jsonrpc\":\"2.0\",\"id\":\"x\"}|\"x\"",
            "method not a string|{\"jsonrpc\":\"2.0\",\"method\":[\"execute\"],\"id\":\"x\"}|\"x\"",
            "params a string|{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":\"bar\",\"id\":1}|1",
            "params a number|{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":3,\"id\":1}|1",
            "params null|{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":null,\"id\":1}|1",
            "id a boolean|{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":true}|null",
            "id an object|{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":{\"a\":1}}|null",
            "id an array|{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":[1]}|null",
            "method and result|{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"result\":1,\"id\":1}|1",
            "a string|\"hello\"|null",
            "a number|42|null",
            "null|null|null",
            "true|true|null"})
    void invalidRequests(String name, String text, String id) {
        JsonNode error = onlyError(codec.decode(text));
        assertThat(error.at("/error/code").asInt()).as(name).isEqualTo(-32600);
        assertThat(error.at("/error/message").asText()).isEqualTo("Invalid Request");
        assertThat(error.get("id")).isEqualTo(tree(id));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty text|''",
            "blank|'   '",
            "truncated|{\"jsonrpc\":\"2.0\",\"method\":\"exe",
            "trailing tokens|{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":1} {}",
            "trailing garbage|{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":1}x",
            "single quotes|{'jsonrpc':'2.0'}",
            "comment|/* */ {}",
            "NaN|NaN",
            "leading zero|{\"id\":01}"})
    void parseErrors(String name, String text) {
        JsonNode error = onlyError(codec.decode(text));
        assertThat(error.at("/error/code").asInt()).as(name).isEqualTo(-32700);
        assertThat(error.at("/error/message").asText()).isEqualTo("Parse error");
        assertThat(error.get("id").isNull()).isTrue();
        assertThat(error.at("/error/data").isMissingNode()).isTrue();
    }

    @Test
    void unknownMethodIsMethodNotFoundForRequestsAndSilenceForNotifications() {
        JsonNode error = onlyError(codec.decode("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"id\":9}"));
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(error.get("id").asInt()).isEqualTo(9);

        Decoded n = codec.decode("{\"jsonrpc\":\"2.0\",\"method\":\"nope\"}");
        assertThat(n.messages()).isEmpty();
        assertThat(n.errors()).isEmpty();
        assertThat(n.discarded()).isEqualTo(1);
        assertThat(codec.reply(n, List.of())).isEmpty();

        JsonRpcCodec controlPlane = JsonRpcCodec.builder().knownMethods(RelayMethods.CONTROL_PLANE_METHODS).build();
        assertThat(controlPlane.decode("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{}}").notifications())
                .extracting(Notification::method).containsExactly("heartbeat");
        assertThat(onlyError(controlPlane.decode("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":1}"))
                .at("/error/code").asInt()).isEqualTo(-32601);
    }

    @Test
    void everyMethodIsAcceptedWhenNoneAreConfigured() {
        Decoded d = JsonRpcCodec.defaults().decode("{\"jsonrpc\":\"2.0\",\"method\":\"anything\",\"id\":1}");
        assertThat(d.requests()).hasSize(1);
        assertThat(JsonRpcCodec.defaults().knownMethods()).isEmpty();
    }

    @Test
    void batchesOfNotificationsAnswerNothingAndMixedBatchesOmitThem() {
        String notifications = "[{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":{}},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"list_resources\"}]";
        assertThat(roundTrip(codec, notifications)).isEmpty();

        String mixed = "[{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":{}},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"list_resources\",\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"health_check\"}]";
        JsonNode reply = tree(roundTrip(codec, mixed).orElseThrow());
        assertThat(reply.isArray()).isTrue();
        assertThat(reply).hasSize(1);
        assertThat(reply.get(0).get("id").asInt()).isEqualTo(1);

        // a batch of one request still answers with an array
        JsonNode one = tree(roundTrip(codec, "[{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":1}]").orElseThrow());
        assertThat(one.isArray()).isTrue();
    }

    @Test
    void messagesKeepTheirOrder() {
        Decoded d = codec.decode("[{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"health_check\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"list_resources\",\"id\":2}]");
        assertThat(d.messages()).hasSize(3);
        assertThat(d.messages().get(0)).isInstanceOf(Request.class);
        assertThat(d.messages().get(1)).isInstanceOf(Notification.class);
        assertThat(d.requests()).extracting(Request::method).containsExactly("execute", "list_resources");
        assertThat(d.notifications()).extracting(Notification::method).containsExactly("health_check");
    }

    @Test
    void replyKeepsTheOrderOfTheInputWhateverTheOrderOfTheAnswers() {
        Decoded d = codec.decode("[{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":2},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":1},"
                + "7,"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":\"c\"}]");
        List<Response> answers = List.of(
                Response.success(JsonRpcId.of("c"), "third"),
                Response.success(JsonRpcId.of(1), "first"),
                Response.success(JsonRpcId.of(1), "second"),
                Response.success(JsonRpcId.of("stray"), "last"));
        JsonNode reply = tree(codec.reply(d, answers).orElseThrow());
        assertThat(reply.toString()).isEqualTo("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"first\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"second\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"c\",\"result\":\"third\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"stray\",\"result\":\"last\"}]");
    }

    @Test
    void messageSizeIsCheckedBeforeParsing() {
        JsonRpcCodec small = JsonRpcCodec.builder().maxMessageBytes(64).build();
        String big = "{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":{\"q\":\"" + "x".repeat(100) + "\"},\"id\":1}";
        JsonNode e = onlyError(small.decode(big));
        assertThat(e.at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(e.at("/error/data/detail").asText()).isEqualTo("message larger than 64 bytes");
        assertThat(e.get("id").isNull()).isTrue();
        // invalid JSON over the cap is refused for its size, without being parsed
        assertThat(onlyError(small.decode("{" + "[".repeat(100))).at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(onlyError(small.decode(big.getBytes(StandardCharsets.UTF_8))).at("/error/code").asInt())
                .isEqualTo(-32600);
        // counted in UTF-8 bytes, not chars: 30 three-byte chars are 90 bytes
        String wide = "{\"jsonrpc\":\"2.0\",\"method\":\"" + "€".repeat(30) + "\"}";
        assertThat(wide.length()).isLessThan(64);
        assertThat(onlyError(small.decode(wide)).at("/error/data/detail").asText()).contains("64 bytes");
        assertThat(JsonRpcCodec.utf8Length("a€😀", 100)).isEqualTo(1 + 3 + 4);
    }

    @Test
    void depthNumberStringBatchLimitsAnswerInvalidRequestNamingTheLimit() {
        JsonRpcCodec c = JsonRpcCodec.builder().maxDepth(8).maxNumberLength(10).maxStringLength(20).maxBatchSize(2).build();
        String deep = "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":" + "[".repeat(20) + "]".repeat(20) + ",\"id\":1}";
        assertThat(onlyError(c.decode(deep)).at("/error/data/detail").asText()).isEqualTo("JSON nested deeper than 8 levels");
        String number = "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[12345678901234567890],\"id\":1}";
        assertThat(onlyError(c.decode(number)).at("/error/data/detail").asText()).isEqualTo("number longer than 10 characters");
        String string = "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[\"" + "s".repeat(30) + "\"],\"id\":1}";
        assertThat(onlyError(c.decode(string)).at("/error/data/detail").asText()).isEqualTo("string longer than 20 characters");
        String name = "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"" + "n".repeat(30) + "\":1},\"id\":1}";
        assertThat(onlyError(c.decode(name)).at("/error/data/detail").asText()).isEqualTo("member name longer than 20 characters");
        String batch = "[{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":1},{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":2},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":3}]";
        Decoded tooMany = c.decode(batch);
        assertThat(tooMany.batch()).isFalse();
        assertThat(onlyError(tooMany).at("/error/data/detail").asText()).isEqualTo("batch holds more than 2 entries");
        for (String text : List.of(deep, number, string, name)) {
            JsonNode e = onlyError(c.decode(text));
            assertThat(e.at("/error/code").asInt()).isEqualTo(-32600);
            assertThat(e.get("id").isNull()).isTrue();
        }
    }

    @Test
    void hugeExponentsAreNumbersNotCrashes() {
        Decoded d = codec.decode("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":[1e999999999,-1e-999999999],\"id\":1e999999999}");
        assertThat(d.requests()).hasSize(1);
        Request r = d.requests().get(0);
        assertThat(r.id().asText()).isEqualTo("1E+999999999");
        String reply = codec.encode(Response.success(r.id(), r.params()));
        assertThat(tree(reply).get("id").isNumber()).isTrue();
        assertThat(JsonValues.toJava(r.params())).isEqualTo(List.of("1E+999999999", -0.0));
    }

    @Test
    void duplicateMembersAreRefused() {
        JsonNode e = onlyError(codec.decode("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"method\":\"list_resources\",\"id\":1}"));
        assertThat(e.at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(e.at("/error/data/detail").asText()).isEqualTo("duplicate member name in an object");
        JsonNode nested = onlyError(codec.decode("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":{\"a\":1,\"a\":2},\"id\":1}"));
        assertThat(nested.at("/error/code").asInt()).isEqualTo(-32600);
    }

    @Test
    void invalidUtf8BytesAreDecodedLeniently() {
        byte[] prefix = "{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":[\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"],\"id\":3}".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[prefix.length + 3 + suffix.length];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        bytes[prefix.length] = (byte) 0xC3; // truncated two-byte sequence
        bytes[prefix.length + 1] = (byte) 0xFF; // never valid
        bytes[prefix.length + 2] = (byte) 0x80; // lone continuation
        System.arraycopy(suffix, 0, bytes, prefix.length + 3, suffix.length);
        Decoded d = codec.decode(bytes);
        assertThat(d.requests()).hasSize(1);
        assertThat(d.requests().get(0).params().get(0).asText()).matches("\uFFFD+");
        assertThat(d.requests().get(0).id()).isEqualTo(JsonRpcId.of(3));
    }

    @Test
    void responsesAreDecodedForTheRequestingSideAndMalformedOnesDropped() {
        Decoded d = codec.decode("[{\"jsonrpc\":\"2.0\",\"result\":{\"a\":1},\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32003,\"message\":\"m\",\"data\":{\"reason\":\"QUERY_BLOCKED\"}},\"id\":\"r\"},"
                + "{\"jsonrpc\":\"2.0\",\"result\":1},"
                + "{\"jsonrpc\":\"2.0\",\"result\":1,\"error\":{\"code\":1,\"message\":\"m\"},\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":\"x\",\"message\":\"m\"},\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1.5,\"message\":\"m\"},\"id\":1},"
                + "{\"jsonrpc\":\"1.0\",\"result\":1,\"id\":1}]");
        assertThat(d.responses()).hasSize(2);
        assertThat(d.errors()).isEmpty();
        assertThat(d.discarded()).isEqualTo(5);
        assertThat(codec.reply(d, List.of())).isEmpty();
        Response.Failure f = (Response.Failure) d.responses().get(1);
        assertThat(f.error().relayReason()).contains(RelayReason.QUERY_BLOCKED);
        assertThat(((Response.Success) d.responses().get(0)).result()).isEqualTo(tree("{\"a\":1}"));
    }

    @Test
    void encodesEveryMessageKind() {
        JsonRpcCodec c = JsonRpcCodec.defaults();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("a", List.of(1, 2L, 3.5, "x", true));
        params.put("b", null);
        assertThat(tree(c.encode(Request.of(JsonRpcId.of(1), "m", params))))
                .isEqualTo(tree("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":{\"a\":[1,2,3.5,\"x\",true],\"b\":null}}"));
        assertThat(tree(c.encode(new Request(JsonRpcId.NULL, "m", null))))
                .isEqualTo(tree("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"m\"}"));
        assertThat(tree(c.encode(Notification.of("n", List.of(7)))))
                .isEqualTo(tree("{\"jsonrpc\":\"2.0\",\"method\":\"n\",\"params\":[7]}"));
        assertThat(tree(c.encode(Response.success(JsonRpcId.of("s"), null))))
                .isEqualTo(tree("{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"result\":null}"));
        assertThat(tree(c.encode(Response.failure(JsonRpcId.of(2), JsonRpcError.invalidParams("resourceId", "is required")))))
                .isEqualTo(tree("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,\"message\":\"Invalid params\","
                        + "\"data\":{\"param\":\"resourceId\",\"detail\":\"is required\"}}}"));
        assertThat(tree(c.encode(new Batch(List.of(Notification.of("n", null), Request.of(JsonRpcId.of(1), "m", null))))))
                .isEqualTo(tree("[{\"jsonrpc\":\"2.0\",\"method\":\"n\"},{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}]"));
        assertThat(c.encode(List.of(), true)).isEmpty();
        assertThat(c.encode(List.of(), false)).isEmpty();
    }

    @Test
    void aResultOutsideTheValueModelBecomesInternalErrorForTheSameId() {
        JsonRpcCodec c = JsonRpcCodec.defaults();
        Object unwritable = new Object() {
            @Override
            public String toString() {
                return "secret-row-value";
            }
        };
        String out = c.encode(Response.success(JsonRpcId.of(4), Map.of("rows", List.of(unwritable))));
        assertThat(tree(out)).isEqualTo(tree("{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32603,\"message\":\"Internal error\"}}"));
        assertThat(out).doesNotContain("secret");

        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThat(tree(c.encode(Response.success(JsonRpcId.of(5), cycle))).at("/error/code").asInt()).isEqualTo(-32603);
        Map<Object, Object> badKey = Map.of(1, "x");
        assertThat(tree(c.encode(Response.success(JsonRpcId.of(6), badKey))).at("/error/code").asInt()).isEqualTo(-32603);
        assertThatThrownBy(() -> c.encode(Request.of(JsonRpcId.of(1), "m", List.of(unwritable))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
    }

    @Test
    void nonFiniteDoublesAreWrittenAsStrings() {
        String out = JsonRpcCodec.defaults().encode(Response.success(JsonRpcId.of(1), List.of(Double.NaN, Double.POSITIVE_INFINITY)));
        assertThat(tree(out).get("result")).isEqualTo(tree("[\"NaN\",\"Infinity\"]"));
    }

    @Test
    void toStringNeverPrintsPayloads() {
        JsonNode secret = JsonNodeFactory.instance.objectNode().put("query", "SELECT secret");
        assertThat(new Request(JsonRpcId.of(1), "execute", secret).toString()).doesNotContain("secret").contains("execute");
        assertThat(new Notification("n", secret).toString()).doesNotContain("secret");
        assertThat(new Response.Success(JsonRpcId.of(1), secret).toString()).doesNotContain("secret");
        assertThat(new JsonRpcError(1, "m", secret).toString()).doesNotContain("secret");
        assertThat(new Response.Failure(JsonRpcId.of(1), new JsonRpcError(1, "m", secret)).toString()).doesNotContain("secret");
    }

    @Test
    void builderRejectsEveryBadLimitAtOnce() {
        assertThatThrownBy(() -> JsonRpcCodec.builder().maxMessageBytes(0).maxDepth(0).maxBatchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessageBytes")
                .hasMessageContaining("maxDepth")
                .hasMessageContaining("maxBatchSize");
    }

    @Test
    void modelInvariants() {
        assertThatThrownBy(() -> new Batch(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Batch(List.of(new Batch(List.of(Notification.of("n", null))))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Request(JsonRpcId.of(1), "m", JsonNodeFactory.instance.textNode("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ErrorCode.fromCode(-32601)).contains(ErrorCode.METHOD_NOT_FOUND);
        assertThat(RelayReason.fromCode(-32008)).contains(RelayReason.SHUTTING_DOWN);
        for (RelayReason r : RelayReason.values()) {
            assertThat(r.code()).isBetween(-32099, -32000);
        }
        assertThat(RelayReason.RESOURCE_NOT_FOUND.code()).isEqualTo(-32001);
        assertThat(RelayReason.OPERATION_NOT_ALLOWED.code()).isEqualTo(-32002);
        assertThat(RelayReason.QUERY_BLOCKED.code()).isEqualTo(-32003);
        assertThat(RelayReason.QUERY_TIMEOUT.code()).isEqualTo(-32004);
        assertThat(RelayReason.RESOURCE_UNAVAILABLE.code()).isEqualTo(-32005);
        assertThat(RelayReason.QUERY_FAILED.code()).isEqualTo(-32006);
        assertThat(RelayReason.OVERLOADED.code()).isEqualTo(-32007);
    }

    @Test
    void relayErrorHasTheSpecShape() {
        JsonRpcError e = JsonRpcError.relay(RelayReason.QUERY_BLOCKED, "Statement contains blocked keyword: DELETE", "req-def456");
        assertThat(tree(JsonRpcCodec.defaults().encode(Response.failure(JsonRpcId.of("req-def456"), e))).get("error"))
                .isEqualTo(tree("{\"code\": -32003, \"message\": \"Request rejected by policy engine\", \"data\":"
                        + "{\"reason\": \"QUERY_BLOCKED\", \"detail\": \"Statement contains blocked keyword: DELETE\","
                        + "\"requestId\": \"req-def456\"}}"));
        assertThat(e.relayReason()).contains(RelayReason.QUERY_BLOCKED);
        assertThat(e.detail()).contains("Statement contains blocked keyword: DELETE");
        // a reason whose code disagrees is not a relay error
        assertThat(new JsonRpcError(-32001, "m", e.data()).relayReason()).isEmpty();
    }
}
