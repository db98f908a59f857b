package dev.relay.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.testkit.contract.ResourceConnectorContract;
import dev.relay.testkit.db.PostgresFixture;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every PostgreSQL type SPEC §3 names, mapped to the value model faithfully. */
class PostgresTypeMappingTest {

    private static final PostgresFixture PG = PostgresFixture.shared();
    private static ResourceConnector connector;

    @BeforeAll
    static void setUp() {
        String db = PG.createDatabase("types");
        PG.executeIn(db, "CREATE TYPE mood AS ENUM ('happy', 'sad')");
        connector = PgSupport.connector(PG, db);
    }

    @AfterAll
    static void tearDown() {
        connector.close();
    }

    private static Map<String, @Nullable Object> map(@Nullable Object... kv) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of("true", "bool", true),
                Arguments.of("7::int2", "int2", 7),
                Arguments.of("2147483647::int4", "int4", 2147483647),
                Arguments.of("9007199254740992::int8", "int8", 9007199254740992L),
                Arguments.of("-9007199254740992::int8", "int8", -9007199254740992L),
                Arguments.of("9007199254740993::int8", "int8", "9007199254740993"),
                Arguments.of("(-9223372036854775807 - 1)::int8", "int8", "-9223372036854775808"),
                Arguments.of("42::int8", "int8", 42L),
                Arguments.of("12345678901234567890.123456789::numeric", "numeric", "12345678901234567890.123456789"),
                Arguments.of("0.10::numeric(5,2)", "numeric", "0.10"),
                Arguments.of("'NaN'::numeric", "numeric", "NaN"),
                Arguments.of("1.5::float8", "float8", 1.5),
                Arguments.of("0.25::float4", "float4", 0.25),
                Arguments.of("'NaN'::float8", "float8", "NaN"),
                Arguments.of("'-Infinity'::float8", "float8", "-Infinity"),
                Arguments.of("'héllo ✓'::text", "text", "héllo ✓"),
                Arguments.of("'ab'::varchar(5)", "varchar", "ab"),
                Arguments.of("'ab'::char(3)", "bpchar", "ab "),
                Arguments.of("'2024-02-29'::date", "date", "2024-02-29"),
                Arguments.of("'infinity'::date", "date", "infinity"),
                Arguments.of("'13:45:01.5'::time", "time", "13:45:01.5"),
                Arguments.of("'13:45:00+02'::timetz", "timetz", "13:45:00+02:00"),
                Arguments.of("'2024-01-02 03:04:05.123456'::timestamp", "timestamp", "2024-01-02T03:04:05.123456"),
                Arguments.of("'2024-01-02 03:04:00'::timestamp", "timestamp", "2024-01-02T03:04:00"),
                Arguments.of("'2024-01-02 03:04:05+02'::timestamptz", "timestamptz", "2024-01-02T01:04:05Z"),
                Arguments.of("'-infinity'::timestamptz", "timestamptz", "-infinity"),
                Arguments.of("'1 year 2 months 3 days 04:05:06.5'::interval", "interval", "P1Y2M3DT4H5M6.5S"),
                Arguments.of("'-2 hours'::interval", "interval", "PT-2H"),
                Arguments.of("'{\"a\": [1, 2.5, \"x\", null, true], \"b\": {\"c\": 12345678901234567890}}'::json", "json",
                        map("a", Arrays.asList(1, 2.5, "x", null, true), "b", map("c", "12345678901234567890"))),
                Arguments.of("'[1, {\"k\": \"v\"}]'::jsonb", "jsonb", List.of(1, map("k", "v"))),
                Arguments.of("'\"just a string\"'::jsonb", "jsonb", "just a string"),
                Arguments.of("ARRAY[1, 2, NULL]::int4[]", "int4[]", Arrays.asList(1, 2, null)),
                Arguments.of("ARRAY[9007199254740993]::int8[]", "int8[]", List.of("9007199254740993")),
                Arguments.of("ARRAY[['a', 'b'], ['c', 'd']]::text[]", "text[]", List.of(List.of("a", "b"), List.of("c", "d"))),
                Arguments.of("ARRAY['2024-01-01 00:00:00+00'::timestamptz]", "timestamptz[]", List.of("2024-01-01T00:00:00Z")),
                Arguments.of("ARRAY['{\"a\": 1}'::jsonb]", "jsonb[]", List.of(map("a", 1))),
                Arguments.of("'{}'::int4[]", "int4[]", List.of()),
                Arguments.of("'\\xdeadbeef'::bytea", "bytea", "3q2+7w=="),
                Arguments.of("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", "uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                Arguments.of("'192.168.0.1/24'::inet", "inet", "192.168.0.1/24"),
                Arguments.of("'::1'::inet", "inet", "::1"),
                Arguments.of("'10.0.0.0/8'::cidr", "cidr", "10.0.0.0/8"),
                Arguments.of("'happy'::mood", "mood", "happy"),
                Arguments.of("ARRAY['sad']::mood[]", "mood[]", List.of("sad")),
                Arguments.of("NULL::int4", "int4", null),
                Arguments.of("NULL::int8", "int8", null),
                Arguments.of("NULL::bool", "bool", null),
                Arguments.of("NULL::jsonb", "jsonb", null),
                Arguments.of("NULL::timestamptz", "timestamptz", null),
                Arguments.of("NULL::int4[]", "int4[]", null),
                Arguments.of("NULL::bytea", "bytea", null),
                Arguments.of("NULL::numeric", "numeric", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void mapsToTheValueModel(String expression, String type, @Nullable Object expected) {
        QueryResult.Rows rows = PgSupport.run(connector, "SELECT " + expression + " AS v");
        assertThat(rows.columns()).hasSize(1);
        assertThat(rows.columns().get(0).name()).isEqualTo("v");
        assertThat(rows.columns().get(0).type()).isEqualTo(type);
        Object actual = rows.rows().get(0).get(0);
        ResourceConnectorContract.assertValueModel(actual);
        assertThat(actual).isEqualTo(expected);
        if (expected != null) {
            assertThat(actual).isInstanceOf(expected.getClass() == LinkedHashMap.class ? Map.class
                    : expected instanceof List ? List.class : expected.getClass());
        }
    }
}
