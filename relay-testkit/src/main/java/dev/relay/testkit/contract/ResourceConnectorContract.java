package dev.relay.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.Decision;
import dev.relay.policy.Operation;
import dev.relay.policy.PolicyEngine;
import dev.relay.policy.PolicyRequest;
import dev.relay.policy.ResourcePolicy;
import dev.relay.policy.spi.ConnectorConfig;
import dev.relay.policy.spi.ConnectorConfigException;
import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.ConnectorProvider;
import dev.relay.policy.spi.ConnectorRegistry;
import dev.relay.policy.spi.HealthReport;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.policy.spi.TableDescription;
import dev.relay.policy.spi.TableInfo;
import dev.relay.policy.spi.TruncatedBy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every {@code ResourceConnector} promises, as abstract JUnit 5 tests. A connector's
 * test class extends this, loads the {@linkplain #TABLE contract data set} ({@value #ROWS} rows or
 * documents {@code {id: i, name: "item-i"}} for {@code i = 1..}{@value #ROWS}, in a table or
 * collection named {@value #TABLE}) into a real server, and says how to reach it. The kit gets its
 * {@link ApprovedQuery}s from a real {@link PolicyEngine}, exactly as the runtime does.
 *
 * <p>What it checks: the provider names a lower-case type and is found by {@link java.util.ServiceLoader};
 * configuration problems are all reported, each naming its key, unknown keys included; creating a
 * connector never blocks on the network; {@code list_tables} shows the table and honours deny rules;
 * {@code describe_table} names the fields; health says ok when reachable and "cannot connect" when
 * not, without throwing; the schema fingerprint is lower-case hex, stable across calls and connector
 * instances, and changes when a column does; {@code close()} is idempotent and later requests fail
 * with {@code RESOURCE_UNAVAILABLE}; {@code toString()} never shows a password; every returned value
 * belongs to the value model. When {@link #selectAllRows()} gives a request (types the policy has a
 * validator for: {@code postgres}, {@code mongodb}), it also checks that a query returns every row,
 * that the row clamp is exact at the boundary, that a byte budget truncates with
 * {@code truncatedBy: BYTES}, and that {@code explain} returns a plan.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ResourceConnectorContract {

    /** The table or collection of the contract data set. */
    public static final String TABLE = "relay_contract";
    /** How many rows the contract data set holds. */
    public static final int ROWS = 5;
    /** The resource id the kit's configs and policies use. */
    public static final String RESOURCE_ID = "contract";

    private @Nullable ResourceConnector shared;

    // ----------------------------------------------------------------------------- what a connector supplies

    /** The provider under test, as the runtime would find it. */
    protected abstract ConnectorProvider provider();

    /** A config (resource id {@link #RESOURCE_ID}) reaching a server where the contract data set is loaded. */
    protected abstract ConnectorConfig config();

    /** A config pointing where nothing answers (a closed port, a missing directory). */
    protected abstract ConnectorConfig unreachableConfig();

    /** A config with wrong values under the keys {@link #invalidKeys()} names. */
    protected abstract ConnectorConfig invalidConfig();

    /** The dotted keys ({@code connection.url}, {@code pool.maxSize}) {@link #invalidConfig()} gets wrong. */
    protected abstract Set<String> invalidKeys();

    /** Adds a column (or field) to {@link #TABLE}, which must change the schema fingerprint. */
    protected abstract void changeSchema();

    /** Undoes {@link #changeSchema()}. */
    protected abstract void restoreSchema();

    /**
     * A request returning every contract row ordered by {@code id}, or null when the policy cannot
     * approve queries for this type (third-party types get only list_tables and describe_table).
     */
    protected @Nullable PolicyRequest selectAllRows() {
        return null;
    }

    // ----------------------------------------------------------------------------- helpers

    @BeforeAll
    final void createSharedConnector() {
        shared = provider().create(config());
    }

    @AfterAll
    final void closeSharedConnector() {
        if (shared != null) {
            shared.close();
        }
    }

    /** The connector most tests use; created once per test class. */
    protected final ResourceConnector connector() {
        if (shared == null) {
            throw new IllegalStateException("connector not created yet");
        }
        return shared;
    }

    protected static QueryContext context() {
        return new QueryContext("contract-req", Duration.ofSeconds(30), 16L * 1024 * 1024);
    }

    /** Asks a real policy engine (all operations allowed) to approve {@code request}. */
    protected final ApprovedQuery approve(PolicyRequest request, int maxRows, List<String> tablesDeny) {
        ResourcePolicy policy = ResourcePolicy.builder(RESOURCE_ID, provider().type())
                .allowedOperations(EnumSet.allOf(Operation.class))
                .maxRowsPerQuery(maxRows)
                .tablesDeny(tablesDeny)
                .build();
        try (PolicyEngine engine = PolicyEngine.builder().resource(policy).build()) {
            Decision d = engine.evaluate(request);
            if (d instanceof Decision.Allowed allowed) {
                return allowed.query();
            }
            Decision.Rejected r = (Decision.Rejected) d;
            return fail("the policy rejected the contract request: " + r.reason() + ": " + r.detail());
        }
    }

    protected final ApprovedQuery approve(PolicyRequest request, int maxRows) {
        return approve(request, maxRows, List.of());
    }

    protected static PolicyRequest metadata(String operation, @Nullable String table) {
        return new PolicyRequest(RESOURCE_ID, operation, null, List.of(), null, null, null, null, null, null, null, table);
    }

    private static PolicyRequest withOperation(PolicyRequest r, String operation) {
        return new PolicyRequest(r.resourceId(), operation, r.query(), r.parameters(), r.collection(), r.filter(),
                r.projection(), r.sort(), r.skip(), r.limit(), r.pipeline(), r.table());
    }

    private PolicyRequest requireQuerySupport() {
        PolicyRequest request = selectAllRows();
        Assumptions.assumeTrue(request != null,
                "the policy approves no queries for type " + provider().type() + ": query checks do not apply");
        return request;
    }

    private static ConnectorConfig withSections(ConnectorConfig base, Function<Map<String, Object>, Map<String, Object>> connection,
            Function<Map<String, Object>, Map<String, Object>> pool) {
        return new ConnectorConfig(base.resourceId(), base.type(), connection.apply(new HashMap<>(base.connection())),
                pool.apply(new HashMap<>(base.pool())), base.statementTimeout(), base.maxResponseBytes());
    }

    /** Asserts that {@code value} is a JSON-compatible value of the relay's value model, recursively. */
    public static void assertValueModel(@Nullable Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Double) {
            return;
        }
        if (value instanceof Long l) {
            assertThat(Math.abs(l)).as("a Long beyond 2^53 must be a String").isLessThanOrEqualTo(1L << 53);
            return;
        }
        if (value instanceof List<?> list) {
            list.forEach(ResourceConnectorContract::assertValueModel);
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                assertThat(k).isInstanceOf(String.class);
                assertValueModel(v);
            });
            return;
        }
        fail("not a value-model type: " + value.getClass().getName());
    }

    private static List<@Nullable Object> ids(QueryResult result) {
        List<@Nullable Object> ids = new ArrayList<>();
        if (result instanceof QueryResult.Rows rows) {
            int idColumn = -1;
            for (int i = 0; i < rows.columns().size(); i++) {
                if (rows.columns().get(i).name().equals("id")) {
                    idColumn = i;
                }
            }
            assertThat(idColumn).as("an id column").isNotNegative();
            for (List<@Nullable Object> row : rows.rows()) {
                assertThat(row).hasSize(rows.columns().size());
                row.forEach(ResourceConnectorContract::assertValueModel);
                Object id = row.get(idColumn);
                ids.add(id instanceof Number n ? (Object) n.longValue() : id);
            }
        } else {
            for (Map<String, @Nullable Object> doc : ((QueryResult.Documents) result).documents()) {
                assertValueModel(doc);
                Object id = doc.get("id");
                ids.add(id instanceof Number n ? (Object) n.longValue() : id);
            }
        }
        return ids;
    }

    // ----------------------------------------------------------------------------- provider and config

    @Test
    void providerNamesALowerCaseTypeAndIsFoundByServiceLoader() {
        ConnectorProvider provider = provider();
        assertThat(provider.type()).matches("[a-z][a-z0-9_-]*");
        ConnectorRegistry registry = ConnectorRegistry.load(provider.getClass().getClassLoader());
        assertThat(registry.provider(provider.type()))
                .as("META-INF/services/dev.relay.policy.spi.ConnectorProvider must list the provider")
                .hasValueSatisfying(found -> assertThat(found.getClass().getName()).isEqualTo(provider.getClass().getName()));
    }

    @Test
    void invalidConfigIsReportedAtOnceNamingEveryKey() {
        assertThatThrownBy(() -> provider().create(invalidConfig()).close())
                .isInstanceOfSatisfying(ConnectorConfigException.class, e -> {
                    for (String key : invalidKeys()) {
                        assertThat(e.problems()).as("a problem naming " + key)
                                .anySatisfy(p -> assertThat(p).startsWith(key + ":"));
                    }
                    assertThat(e.getMessage()).isEqualTo(String.join("; ", e.problems()));
                });
    }

    @Test
    void unknownKeysAreRejectedByName() {
        ConnectorConfig config = withSections(config(), c -> {
            c.put("noSuchKey", "x");
            return c;
        }, p -> {
            p.put("noSuchPoolKey", 1);
            return p;
        });
        assertThatThrownBy(() -> provider().create(config).close())
                .isInstanceOfSatisfying(ConnectorConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("connection.noSuchKey:"))
                        .anySatisfy(p -> assertThat(p).startsWith("pool.noSuchPoolKey:")));
    }

    @Test
    void validateAgreesWithCreateWithoutCreatingAnything() {
        provider().validate(config());
        provider().validate(unreachableConfig());
        assertThatThrownBy(() -> provider().validate(invalidConfig()))
                .isInstanceOfSatisfying(ConnectorConfigException.class, e -> {
                    for (String key : invalidKeys()) {
                        assertThat(e.problems()).as("validate(): a problem naming " + key)
                                .anySatisfy(p -> assertThat(p).startsWith(key + ":"));
                    }
                });
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        for (int i = 0; i < 20; i++) {
            provider().validate(unreachableConfig());
        }
        Set<Thread> started = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        started.removeIf(t -> !t.isAlive());
        assertThat(started).as("validate() must start no thread (pool, monitor, timer)").isEmpty();
    }

    @Test
    void creatingAConnectorNeverBlocksOnTheNetwork() {
        long start = System.nanoTime();
        ResourceConnector c = provider().create(unreachableConfig());
        long ms = (System.nanoTime() - start) / 1_000_000;
        c.close();
        assertThat(ms).as("create() took %d ms", ms).isLessThan(3000);
    }

    @Test
    void toStringNeverShowsASecret() {
        List<String> secrets = new ArrayList<>();
        config().connection().forEach((k, v) -> {
            if (k.toLowerCase(java.util.Locale.ROOT).contains("password") && v instanceof String s && s.length() > 2) {
                secrets.add(s);
            }
        });
        for (String secret : secrets) {
            assertThat(connector().toString()).doesNotContain(secret);
            assertThat(config().toString()).doesNotContain(secret);
        }
    }

    // ----------------------------------------------------------------------------- metadata

    @Test
    void listTablesShowsTheContractTable() {
        List<TableInfo> tables = connector().listTables(approve(metadata("list_tables", null), 100), context());
        assertThat(tables).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo(TABLE);
            assertThat(t.kind()).isNotBlank();
            assertThat(t.schema()).isNotBlank();
        });
    }

    @Test
    void listTablesHonoursDenyRules() {
        ApprovedQuery request = approve(metadata("list_tables", null), 100, List.of(TABLE));
        assertThat(connector().listTables(request, context())).noneSatisfy(t -> assertThat(t.name()).isEqualTo(TABLE));
    }

    @Test
    void describeTableNamesTheFields() {
        TableDescription d = connector().describeTable(approve(metadata("describe_table", TABLE), 100), context());
        assertThat(d.name()).isEqualTo(TABLE);
        assertThat(d.fields()).extracting(TableDescription.Field::name).contains("id", "name");
        assertThat(d.fields()).allSatisfy(f -> assertThat(f.type()).isNotBlank());
    }

    // ----------------------------------------------------------------------------- health and fingerprint

    @Test
    void healthIsOkWhenReachable() {
        HealthReport report = connector().health(Duration.ofSeconds(10));
        assertThat(report.ok()).as("health: %s", report.error()).isTrue();
        assertThat(report.connect()).isTrue();
        assertThat(report.auth()).isTrue();
        assertThat(report.latencyMs()).isNotNegative();
    }

    @Test
    void healthSaysCannotConnectWithoutThrowing() {
        try (ResourceConnector c = provider().create(unreachableConfig())) {
            long start = System.nanoTime();
            HealthReport report = c.health(Duration.ofSeconds(2));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(report.ok()).isFalse();
            assertThat(report.connect()).isFalse();
            assertThat(report.auth()).isFalse();
            assertThat(report.error()).isNotBlank();
            assertThat(ms).as("health took %d ms for a 2 s timeout", ms).isLessThan(8000);
        }
    }

    @Test
    void schemaFingerprintIsStableHexAndChangesWithAColumn() {
        String first = connector().schemaFingerprint(context());
        assertThat(first).matches("[0-9a-f]{16,}");
        assertThat(connector().schemaFingerprint(context())).isEqualTo(first);
        try (ResourceConnector other = provider().create(config())) {
            assertThat(other.schemaFingerprint(context())).as("another connector instance").isEqualTo(first);
        }
        changeSchema();
        try {
            assertThat(connector().schemaFingerprint(context())).as("after a column was added").isNotEqualTo(first);
        } finally {
            restoreSchema();
        }
        assertThat(connector().schemaFingerprint(context())).as("after the column was removed again").isEqualTo(first);
    }

    // ----------------------------------------------------------------------------- close

    @Test
    void closeIsIdempotentAndLaterRequestsFailCleanly() {
        ResourceConnector c = provider().create(config());
        ApprovedQuery list = approve(metadata("list_tables", null), 100);
        assertThat(c.listTables(list, context())).isNotEmpty();
        c.close();
        assertThatCode(c::close).doesNotThrowAnyException();
        assertThatThrownBy(() -> c.listTables(list, context()))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RESOURCE_UNAVAILABLE));
        assertThatCode(() -> c.health(Duration.ofSeconds(1))).doesNotThrowAnyException();
    }

    // ----------------------------------------------------------------------------- queries

    @Test
    void queryReturnsEveryRowInOrder() {
        QueryResult result = connector().query(approve(requireQuerySupport(), 100), context());
        assertThat(ids(result)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(result.rowCount()).isEqualTo(ROWS);
        assertThat(result.clamped()).isFalse();
        assertThat(result.truncatedBy()).isNull();
        assertThat(result.toString()).doesNotContain("item-");
    }

    @Test
    void rowClampIsExactAtTheBoundary() {
        PolicyRequest request = requireQuerySupport();
        QueryResult exact = connector().query(approve(request, ROWS), context());
        assertThat(exact.rowCount()).isEqualTo(ROWS);
        assertThat(exact.clamped()).as("exactly maxRows rows exist: not clamped").isFalse();
        assertThat(exact.truncatedBy()).isNull();

        QueryResult clamped = connector().query(approve(request, ROWS - 1), context());
        assertThat(ids(clamped)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(clamped.clamped()).isTrue();
        assertThat(clamped.truncatedBy()).isEqualTo(TruncatedBy.ROWS);
    }

    @Test
    void byteBudgetTruncatesWithTruncatedByBytes() {
        ApprovedQuery query = approve(requireQuerySupport(), 100);
        QueryResult result = connector().query(query, new QueryContext("contract-bytes", Duration.ofSeconds(30), 1));
        assertThat(result.rowCount()).isLessThan(ROWS);
        assertThat(result.clamped()).isTrue();
        assertThat(result.truncatedBy()).isEqualTo(TruncatedBy.BYTES);
    }

    @Test
    void explainReturnsAPlanInTheValueModel() {
        PolicyRequest explain = withOperation(requireQuerySupport(), "explain");
        Object plan = connector().explain(approve(explain, 100), context());
        assertThat(plan).isNotNull();
        assertValueModel(plan);
    }
}
