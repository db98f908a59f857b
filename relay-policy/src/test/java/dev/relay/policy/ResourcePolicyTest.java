package dev.relay.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourcePolicyTest {

    @Test
    void defaults() {
        ResourcePolicy p = ResourcePolicy.builder("main-pg", "postgres").build();
        assertThat(p.maxRowsPerQuery()).isEqualTo(1000);
        assertThat(p.maxQueryLength()).isEqualTo(100_000);
        assertThat(p.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.functionPolicy()).isEqualTo(FunctionPolicy.DENYLIST);
        assertThat(p.allowedOperations()).containsExactlyInAnyOrder(Operation.values());
        assertThat(p.permitsTable("public.anything")).isTrue();
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsKey() {
        assertThatThrownBy(() -> ResourcePolicy.builder("bad id!", "Postgres")
                .maxRowsPerQuery(0)
                .statementTimeout(Duration.ZERO)
                .maxQueryLength(5)
                .tablesAllow(List.of("a.b.c", ""))
                .tablesDeny(List.of(".x"))
                .blockedFunctions(Set.of("drop table"))
                .build())
                .isInstanceOfSatisfying(PolicyConfigException.class, e -> assertThat(e.problems()).satisfiesExactly(
                        p -> assertThat(p).startsWith("id: "),
                        p -> assertThat(p).startsWith("type: "),
                        p -> assertThat(p).startsWith("maxRowsPerQuery: must be between 1 and 1000000"),
                        p -> assertThat(p).startsWith("statementTimeout: "),
                        p -> assertThat(p).startsWith("maxQueryLength: "),
                        p -> assertThat(p).startsWith("tables.allow[0]: "),
                        p -> assertThat(p).startsWith("tables.allow[1]: "),
                        p -> assertThat(p).startsWith("tables.deny[0]: "),
                        p -> assertThat(p).startsWith("blockedFunctions: "),
                        p -> assertThat(p).startsWith("functionPolicy: only applies to postgres")));
    }

    @Test
    void typeSpecificSettingsAreCheckedAgainstTheType() {
        assertThatThrownBy(() -> ResourcePolicy.builder("m", "mongodb").functionPolicy(FunctionPolicy.ALLOWLIST).build())
                .hasMessageContaining("functionPolicy: only applies to postgres");
        assertThatThrownBy(() -> ResourcePolicy.builder("p", "postgres").allowServerSideJavaScript(true).build())
                .hasMessageContaining("allowServerSideJavaScript: only applies to mongodb");
    }

    @Test
    void tableGlobs() {
        ResourcePolicy p = ResourcePolicy.builder("p", "postgres")
                .tablesAllow(List.of("public.*", "analytics.daily_*"))
                .tablesDeny(List.of("*.secrets", "public.audit?"))
                .build();
        assertThat(p.permitsTable("public.users")).isTrue();
        assertThat(p.permitsTable("users")).as("unqualified = public for allow").isTrue();
        assertThat(p.permitsTable("analytics.daily_metrics")).isTrue();
        assertThat(p.permitsTable("analytics.employees")).isFalse();
        assertThat(p.permitsTable("public.secrets")).isFalse();
        assertThat(p.permitsTable("secrets")).isFalse();
        assertThat(p.permitsTable("public.audit1")).isFalse();
        assertThat(p.permitsTable("public.audit12")).isTrue();
        assertThat(p.permitsTable("PUBLIC.USERS")).isTrue();
    }

    @Test
    void duplicateResourceIdsAreAnEngineConfigError() {
        ResourcePolicy a = ResourcePolicy.builder("x", "postgres").build();
        assertThatThrownBy(() -> PolicyEngine.builder().resource(a).resource(a).build())
                .hasMessageContaining("resources[1].id: duplicate of resources[0]");
        assertThatThrownBy(() -> PolicyEngine.builder().parseTimeout(Duration.ofSeconds(5)).build())
                .hasMessageContaining("parseTimeout: must be positive and at most 1s");
    }

    @Test
    void toStringCarriesNoRules() {
        assertThat(ResourcePolicy.builder("p", "postgres").tablesDeny(List.of("hidden_table")).build().toString())
                .doesNotContain("hidden_table");
    }
}
