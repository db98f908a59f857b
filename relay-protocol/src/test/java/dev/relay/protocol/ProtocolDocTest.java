package dev.relay.protocol;

import static dev.relay.protocol.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every tagged JSON example of docs/protocol.md is read by the typed API and written back to the
 * same JSON tree: the page documents exactly what the code does.
 */
class ProtocolDocTest {

    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: ([a-z-]+) -->\\s*```json\\n(.*?)```", Pattern.DOTALL);

    private final JsonRpcCodec relaySide = JsonRpcCodec.builder().knownMethods(RelayMethods.RELAY_METHODS).build();
    private final JsonRpcCodec controlPlaneSide = JsonRpcCodec.builder().knownMethods(RelayMethods.CONTROL_PLANE_METHODS).build();

    @Test
    void everyExampleReadsAndWritesBackTheSame() throws IOException {
        String doc = Files.readString(Path.of("../docs/protocol.md"));
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher m = EXAMPLE.matcher(doc);
        while (m.find()) {
            assertThat(examples.put(m.group(1), m.group(2))).as("tag " + m.group(1) + " used once").isNull();
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(25);
        for (Map.Entry<String, String> e : examples.entrySet()) {
            String tag = e.getKey();
            JsonNode expected = tree(e.getValue());
            JsonNode actual = tree(rewrite(tag, e.getValue()));
            assertThat(actual).as(tag).isEqualTo(expected);
        }
    }

    /** Reads the example through the API and writes it again. */
    private String rewrite(String tag, String json) {
        JsonNode node = tree(json);
        if (tag.startsWith("error-") || tag.equals("exchange-response")) {
            Decoded d = controlPlaneSide.decode(json);
            assertThat(d.responses()).as(tag).hasSize(1);
            Response r = d.responses().get(0);
            if (r instanceof Response.Success s) {
                return controlPlaneSide.encode(Response.success(s.id(), ExecuteResult.from(s.result())));
            }
            Response.Failure f = (Response.Failure) r;
            if (tag.equals("error-relay")) {
                RelayError re = RelayError.from(f.error()).orElseThrow();
                return relaySide.encode(Response.failure(f.id(), re.toError()));
            }
            if (tag.equals("error-invalid-params")) {
                assertThat(f.error().errorCode()).contains(ErrorCode.INVALID_PARAMS);
                return relaySide.encode(Response.failure(f.id(),
                        JsonRpcError.invalidParams(f.error().data().get("param").asText(), f.error().detail().orElseThrow())));
            }
            return relaySide.encode(Response.failure(f.id(), JsonRpcError.of(f.error().errorCode().orElseThrow())));
        }
        if (tag.equals("exchange-request")) {
            Decoded d = relaySide.decode(json);
            Request r = d.requests().get(0);
            ExecuteParams p = ExecuteParams.from(r);
            assertThat(p.requestId()).isEqualTo(r.id().asText());
            // requestId was defaulted from the id; written back it is explicit
            JsonNode written = tree(relaySide.encode(Request.of(r.id(), r.method(), p)));
            ((com.fasterxml.jackson.databind.node.ObjectNode) written.get("params")).remove("requestId");
            return written.toString();
        }
        if (tag.endsWith("-notification")) {
            Decoded d = controlPlaneSide.decode(json);
            assertThat(d.notifications()).as(tag).hasSize(1);
            JsonNode params = d.notifications().get(0).params();
            Notification n = tag.startsWith("heartbeat")
                    ? HeartbeatParams.from(params).toNotification()
                    : ResourceUpdateParams.from(params).toNotification();
            return relaySide.encode(n);
        }
        Map<String, Function<JsonNode, WireObject>> readers = Map.of(
                "execute-params", n -> ExecuteParams.from(n, JsonRpcId.of("unused")),
                "execute-result", ExecuteResult::from,
                "list-resources-result", ListResourcesResult::from,
                "describe-resource-params", DescribeResourceParams::from,
                "describe-resource-result", DescribeResourceResult::from,
                "health-check-params", HealthCheckParams::from,
                "health-check-result", HealthCheckResult::from);
        for (Map.Entry<String, Function<JsonNode, WireObject>> r : readers.entrySet()) {
            if (tag.startsWith(r.getKey())) {
                WireObject value = r.getValue().apply(node);
                return relaySide.encode(Response.success(JsonRpcId.of(1), value)).transform(t -> tree(t).get("result").toString());
            }
        }
        throw new AssertionError("no reader for example tag " + tag);
    }
}
