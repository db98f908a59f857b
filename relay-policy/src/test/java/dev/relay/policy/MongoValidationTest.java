package dev.relay.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MongoValidationTest {

    static PolicyEngine engine;

    @BeforeAll
    static void start() {
        engine = PolicyEngine.builder()
                .resource(ResourcePolicy.builder("mg", "mongodb").maxRowsPerQuery(10).build())
                .resource(ResourcePolicy.builder("js", "mongodb").allowServerSideJavaScript(true).build())
                .resource(ResourcePolicy.builder("only", "mongodb").tablesAllow(List.of("orders", "users")).build())
                .build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static Decision find(String resource, String collection, Map<String, Object> filter, Integer limit, Integer skip) {
        return engine.evaluate(new PolicyRequest(resource, "query", null, List.of(), collection, filter, null, null, skip,
                limit, null, null));
    }

    static Decision aggregate(String resource, String collection, List<Object> pipeline) {
        return engine.evaluate(new PolicyRequest(resource, "query", null, List.of(), collection, null, null, null, null,
                null, pipeline, null));
    }

    @Test
    void findLimitIsClampedOrKept() {
        assertThat(((Decision.Allowed) find("mg", "users", Map.of(), 5, null)).query().limit()).isEqualTo(5);
        ApprovedQuery big = ((Decision.Allowed) find("mg", "users", Map.of(), 500, null)).query();
        assertThat(big.limit()).isEqualTo(11);
        assertThat(big.clampedByRewrite()).isTrue();
        assertThat(((Decision.Allowed) find("mg", "users", Map.of(), 0, null)).query().limit())
                .as("0 means no limit in MongoDB").isEqualTo(11);
        assertThat(((Decision.Rejected) find("mg", "users", Map.of(), -5, null)).reason()).isEqualTo(RejectReason.INVALID_INPUT);
        assertThat(((Decision.Rejected) find("mg", "users", Map.of(), null, -1)).detail()).startsWith("skip:");
    }

    @Test
    void aggregateKeepsAFinalLimitUnderTheCap() {
        ApprovedQuery kept = ((Decision.Allowed) aggregate("mg", "users", List.of(Map.of("$limit", 3)))).query();
        assertThat(kept.pipeline()).hasSize(1);
        assertThat(kept.clampedByRewrite()).isFalse();
        ApprovedQuery appended = ((Decision.Allowed) aggregate("mg", "users", List.of(Map.of("$limit", 300)))).query();
        assertThat(appended.pipeline()).hasSize(2).last().isEqualTo(Map.of("$limit", 11));
    }

    @Test
    void approvedDocumentsAreADeepImmutableCopy() {
        Map<String, Object> inner = new HashMap<>(Map.of("$gt", 1));
        Map<String, Object> filter = new HashMap<>(Map.of("age", inner));
        ApprovedQuery q = ((Decision.Allowed) find("mg", "users", filter, null, null)).query();
        inner.put("$where", "sleep(1000)");
        assertThat(q.filter()).isEqualTo(Map.of("age", Map.of("$gt", 1)));
        assertThatThrownBy(() -> q.filter().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        List<Object> pipeline = new ArrayList<>(List.of(Map.of("$match", Map.of())));
        ApprovedQuery a = ((Decision.Allowed) aggregate("mg", "users", pipeline)).query();
        pipeline.add(Map.of("$out", "x"));
        assertThat(a.pipeline()).hasSize(2).noneMatch(s -> s.containsKey("$out"));
    }

    @Test
    void serverSideJavaScriptNeedsTheOptIn() {
        Map<String, Object> where = Map.of("$where", "this.a == 1");
        assertThat(find("mg", "users", where, null, null)).isInstanceOf(Decision.Rejected.class);
        assertThat(find("js", "users", where, null, null)).isInstanceOf(Decision.Allowed.class);
        assertThat(aggregate("js", "users", List.of(Map.of("$out", "x")))).as("opt-in never allows writes")
                .isInstanceOf(Decision.Rejected.class);
    }

    @Test
    void collectionAllowListAppliesToLookupTargets() {
        assertThat(find("only", "users", Map.of(), null, null)).isInstanceOf(Decision.Allowed.class);
        assertThat(((Decision.Rejected) find("only", "logs", Map.of(), null, null)).detail())
                .isEqualTo("collection not permitted: logs");
        Decision d = aggregate("only", "orders", List.of(Map.of("$lookup", Map.of("from", "logs", "as", "l",
                "localField", "a", "foreignField", "b"))));
        assertThat(((Decision.Rejected) d).detail()).startsWith("collection not permitted: logs");
    }

    @Test
    void malformedRequestsAreInvalidInput() {
        assertThat(((Decision.Rejected) find("mg", null, Map.of(), null, null)).detail()).isEqualTo("collection: required");
        Decision twoKeys = aggregate("mg", "users", List.of(Map.of("$match", Map.of(), "$limit", 1)));
        assertThat(((Decision.Rejected) twoKeys).reason()).isEqualTo(RejectReason.INVALID_INPUT);
        Decision sql = engine.evaluate(PolicyRequest.sql("mg", "query", "SELECT 1", List.of()));
        assertThat(((Decision.Rejected) sql).reason()).isEqualTo(RejectReason.INVALID_INPUT);
    }

    @Test
    void describeTableChecksTheRules() {
        Decision ok = engine.evaluate(new PolicyRequest("only", "describe_table", null, List.of(), "users", null, null,
                null, null, null, null, null));
        assertThat(((Decision.Allowed) ok).query().table()).isEqualTo("users");
        Decision no = engine.evaluate(new PolicyRequest("only", "describe_table", null, List.of(), "logs", null, null,
                null, null, null, null, null));
        assertThat(((Decision.Rejected) no).detail()).isEqualTo("table not permitted: logs");
        ApprovedQuery list = ((Decision.Allowed) engine.evaluate(new PolicyRequest("only", "list_tables", null, List.of(),
                null, null, null, null, null, null, null, null))).query();
        assertThat(list.permitsTable("orders")).isTrue();
        assertThat(list.permitsTable("logs")).isFalse();
    }
}
