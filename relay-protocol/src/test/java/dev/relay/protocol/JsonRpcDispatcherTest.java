package dev.relay.protocol;

import static dev.relay.protocol.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRpcDispatcherTest {

    @Test
    void handlerFailuresBecomeInternalErrorWithoutDetail() {
        List<String> failed = new ArrayList<>();
        JsonRpcDispatcher d = JsonRpcDispatcher.builder()
                .onRequest("boom", req -> {
                    throw new IllegalStateException("password=hunter2");
                })
                .onNotification("boom", n -> {
                    throw new IllegalStateException("password=hunter2");
                })
                .failureListener((method, e) -> failed.add(method))
                .build();
        String reply = d.handle("{\"jsonrpc\":\"2.0\",\"method\":\"boom\",\"id\":1}").orElseThrow();
        assertThat(tree(reply)).isEqualTo(tree("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"Internal error\"}}"));
        assertThat(reply).doesNotContain("hunter2").doesNotContain("Exception");
        assertThat(d.handle("{\"jsonrpc\":\"2.0\",\"method\":\"boom\"}")).isEmpty();
        assertThat(failed).containsExactly("boom", "boom");
    }

    @Test
    void relayErrorsTravelAsExceptions() {
        JsonRpcDispatcher d = JsonRpcDispatcher.builder()
                .onRequest(RelayMethods.EXECUTE, req -> {
                    throw RelayError.of(RelayReason.OVERLOADED, "queue full", "req-1").toException();
                })
                .build();
        String reply = d.handle("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":\"req-1\"}").orElseThrow();
        assertThat(tree(reply).get("error")).isEqualTo(tree("{\"code\":-32007,\"message\":\"Relay overloaded\","
                + "\"data\":{\"reason\":\"OVERLOADED\",\"detail\":\"queue full\",\"requestId\":\"req-1\"}}"));
    }

    @Test
    void responsesGoToTheResponseConsumer() {
        List<Response> seen = new ArrayList<>();
        JsonRpcDispatcher d = JsonRpcDispatcher.builder().onResponse(seen::add).build();
        assertThat(d.handle("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}")).isEmpty();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).id()).isEqualTo(JsonRpcId.of(1));
    }

    @Test
    void wireObjectsAreWrittenAsResults() {
        JsonRpcDispatcher d = JsonRpcDispatcher.builder()
                .onRequest(RelayMethods.DESCRIBE_RESOURCE, req -> new DescribeResourceParams(
                        DescribeResourceParams.from(req.params()).resourceId() + "!"))
                .build();
        String reply = d.handle("{\"jsonrpc\":\"2.0\",\"method\":\"describe_resource\",\"params\":{\"resourceId\":\"a\"},\"id\":1}")
                .orElseThrow();
        assertThat(tree(reply).get("result")).isEqualTo(tree("{\"resourceId\":\"a!\"}"));
    }

    @Test
    void oneHandlerPerMethod() {
        assertThatThrownBy(() -> JsonRpcDispatcher.builder().onRequest("m", r -> 1).onRequest("m", r -> 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m");
    }
}
