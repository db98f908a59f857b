package dev.relay.protocol;

import static dev.relay.protocol.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecuteParamsTest {

    private static ExecuteParams read(String json) {
        return ExecuteParams.from(tree(json), JsonRpcId.of("rpc-1"));
    }

    @Test
    void sqlFormOfTheSpec() {
        ExecuteParams p = read("{\"resourceId\": \"main-pg\", \"operation\": \"query\","
                + " \"query\": \"SELECT id, email FROM users WHERE created_at > $1\","
                + " \"parameters\": [\"2024-01-01\"], \"timeoutMs\": 10000, \"requestId\": \"req-abc123\"}");
        assertThat(p.resourceId()).isEqualTo("main-pg");
        assertThat(p.operation()).isEqualTo(ExecuteOperation.QUERY);
        assertThat(p.form()).isEqualTo(ExecuteParams.Form.SQL);
        assertThat(p.query()).isEqualTo("SELECT id, email FROM users WHERE created_at > $1");
        assertThat(p.parameters()).containsExactly("2024-01-01");
        assertThat(p.timeoutMs()).isEqualTo(10000L);
        assertThat(p.requestId()).isEqualTo("req-abc123");
        assertThat(p.collection()).isNull();
    }

    @Test
    void parametersKeepTheirJsonTypes() {
        ExecuteParams p = read("{\"resourceId\":\"r\",\"operation\":\"query\",\"query\":\"q\","
                + "\"parameters\":[1, 9007199254740993, 123456789012345678901234, 1.5, true, null, \"s\", [1], {\"a\":1}]}");
        assertThat(p.parameters()).containsExactly(1, 9007199254740993L, "123456789012345678901234", 1.5, true, null, "s",
                List.of(1), Map.of("a", 1));
    }

    @Test
    void requestIdDefaultsToTheJsonRpcId() {
        String json = "{\"resourceId\":\"r\",\"operation\":\"list_tables\"}";
        assertThat(ExecuteParams.from(tree(json), JsonRpcId.of("abc")).requestId()).isEqualTo("abc");
        assertThat(ExecuteParams.from(tree(json), JsonRpcId.of(42)).requestId()).isEqualTo("42");
        assertThat(ExecuteParams.from(new Request(JsonRpcId.of(7), "execute", tree(json))).requestId()).isEqualTo("7");
    }

    @Test
    void mongoFind() {
        ExecuteParams p = read("{\"resourceId\":\"events\",\"operation\":\"query\",\"collection\":\"orders\","
                + "\"filter\":{\"status\":\"open\",\"total\":{\"$gt\":10}},\"projection\":{\"_id\":0},"
                + "\"sort\":{\"createdAt\":-1},\"limit\":5,\"skip\":10}");
        assertThat(p.form()).isEqualTo(ExecuteParams.Form.MONGO_FIND);
        assertThat(p.collection()).isEqualTo("orders");
        assertThat(p.filter()).containsExactly(Map.entry("status", "open"), Map.entry("total", Map.of("$gt", 10)));
        assertThat(p.projection()).containsEntry("_id", 0);
        assertThat(p.sort()).containsEntry("createdAt", -1);
        assertThat(p.limit()).isEqualTo(5);
        assertThat(p.skip()).isEqualTo(10);
        assertThat(p.pipeline()).isNull();
        assertThat(p.parameters()).isEmpty();
    }

    @Test
    void mongoAggregateAndExplain() {
        ExecuteParams p = read("{\"resourceId\":\"events\",\"operation\":\"explain\",\"collection\":\"orders\","
                + "\"pipeline\":[{\"$match\":{\"a\":1}},{\"$group\":{\"_id\":\"$a\",\"n\":{\"$sum\":1}}}]}");
        assertThat(p.form()).isEqualTo(ExecuteParams.Form.MONGO_AGGREGATE);
        assertThat(p.operation()).isEqualTo(ExecuteOperation.EXPLAIN);
        assertThat(p.pipeline()).hasSize(2);
        assertThat(p.pipeline().get(0)).containsEntry("$match", Map.of("a", 1));
    }

    @Test
    void listAndDescribe() {
        ExecuteParams list = read("{\"resourceId\":\"r\",\"operation\":\"list_tables\"}");
        assertThat(list.form()).isEqualTo(ExecuteParams.Form.NONE);
        assertThat(read("{\"resourceId\":\"r\",\"operation\":\"describe_table\",\"table\":\"public.users\"}").table())
                .isEqualTo("public.users");
        assertThat(read("{\"resourceId\":\"r\",\"operation\":\"describe_table\",\"collection\":\"orders\"}").table())
                .isEqualTo("orders");
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "{}|resourceId|is required (a string)",
            "{\"resourceId\":1,\"operation\":\"query\"}|resourceId|must be a string",
            "{\"resourceId\":\"\",\"operation\":\"query\"}|resourceId|must not be empty",
            "{\"resourceId\":\"r\"}|operation|is required (a string)",
            "{\"resourceId\":\"r\",\"operation\":\"delete\"}|operation|must be one of query, list_tables, describe_table, explain",
            "{\"resourceId\":\"r\",\"operation\":\"QUERY\",\"query\":\"q\"}|operation|must be one of query, list_tables, describe_table, explain",
            "{\"resourceId\":\"r\",\"operation\":\"query\"}|query|is required (or collection, for MongoDB)",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"query\":5}|query|must be a string",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"query\":\"\"}|query|must not be empty",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"query\":\"q\",\"parameters\":{}}|parameters|must be an array",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"query\":\"q\",\"collection\":\"c\"}|collection|cannot be combined with query (MongoDB requests name a collection instead)",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"query\":\"q\",\"paramters\":[]}|paramters|is not a known parameter",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"query\":\"q\",\"timeoutMs\":0}|timeoutMs|must be an integer between 1 and 86400000",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"query\":\"q\",\"timeoutMs\":1.5}|timeoutMs|must be an integer between 1 and 86400000",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"query\":\"q\",\"timeoutMs\":\"10\"}|timeoutMs|must be an integer between 1 and 86400000",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"query\":\"q\",\"timeoutMs\":1e999999999}|timeoutMs|must be an integer between 1 and 86400000",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"query\":\"q\",\"requestId\":7}|requestId|must be a string",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"query\":\"q\",\"table\":\"t\"}|table|is not allowed for query (use describe_table)",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"collection\":\"c\",\"parameters\":[]}|parameters|is only for SQL queries",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"collection\":\"c\",\"pipeline\":[],\"filter\":{}}|filter|cannot be combined with pipeline (add a stage instead)",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"collection\":\"c\",\"pipeline\":{}}|pipeline|must be an array",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"collection\":\"c\",\"pipeline\":[{},1]}|pipeline[1]|must be an object (a stage)",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"collection\":\"c\",\"filter\":[]}|filter|must be an object",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"collection\":\"c\",\"limit\":-1}|limit|must be an integer between 0 and 2147483647",
            "{\"resourceId\":\"r\",\"operation\":\"query\",\"collection\":\"c\",\"skip\":3000000000}|skip|must be an integer between 0 and 2147483647",
            "{\"resourceId\":\"r\",\"operation\":\"list_tables\",\"query\":\"q\"}|query|is not allowed for list_tables",
            "{\"resourceId\":\"r\",\"operation\":\"list_tables\",\"table\":\"t\"}|table|is not allowed for list_tables",
            "{\"resourceId\":\"r\",\"operation\":\"describe_table\"}|table|is required (or collection, for MongoDB)",
            "{\"resourceId\":\"r\",\"operation\":\"describe_table\",\"table\":\"t\",\"collection\":\"c\"}|collection|cannot be combined with table (give one)",
            "{\"resourceId\":\"r\",\"operation\":\"describe_table\",\"table\":\"t\",\"query\":\"q\"}|query|is not allowed for describe_table",
            "[\"r\",\"query\"]|params|must be an object",
            "null|params|is required (an object)"})
    void invalidParamsNameTheParam(String json, String param, String detail) {
        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class, () -> read(json));
        assertThat(e).as(json).isNotNull();
        assertThat(e.param()).isEqualTo(param);
        assertThat(e.detail()).isEqualTo(detail);
        assertThat(e.error().code()).isEqualTo(-32602);
        assertThat(e.error().data()).isEqualTo(tree("{\"param\":\"" + param + "\",\"detail\":\"" + detail + "\"}"));
        assertThat(e.getMessage()).isEqualTo(param + ": " + detail);
    }

    @Test
    void missingParamsMemberIsInvalidParams() {
        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class,
                () -> ExecuteParams.from(new Request(JsonRpcId.of(1), "execute", null)));
        assertThat(e.param()).isEqualTo("params");
    }

    @Test
    void errorsNeverEchoTheValue() {
        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class,
                () -> read("{\"resourceId\":\"r\",\"operation\":\"query\",\"query\":\"q\",\"timeoutMs\":\"hunter2\"}"));
        assertThat(e.getMessage()).doesNotContain("hunter2");
        assertThat(e.error().toString()).doesNotContain("hunter2");
    }

    @Test
    void toStringRedactsQueryParametersAndDocuments() {
        ExecuteParams p = read("{\"resourceId\":\"main-pg\",\"operation\":\"query\",\"query\":\"SELECT 'alice@example.com'\","
                + "\"parameters\":[\"123.456.789-09\"]}");
        assertThat(p.toString()).contains("main-pg").doesNotContain("alice").doesNotContain("123.456");
        ExecuteParams m = read("{\"resourceId\":\"ev\",\"operation\":\"query\",\"collection\":\"c\",\"filter\":{\"email\":\"bob@x.io\"}}");
        assertThat(m.toString()).doesNotContain("bob");
    }

    @Test
    void dispatcherTurnsInvalidParamsIntoMinus32602() {
        JsonRpcDispatcher d = JsonRpcDispatcher.builder()
                .onRequest(RelayMethods.EXECUTE, req -> ExecuteParams.from(req).requestId())
                .build();
        JsonNode reply = tree(d.handle("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":{\"operation\":\"query\"},\"id\":1}")
                .orElseThrow());
        assertThat(reply).isEqualTo(tree("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"Invalid params\","
                + "\"data\":{\"param\":\"resourceId\",\"detail\":\"is required (a string)\"}}}"));
    }
}
