package dev.relay.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Relations that hold credentials or the server's configuration files are refused with no
 * {@code tables} configuration at all, and even when {@code tables.allow} names them.
 */
class CredentialCatalogTest {

    static SqlPolicy defaults;
    static PolicyEngine allowEverything;

    @BeforeAll
    static void start() {
        defaults = SqlPolicy.defaults();
        allowEverything = PolicyEngine.builder()
                .resource(ResourcePolicy.builder("pg", "postgres")
                        .tablesAllow(List.of("*.*", "pg_catalog.*", "information_schema.*")).build())
                .build();
    }

    @AfterAll
    static void stop() {
        defaults.close();
        allowEverything.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT rolname, rolpassword FROM pg_authid",
        "SELECT rolname, rolpassword FROM pg_catalog.pg_authid",
        "SELECT * FROM \"pg_catalog\".\"pg_authid\"",
        "SELECT * FROM PG_CATALOG.PG_AUTHID",
        "SELECT * FROM U&\"pg\\005fauthid\"",
        "TABLE pg_shadow",
        "SELECT passwd FROM pg_catalog.pg_shadow WHERE usename = 'postgres'",
        "SELECT umoptions FROM pg_user_mapping",
        "SELECT umoptions FROM pg_catalog.pg_user_mappings",
        "SELECT * FROM information_schema.user_mapping_options",
        "SELECT * FROM information_schema.user_mappings",
        "SELECT data FROM pg_largeobject",
        "SELECT * FROM pg_hba_file_rules",
        "SELECT * FROM pg_ident_file_mappings",
        "SELECT name, setting FROM pg_file_settings",
        "SELECT 1 WHERE EXISTS (SELECT 1 FROM pg_authid WHERE rolsuper)",
        "WITH r AS (SELECT rolpassword FROM pg_authid) SELECT * FROM r",
        "SELECT * FROM users u JOIN LATERAL (SELECT rolpassword FROM pg_authid LIMIT 1) p ON true",
        "SELECT 1 UNION ALL SELECT count(*) FROM pg_shadow",
        "SELECT (SELECT passwd FROM pg_shadow LIMIT 1)",
    })
    void refusedByDefaultAndDespiteAnAllowList(String sql) {
        for (Decision d : List.of(defaults.check(sql),
                allowEverything.evaluate(PolicyRequest.sql("pg", "query", sql, List.of())))) {
            assertThat(d).as(sql).isInstanceOf(Decision.Rejected.class);
            Decision.Rejected r = (Decision.Rejected) d;
            assertThat(r.reason()).isEqualTo(RejectReason.QUERY_BLOCKED);
            assertThat(r.detail()).as(sql).contains("never readable through the relay");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT rolname, rolsuper FROM pg_roles",
        "SELECT usename FROM pg_user",
        "SELECT * FROM information_schema.tables",
        "SELECT * FROM public.authid",
        "SELECT * FROM analytics.pg_authid_report",
    })
    void neighboursStayReadable(String sql) {
        assertThat(defaults.check(sql)).as(sql).isInstanceOf(Decision.Allowed.class);
    }
}
