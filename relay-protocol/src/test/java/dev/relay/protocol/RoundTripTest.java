package dev.relay.protocol;

import static dev.relay.protocol.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every relay message type goes out through the codec, comes back through the codec on the other
 * side, and reads back equal; and its JSON form is what docs/protocol.md shows.
 */
class RoundTripTest {

    private final JsonRpcCodec relaySide = JsonRpcCodec.builder().knownMethods(RelayMethods.RELAY_METHODS).build();
    private final JsonRpcCodec controlPlaneSide = JsonRpcCodec.builder().knownMethods(RelayMethods.CONTROL_PLANE_METHODS).build();

    private static final ResultMetadata META = new ResultMetadata("req-abc123", "main-pg", ExecuteOperation.QUERY, 1,
            false, null, 1000, 1, 12);

    /** Control plane sends a request; the relay decodes it and reads the params. */
    private Object request(String method, WireObject params, Function<Request, ?> reader) {
        String text = controlPlaneSide.encode(Request.of(JsonRpcId.of("c-1"), method, params));
        Decoded d = relaySide.decode(text);
        assertThat(d.errors()).isEmpty();
        assertThat(d.requests()).hasSize(1);
        Request r = d.requests().get(0);
        assertThat(r.id()).isEqualTo(JsonRpcId.of("c-1"));
        assertThat(r.method()).isEqualTo(method);
        return reader.apply(r);
    }

    /** The relay answers; the control plane decodes the response and reads the result. */
    private Object result(WireObject result, Function<JsonNode, ?> reader) {
        String text = relaySide.encode(Response.success(JsonRpcId.of(17), result));
        Decoded d = controlPlaneSide.decode(text);
        assertThat(d.responses()).hasSize(1);
        Response.Success s = (Response.Success) d.responses().get(0);
        assertThat(s.id()).isEqualTo(JsonRpcId.of(17));
        return reader.apply(s.result());
    }

    /** The relay notifies; the control plane decodes the notification and reads the params. */
    private Object notification(Notification n, Function<JsonNode, ?> reader) {
        String text = relaySide.encode(n);
        Decoded d = controlPlaneSide.decode(text);
        assertThat(d.notifications()).hasSize(1);
        assertThat(d.notifications().get(0).method()).isEqualTo(n.method());
        return reader.apply(d.notifications().get(0).params());
    }

    @Test
    void executeParamsEveryForm() {
        List<ExecuteParams> all = List.of(
                ExecuteParams.sql("main-pg", ExecuteOperation.QUERY, "SELECT id FROM users WHERE created_at > $1",
                        Arrays.asList("2024-01-01", 5, null, 2.5, true), "req-1").withTimeoutMs(10_000L),
                ExecuteParams.sql("main-pg", ExecuteOperation.EXPLAIN, "SELECT 1", List.of(), "req-2"),
                ExecuteParams.mongoFind("events", ExecuteOperation.QUERY, "orders", Map.of("status", "open"),
                        Map.of("_id", 0), Map.of("createdAt", -1), 10, 5, "req-3"),
                ExecuteParams.mongoFind("events", ExecuteOperation.QUERY, "orders", null, null, null, null, null, "req-4"),
                ExecuteParams.mongoAggregate("events", ExecuteOperation.EXPLAIN, "orders",
                        List.of(Map.of("$match", Map.of("a", 1)), Map.of("$limit", 3)), "req-5"),
                ExecuteParams.listTables("main-pg", "req-6"),
                ExecuteParams.describeTable("main-pg", "public.users", "req-7"));
        for (ExecuteParams p : all) {
            assertThat(request(RelayMethods.EXECUTE, p, ExecuteParams::from)).as(p.toString()).isEqualTo(p);
        }
    }

    @Test
    void executeParamsWireFormIsTheSpecExample() {
        ExecuteParams p = ExecuteParams.sql("main-pg", ExecuteOperation.QUERY,
                "SELECT id, email FROM users WHERE created_at > $1", List.of("2024-01-01"), "req-abc123").withTimeoutMs(10000L);
        String text = relaySide.encode(Request.of(JsonRpcId.of(1), RelayMethods.EXECUTE, p));
        assertThat(tree(text).get("params")).isEqualTo(tree("{\"resourceId\": \"main-pg\", \"operation\": \"query\","
                + " \"query\": \"SELECT id, email FROM users WHERE created_at > $1\","
                + " \"parameters\": [\"2024-01-01\"], \"timeoutMs\": 10000, \"requestId\": \"req-abc123\"}"));
    }

    @Test
    void sqlRowsResultIsTheSpecExample() {
        ExecuteResult.Rows rows = new ExecuteResult.Rows(
                List.of(new ColumnInfo("id", "int8"), new ColumnInfo("email", "text")),
                List.of(List.of(1, "***@***.***")), META);
        String text = relaySide.encode(Response.success(JsonRpcId.of(1), rows));
        assertThat(tree(text).get("result")).isEqualTo(tree(
                "{\"columns\": [{\"name\": \"id\", \"type\": \"int8\"}, {\"name\": \"email\", \"type\": \"text\"}],"
                        + " \"rows\": [[1, \"***@***.***\"]],"
                        + " \"metadata\": {\"requestId\": \"req-abc123\", \"resourceId\": \"main-pg\", \"operation\": \"query\","
                        + "   \"rowCount\": 1, \"clamped\": false, \"maxRows\": 1000, \"maskedFieldCount\": 1,"
                        + "   \"executionTimeMs\": 12}}"));
        assertThat(result(rows, ExecuteResult::from)).isEqualTo(rows);
    }

    @Test
    void everyExecuteResultShape() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("_id", Map.of("$oid", "65a1f0c2e4b0a1b2c3d4e5f6"));
        doc.put("total", 9007199254740993L);
        doc.put("tags", List.of("a", "b"));
        doc.put("deleted", null);
        ResultMetadata clamped = new ResultMetadata("r", "events", ExecuteOperation.QUERY, 1, true,
                ResultMetadata.Truncation.BYTES, 1, 0, 3);
        TableSchema schema = new TableSchema("public", "users", "table",
                List.of(new TableSchema.Field("id", "int8", false, null), new TableSchema.Field("email", "text", true, 0.5)),
                List.of("id"), List.of(new TableSchema.Index("users_email_key", List.of("email"), true)), 42L);
        List<ExecuteResult> all = List.of(
                new ExecuteResult.Rows(List.of(new ColumnInfo("a", "int4", "public.t"), new ColumnInfo("a", "jsonb")),
                        List.of(Arrays.asList(1, null), List.of(2, Map.of("k", List.of(1.5, "x")))), META),
                new ExecuteResult.Documents(List.of(doc), clamped),
                new ExecuteResult.Tables(List.of(new TableEntry("public", "users", "table", 42L),
                        new TableEntry("events", "orders", "collection", null)),
                        new ResultMetadata("r", "main-pg", ExecuteOperation.LIST_TABLES, 2, false, null, 1000, 0, 1)),
                new ExecuteResult.Table(schema,
                        new ResultMetadata("r", "main-pg", ExecuteOperation.DESCRIBE_TABLE, 1, false, null, 1000, 0, 1)),
                new ExecuteResult.Plan(List.of(Map.of("Plan", Map.of("Node Type", "Seq Scan"))),
                        new ResultMetadata("r", "main-pg", ExecuteOperation.EXPLAIN, 0, false, null, 1000, 0, 1)));
        for (ExecuteResult r : all) {
            assertThat(result(r, ExecuteResult::from)).as(r.toString()).isEqualTo(r);
        }
    }

    @Test
    void listAndDescribeResources() {
        ResourceInfo pg = new ResourceInfo("main-pg", "postgres", ResourceInfo.Status.REACHABLE,
                List.of("query", "describe_table", "list_tables", "explain"), 1000, "sha256:ab12");
        ResourceInfo mongo = new ResourceInfo("events", "mongodb", ResourceInfo.Status.UNREACHABLE,
                List.of("query", "list_tables"), 500, null);
        ListResourcesResult list = new ListResourcesResult(List.of(pg, mongo));
        assertThat(result(list, ListResourcesResult::from)).isEqualTo(list);

        DescribeResourceParams dp = new DescribeResourceParams("main-pg");
        assertThat(request(RelayMethods.DESCRIBE_RESOURCE, dp, r -> DescribeResourceParams.from(r.params()))).isEqualTo(dp);

        DescribeResourceResult described = new DescribeResourceResult(pg, List.of(new TableSchema("public", "users", "table",
                List.of(new TableSchema.Field("id", "int8", false, null)), List.of("id"), List.of(), null)));
        assertThat(result(described, DescribeResourceResult::from)).isEqualTo(described);
    }

    @Test
    void describeResourceIsReadLeniently() {
        DescribeResourceResult partial = DescribeResourceResult.from(tree("{\"id\":\"main-pg\",\"type\":\"postgres\","
                + "\"status\":\"reachable\",\"allowedOperations\":[\"query\"],\"maxRowsPerQuery\":10,\"schemaFingerprint\":null,"
                + "\"tables\":[{\"schema\":\"public\",\"name\":\"t\",\"kind\":\"table\",\"estimatedRows\":null}]}"));
        assertThat(partial.tables()).containsExactly(new TableSchema("public", "t", "table", List.of(), List.of(), List.of(), null));
        DescribeResourceResult noTables = DescribeResourceResult.from(tree("{\"id\":\"main-pg\",\"type\":\"postgres\","
                + "\"status\":\"reachable\",\"allowedOperations\":[],\"maxRowsPerQuery\":10}"));
        assertThat(noTables.tables()).isEmpty();
        assertThat(noTables.resource().schemaFingerprint()).isNull();
    }

    @Test
    void healthCheck() {
        HealthCheckParams one = new HealthCheckParams("main-pg");
        assertThat(request(RelayMethods.HEALTH_CHECK, one, r -> HealthCheckParams.from(r.params()))).isEqualTo(one);
        assertThat(request(RelayMethods.HEALTH_CHECK, HealthCheckParams.ALL, r -> HealthCheckParams.from(r.params())))
                .isEqualTo(HealthCheckParams.ALL);
        assertThat(HealthCheckParams.from(null)).isEqualTo(HealthCheckParams.ALL);

        HealthCheckResult health = new HealthCheckResult(List.of(
                new HealthCheckResult.ResourceHealth("main-pg", HealthCheckResult.Status.OK, true, true, 3, null),
                new HealthCheckResult.ResourceHealth("events", HealthCheckResult.Status.ERROR, true, false, 20,
                        "authentication failed for user ***")));
        assertThat(result(health, HealthCheckResult::from)).isEqualTo(health);
    }

    @Test
    void heartbeatAndResourceUpdateNotifications() {
        HeartbeatParams hb = new HeartbeatParams("relay-eu-1", "0.1.0", 3600,
                new HeartbeatParams.Stats(120, 4, 1, 2, 3, Instant.parse("2026-11-21T12:00:00Z")));
        assertThat(notification(hb.toNotification(), HeartbeatParams::from)).isEqualTo(hb);
        HeartbeatParams disconnected = new HeartbeatParams("r", "v", 0, new HeartbeatParams.Stats(0, 0, 0, 0, 0, null));
        assertThat(notification(disconnected.toNotification(), HeartbeatParams::from)).isEqualTo(disconnected);

        ResourceUpdateParams update = new ResourceUpdateParams(List.of(new ResourceInfo("main-pg", "postgres",
                ResourceInfo.Status.UNREACHABLE, List.of("query"), 1000, "fp")));
        assertThat(notification(update.toNotification(), ResourceUpdateParams::from)).isEqualTo(update);
    }

    @Test
    void relayErrorsForEveryReason() {
        for (RelayReason reason : RelayReason.values()) {
            RelayError e = RelayError.of(reason, "detail of " + reason, "req-" + reason.code());
            String text = relaySide.encode(Response.failure(JsonRpcId.of(3), e.toError()));
            Response.Failure f = (Response.Failure) controlPlaneSide.decode(text).responses().get(0);
            assertThat(f.error().code()).isEqualTo(reason.code());
            assertThat(RelayError.from(f.error())).contains(e);
        }
        assertThat(RelayError.from(JsonRpcError.of(ErrorCode.INVALID_PARAMS))).isEmpty();
    }

    @Test
    void standardErrorsForEveryCode() {
        for (ErrorCode code : ErrorCode.values()) {
            String text = relaySide.encode(Response.failure(JsonRpcId.of("x"), code));
            Response.Failure f = (Response.Failure) controlPlaneSide.decode(text).responses().get(0);
            assertThat(f.error()).isEqualTo(JsonRpcError.of(code));
            assertThat(f.error().errorCode()).contains(code);
        }
    }

    @Test
    void payloadTypesRedactInToString() {
        ExecuteResult.Rows rows = new ExecuteResult.Rows(List.of(new ColumnInfo("email", "text")),
                List.of(List.of("alice@example.com")), META);
        assertThat(rows.toString()).doesNotContain("alice");
        assertThat(new ExecuteResult.Documents(List.of(Map.of("email", "alice@example.com")), META).toString())
                .doesNotContain("alice");
        assertThat(new ExecuteResult.Plan(Map.of("filter", "email = 'alice@example.com'"), META).toString())
                .doesNotContain("alice");
        assertThat(RelayError.of(RelayReason.QUERY_FAILED, "near 'alice'", "r").toString()).doesNotContain("alice");
    }
}
