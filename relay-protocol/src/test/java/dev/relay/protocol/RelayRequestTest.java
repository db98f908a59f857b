package dev.relay.protocol;

import static dev.relay.protocol.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayRequestTest {

    private final JsonRpcCodec relaySide = JsonRpcCodec.builder().knownMethods(RelayMethods.RELAY_METHODS).build();
    private final JsonRpcCodec controlPlaneSide = JsonRpcCodec.builder().knownMethods(RelayMethods.CONTROL_PLANE_METHODS).build();

    private RelayRequest overTheWire(RelayRequest r) {
        Decoded d = relaySide.decode(controlPlaneSide.encode(r.toRequest()));
        return RelayRequest.from(d.requests().get(0));
    }

    @Test
    void everyRelayRequestRoundTrips() {
        List<RelayRequest> all = List.of(
                new RelayRequest.Execute(JsonRpcId.of(1), ExecuteParams.listTables("main-pg", "1")),
                new RelayRequest.ListResources(JsonRpcId.of("lr")),
                new RelayRequest.DescribeResource(JsonRpcId.of(3), new DescribeResourceParams("main-pg")),
                new RelayRequest.HealthCheck(JsonRpcId.NULL, HealthCheckParams.ALL),
                new RelayRequest.HealthCheck(JsonRpcId.of(5), new HealthCheckParams("events")));
        for (RelayRequest r : all) {
            assertThat(overTheWire(r)).isEqualTo(r);
        }
    }

    @Test
    void listResourcesAcceptsNoOrEmptyParamsOnly() {
        assertThat(RelayRequest.from(new Request(JsonRpcId.of(1), "list_resources", tree("{}"))))
                .isInstanceOf(RelayRequest.ListResources.class);
        assertThat(RelayRequest.from(new Request(JsonRpcId.of(1), "list_resources", tree("[]"))))
                .isInstanceOf(RelayRequest.ListResources.class);
        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class,
                () -> RelayRequest.from(new Request(JsonRpcId.of(1), "list_resources", tree("{\"x\":1}"))));
        assertThat(e.param()).isEqualTo("params");
    }

    @Test
    void otherMethodsAreMethodNotFound() {
        JsonRpcException e = catchThrowableOfType(JsonRpcException.class,
                () -> RelayRequest.from(new Request(JsonRpcId.of(1), "heartbeat", null)));
        assertThat(e.error()).isEqualTo(JsonRpcError.of(ErrorCode.METHOD_NOT_FOUND));
        JsonRpcException n = catchThrowableOfType(JsonRpcException.class,
                () -> RelayNotification.from(new Notification("execute", null)));
        assertThat(n.error().code()).isEqualTo(-32601);
    }

    @Test
    void describeAndHealthParamsAreChecked() {
        assertThat(catchThrowableOfType(InvalidParamsException.class,
                () -> RelayRequest.from(new Request(JsonRpcId.of(1), "describe_resource", null))).param()).isEqualTo("params");
        assertThat(catchThrowableOfType(InvalidParamsException.class,
                () -> RelayRequest.from(new Request(JsonRpcId.of(1), "describe_resource", tree("{\"resourceId\":3}")))).param())
                .isEqualTo("resourceId");
        assertThat(catchThrowableOfType(InvalidParamsException.class,
                () -> RelayRequest.from(new Request(JsonRpcId.of(1), "health_check", tree("{\"resource\":\"x\"}")))).param())
                .isEqualTo("resource");
    }

    @Test
    void notificationsRoundTrip() {
        List<RelayNotification> all = List.of(
                new RelayNotification.Heartbeat(new HeartbeatParams("relay-1", "0.1.0", 5,
                        new HeartbeatParams.Stats(1, 0, 0, 0, 0, Instant.parse("2026-01-01T00:00:00Z")))),
                new RelayNotification.ResourceUpdate(new ResourceUpdateParams(List.of())));
        for (RelayNotification n : all) {
            Decoded d = controlPlaneSide.decode(relaySide.encode(n.toNotification()));
            assertThat(RelayNotification.from(d.notifications().get(0))).isEqualTo(n);
        }
        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class,
                () -> RelayNotification.from(new Notification("heartbeat",
                        tree("{\"relayId\":\"r\",\"version\":\"v\",\"uptimeSeconds\":1,\"stats\":{\"requestsTotal\":-1}}"))));
        assertThat(e.param()).isEqualTo("stats.requestsTotal");
    }
}
