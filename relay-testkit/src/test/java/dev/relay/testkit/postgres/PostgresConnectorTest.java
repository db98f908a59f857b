package dev.relay.testkit.postgres;

import static dev.relay.testkit.postgres.PgSupport.ctx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.policy.spi.Column;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.HealthReport;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.policy.spi.TableDescription;
import dev.relay.policy.spi.TableInfo;
import dev.relay.testkit.db.PostgresFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

/** Queries, parameters, metadata, explain, health and error messages against a real PostgreSQL. */
class PostgresConnectorTest {

    private static final PostgresFixture PG = PostgresFixture.shared();
    private static String db;
    private static ResourceConnector connector;

    @BeforeAll
    static void setUp() {
        db = PG.createDatabase("connector");
        PG.executeIn(db,
                "CREATE SCHEMA billing",
                "CREATE TABLE users (id int8 PRIMARY KEY, email text NOT NULL, created_at timestamptz, doc jsonb)",
                "CREATE UNIQUE INDEX users_email ON users (email)",
                "CREATE INDEX users_created ON users (created_at DESC, id)",
                "INSERT INTO users SELECT i, 'user' || i || '@example.com', '2024-01-01'::timestamptz + i * interval '1 day',"
                        + " jsonb_build_object('tier', CASE WHEN i % 2 = 0 THEN 'gold' END)"
                        + " FROM generate_series(1, 20) AS i",
                "CREATE TABLE billing.invoices (invoice_no int, amount numeric(12,2), user_id int8 REFERENCES users,"
                        + " PRIMARY KEY (invoice_no, user_id))",
                "CREATE VIEW active_users AS SELECT id, email FROM users WHERE id < 10",
                "CREATE MATERIALIZED VIEW user_counts AS SELECT count(*) AS n FROM users",
                "ANALYZE users");
        connector = PgSupport.connector(PG, db);
    }

    @AfterAll
    static void tearDown() {
        connector.close();
    }

    @Test
    void bindsPositionalParametersNeverConcatenating() {
        QueryResult.Rows rows = (QueryResult.Rows) connector.query(PgPolicy.query(
                "SELECT id, email FROM users WHERE created_at > $1 AND id <= $2 OR email = $3 ORDER BY id",
                "2024-01-15", 17, "user1@example.com"), ctx());
        assertThat(rows.rows()).extracting(r -> r.get(0)).containsExactly(1L, 15L, 16L, 17L);
        // a parameter that looks like SQL stays a value
        QueryResult.Rows none = (QueryResult.Rows) connector.query(PgPolicy.query(
                "SELECT id FROM users WHERE email = $1", "x' OR '1'='1"), ctx());
        assertThat(none.rows()).isEmpty();
        // $1 used twice, jsonb ? operator untouched by the placeholder translation
        QueryResult.Rows gold = (QueryResult.Rows) connector.query(PgPolicy.query(
                "SELECT count(*) AS n FROM users WHERE doc ->> 'tier' = $1 OR email = $1", "gold"), ctx());
        assertThat(gold.rows().get(0).get(0)).isEqualTo(10L);
        // the jsonb ? operator is not a placeholder (escaped as ?? for pgjdbc)
        assertThat(PgSupport.single(connector, "SELECT count(*) FROM users WHERE doc ? 'tier' AND id > $1 AND $2", 15,
                true)).isEqualTo(5L);
    }

    @Test
    void columnsCarryTypeAndSourceTable() {
        QueryResult.Rows rows = (QueryResult.Rows) connector.query(PgPolicy.query(
                "SELECT u.id, u.email, 1 AS one, u.id AS id FROM users u ORDER BY u.id LIMIT 1"), ctx());
        assertThat(rows.columns()).containsExactly(new Column("id", "int8", "users", "id"),
                new Column("email", "text", "users", "email"), new Column("one", "int4", null),
                new Column("id", "int8", "users", "id"));
        assertThat(rows.rows().get(0)).containsExactly(1L, "user1@example.com", 1, 1L);
    }

    @Test
    void listTablesShowsTablesViewsAndMaterializedViewsWithEstimates() {
        List<TableInfo> tables = connector.listTables(PgPolicy.approve("list_tables", null, List.of(), 1000, null,
                List.of("billing.*")), ctx());
        assertThat(tables).extracting(t -> t.schema() + "." + t.name() + ":" + t.kind())
                .containsExactly("public.active_users:view", "public.user_counts:materialized_view", "public.users:table");
        assertThat(tables).filteredOn(t -> t.name().equals("users")).singleElement()
                .satisfies(t -> assertThat(t.estimatedRows()).isEqualTo(20L));
        assertThat(connector.listTables(PgPolicy.approve("list_tables", null, List.of(), 1000, null, List.of()), ctx()))
                .extracting(TableInfo::name).contains("invoices");
    }

    @Test
    void describeTableGivesColumnsNullabilityPrimaryKeyAndIndexes() {
        TableDescription users = connector.describeTable(
                PgPolicy.approve("describe_table", null, List.of(), 1000, "users", List.of()), ctx());
        assertThat(users.schema()).isEqualTo("public");
        assertThat(users.kind()).isEqualTo("table");
        assertThat(users.fields()).containsExactly(
                new TableDescription.Field("id", "bigint", false, null),
                new TableDescription.Field("email", "text", false, null),
                new TableDescription.Field("created_at", "timestamp with time zone", true, null),
                new TableDescription.Field("doc", "jsonb", true, null));
        assertThat(users.primaryKey()).containsExactly("id");
        assertThat(users.indexes()).containsExactly(
                new TableDescription.Index("users_pkey", List.of("id"), true),
                new TableDescription.Index("users_created", List.of("created_at", "id"), false),
                new TableDescription.Index("users_email", List.of("email"), true));

        TableDescription invoices = connector.describeTable(
                PgPolicy.approve("describe_table", null, List.of(), 1000, "billing.invoices", List.of()), ctx());
        assertThat(invoices.primaryKey()).containsExactly("invoice_no", "user_id");
        assertThat(invoices.fields().get(1).type()).isEqualTo("numeric(12,2)");

        assertThatThrownBy(() -> connector.describeTable(
                PgPolicy.approve("describe_table", null, List.of(), 1000, "nope", List.of()), ctx()))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.QUERY_FAILED));
    }

    @Test
    void explainReturnsTheJsonPlanWithoutRunningTheStatement() {
        Object plan = connector.explain(PgPolicy.approve("explain", "SELECT * FROM users WHERE id = $1",
                List.of(3), 1000, null, List.of()), ctx());
        assertThat(plan).isInstanceOf(List.class);
        @SuppressWarnings("unchecked") Map<String, Object> top = (Map<String, Object>) ((List<?>) plan).get(0);
        assertThat(top).containsKey("Plan");
        assertThat(((Map<?, ?>) top.get("Plan")).get("Node Type")).isNotNull();
        assertThat(top).doesNotContainKey("Execution Time");
    }

    @Test
    void failuresCarrySqlStateAndNoValues() {
        assertThatThrownBy(() -> connector.query(PgPolicy.query("SELECT id FROM users WHERE id = $1", "abc-secret"), ctx()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.QUERY_FAILED);
                    assertThat(e.getMessage()).startsWith("SQLSTATE 22P02 (invalid_text_representation)")
                            .doesNotContain("abc-secret");
                });
        assertThatThrownBy(() -> connector.query(PgPolicy.query("SELECT nope FROM users"), ctx()))
                .hasMessage("SQLSTATE 42703 (undefined_column): column \"nope\" does not exist");
        assertThatThrownBy(() -> connector.query(PgPolicy.query("SELECT 1 / (id - id) FROM users"), ctx()))
                .hasMessage("SQLSTATE 22012 (division_by_zero): division by zero");
    }

    /**
     * A row value cast to an object-name type makes PostgreSQL quote it as an object name
     * ({@code relation "user3@example.com" does not exist}): such an error must not carry the value
     * (it would get past a column rule that masks the column). Names the query itself wrote stay.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT email::regclass FROM users WHERE id = 3",
        "SELECT email::regtype FROM users WHERE id = 3",
        "SELECT email::regproc FROM users WHERE id = 3",
        "SELECT email::regrole FROM users WHERE id = 3",
        "SELECT email::regnamespace FROM users WHERE id = 3",
        "SELECT email::regconfig FROM users WHERE id = 3",
        "SELECT email::regoper FROM users WHERE id = 3",
        "SELECT email::regcollation FROM users WHERE id = 3",
        "SELECT email::regdictionary FROM users WHERE id = 3",
        "SELECT CAST(email AS regclass) FROM users WHERE id = 3",
        "SELECT replace(email, '@', '_')::regclass FROM users WHERE id = 3",
        "SELECT upper(email)::regclass FROM users WHERE id = 3",
    })
    void aRowValueNeverReturnsAsAnObjectNameInAnError(String sql) {
        assertThatThrownBy(() -> connector.query(PgPolicy.query(sql), ctx()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT))
                        .startsWith("sqlstate").doesNotContain("user3").doesNotContain("example"));
    }

    @Test
    void healthTellsAuthenticationFailureFromCannotConnect() {
        assertThat(connector.health(Duration.ofSeconds(5)).ok()).isTrue();

        Map<String, Object> wrongPassword = PgSupport.connection(PG, db);
        wrongPassword.put("password", "not-the-password");
        try (ResourceConnector c = PgSupport.connector(new ConnectorConfig("pg-bad", "postgres", wrongPassword,
                Map.of("acquireTimeout", "1s"), Duration.ofSeconds(30), 1 << 20))) {
            HealthReport report = c.health(Duration.ofSeconds(5));
            assertThat(report.connect()).isTrue();
            assertThat(report.auth()).isFalse();
            assertThat(report.error()).startsWith("authentication failed: SQLSTATE 28P01").doesNotContain("not-the-password");
            assertThatThrownBy(() -> c.query(PgPolicy.query("SELECT 1"), ctx()))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> {
                                assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RESOURCE_UNAVAILABLE);
                                assertThat(e.getMessage()).contains("28P01").doesNotContain("not-the-password");
                            });
        }

        Map<String, Object> nowhere = PgSupport.connection(PG, db);
        nowhere.put("url", "jdbc:postgresql://127.0.0.1:" + PostgresFixture.freePortForTests() + "/x");
        try (ResourceConnector c = PgSupport.connector(new ConnectorConfig("pg-gone", "postgres", nowhere,
                Map.of("acquireTimeout", "1s"), Duration.ofSeconds(30), 1 << 20))) {
            HealthReport report = c.health(Duration.ofSeconds(2));
            assertThat(report.connect()).isFalse();
            assertThat(report.error()).startsWith("cannot connect: SQLSTATE 08");
            assertThatThrownBy(() -> c.query(PgPolicy.query("SELECT 1"), ctx()))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RESOURCE_UNAVAILABLE));
        }
    }
}
