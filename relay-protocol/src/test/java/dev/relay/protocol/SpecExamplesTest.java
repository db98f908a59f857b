package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of the "Examples" section of the JSON-RPC 2.0 specification
 * (https://www.jsonrpc.org/specification#examples): same input, the specified output (member
 * order aside; batch responses in the order shown), or nothing.
 */
class SpecExamplesTest {

    private final List<String> notified = new ArrayList<>();

    private final JsonRpcDispatcher dispatcher = JsonRpcDispatcher.builder()
            .onRequest("subtract", req -> {
                JsonNode p = req.params();
                if (p != null && p.isArray()) {
                    return p.get(0).asLong() - p.get(1).asLong();
                }
                if (p == null || !p.has("minuend") || !p.has("subtrahend")) {
                    throw new InvalidParamsException("minuend", "is required");
                }
                return p.get("minuend").asLong() - p.get("subtrahend").asLong();
            })
            .onRequest("sum", req -> {
                long sum = 0;
                for (JsonNode n : java.util.Objects.requireNonNull(req.params())) {
                    sum += n.asLong();
                }
                return sum;
            })
            .onRequest("get_data", req -> List.of("hello", 5))
            .onNotification("update", n -> notified.add("update"))
            .onNotification("notify_hello", n -> notified.add("notify_hello"))
            .onNotification("notify_sum", n -> notified.add("notify_sum"))
            .build();

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("rpc call with positional parameters (1)",
                        "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": [42, 23], \"id\": 1}",
                        "{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 1}"),
                Arguments.of("rpc call with positional parameters (2)",
                        "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": [23, 42], \"id\": 2}",
                        "{\"jsonrpc\": \"2.0\", \"result\": -19, \"id\": 2}"),
                Arguments.of("rpc call with named parameters (1)",
                        "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": {\"subtrahend\": 23, \"minuend\": 42}, \"id\": 3}",
                        "{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 3}"),
                Arguments.of("rpc call with named parameters (2)",
                        "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": {\"minuend\": 42, \"subtrahend\": 23}, \"id\": 4}",
                        "{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 4}"),
                Arguments.of("a notification (1)",
                        "{\"jsonrpc\": \"2.0\", \"method\": \"update\", \"params\": [1,2,3,4,5]}",
                        null),
                Arguments.of("a notification (2)",
                        "{\"jsonrpc\": \"2.0\", \"method\": \"foobar\"}",
                        null),
                Arguments.of("rpc call of non-existent method",
                        "{\"jsonrpc\": \"2.0\", \"method\": \"foobar\", \"id\": \"1\"}",
                        "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32601, \"message\": \"Method not found\"}, \"id\": \"1\"}"),
                Arguments.of("rpc call with invalid JSON",
                        "{\"jsonrpc\": \"2.0\", \"method\": \"foobar, \"params\": \"bar\", \"baz]",
                        "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32700, \"message\": \"Parse error\"}, \"id\": null}"),
                Arguments.of("rpc call with invalid Request object",
                        "{\"jsonrpc\": \"2.0\", \"method\": 1, \"params\": \"bar\"}",
                        "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}"),
                Arguments.of("rpc call Batch, invalid JSON",
                        "[\n  {\"jsonrpc\": \"2.0\", \"method\": \"sum\", \"params\": [1,2,4], \"id\": \"1\"},\n"
                                + "  {\"jsonrpc\": \"2.0\", \"method\"\n]",
                        "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32700, \"message\": \"Parse error\"}, \"id\": null}"),
                Arguments.of("rpc call with an empty Array",
                        "[]",
                        "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}"),
                Arguments.of("rpc call with an invalid Batch (but not empty)",
                        "[1]",
                        "[{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}]"),
                Arguments.of("rpc call with invalid Batch",
                        "[1,2,3]",
                        "[{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null},"
                                + "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null},"
                                + "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}]"),
                Arguments.of("rpc call Batch",
                        "[\n"
                                + "  {\"jsonrpc\": \"2.0\", \"method\": \"sum\", \"params\": [1,2,4], \"id\": \"1\"},\n"
                                + "  {\"jsonrpc\": \"2.0\", \"method\": \"notify_hello\", \"params\": [7]},\n"
                                + "  {\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": [42,23], \"id\": \"2\"},\n"
                                + "  {\"foo\": \"boo\"},\n"
                                + "  {\"jsonrpc\": \"2.0\", \"method\": \"foo.get\", \"params\": {\"name\": \"myself\"}, \"id\": \"5\"},\n"
                                + "  {\"jsonrpc\": \"2.0\", \"method\": \"get_data\", \"id\": \"9\"}\n"
                                + "]",
                        "[\n"
                                + "  {\"jsonrpc\": \"2.0\", \"result\": 7, \"id\": \"1\"},\n"
                                + "  {\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": \"2\"},\n"
                                + "  {\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null},\n"
                                + "  {\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32601, \"message\": \"Method not found\"}, \"id\": \"5\"},\n"
                                + "  {\"jsonrpc\": \"2.0\", \"result\": [\"hello\", 5], \"id\": \"9\"}\n"
                                + "]"),
                Arguments.of("rpc call Batch (all notifications)",
                        "[\n"
                                + "  {\"jsonrpc\": \"2.0\", \"method\": \"notify_sum\", \"params\": [1,2,4]},\n"
                                + "  {\"jsonrpc\": \"2.0\", \"method\": \"notify_hello\", \"params\": [7]}\n"
                                + "]",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void dispatcherAnswersAsTheSpecificationSays(String name, String input, String expected) {
        JsonTrees.assertSameReply(dispatcher.handle(input), expected, name);
    }

    /** The same examples through decode/reply with a fixed method set, as the runtime uses the codec. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void codecWithKnownMethodsAnswersTheSame(String name, String input, String expected) {
        JsonRpcCodec codec = JsonRpcCodec.builder()
                .knownMethods(List.of("subtract", "sum", "get_data", "update", "notify_hello", "notify_sum"))
                .build();
        Decoded decoded = codec.decode(input);
        List<Response> answers = new ArrayList<>();
        for (Request r : decoded.requests()) {
            answers.add(dispatcher.handle(r));
        }
        JsonTrees.assertSameReply(codec.reply(decoded, answers), expected, name);
    }
}
