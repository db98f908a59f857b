package dev.relay.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.policy.spi.ConnectorException.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PgErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "invalid input syntax for type integer: \"abc\"|invalid input syntax for type integer: \"?\"",
        "relation \"users\" does not exist|relation \"users\" does not exist",
        "column \"emali\" of relation \"users\" does not exist|column \"emali\" of relation \"users\" does not exist",
        "invalid input value for enum mood: \"sadd\"|invalid input value for enum mood: \"?\"",
        "value \"99999999999\" is out of range for type integer|value \"?\" is out of range for type integer",
        "syntax error at or near \"'secret'\"|syntax error at or near \"?\"",
        "date/time field value out of range: \"2024-13-45\"|date/time field value out of range: \"?\"",
        "operator does not exist: text = 'x'|operator does not exist: text = '?'",
        "password authentication failed for user \"relay\"|password authentication failed for user \"relay\"",
        "division by zero|division by zero",
    })
    void stripsQuotedValuesButKeepsNames(String message, String safe) {
        assertThat(PgErrors.sanitize(message)).isEqualTo(safe);
    }

    /** With the statement known, an object name survives only if the statement wrote it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "relation \"users\" does not exist|SELECT * FROM users|relation \"users\" does not exist",
        "column \"Nope\" does not exist|SELECT \"Nope\" FROM t|column \"Nope\" does not exist",
        "schema \"ana@example\" does not exist|SELECT email::regclass FROM users|schema \"?\" does not exist",
        "relation \"Ana Souza\" does not exist|SELECT name::regclass FROM users|relation \"?\" does not exist",
        "function \"Ana Souza\" does not exist|SELECT name::regproc FROM users|function \"?\" does not exist",
        "collation \"Ana\" for encoding \"UTF8\" does not exist|SELECT name::regcollation FROM users|collation \"?\" for encoding \"?\" does not exist",
        "operator does not exist: Ana Souza|SELECT name::regoper FROM users|operator does not exist: ?",
        "operator does not exist: integer + text|SELECT 1 + 'a'::text|operator does not exist: integer + text",
        "operator does not exist: character varying ~~ jsonb|SELECT a ~~ b FROM t|operator does not exist: character varying ~~ jsonb",
        "operator does not exist: public.money_t + integer|SELECT m + 1 FROM public.money_t|operator does not exist: public.money_t + integer",
    })
    void keepsOnlyTheNamesTheStatementWrote(String message, String sql, String safe) {
        assertThat(PgErrors.sanitize(message, sql)).isEqualTo(safe);
    }

    @ParameterizedTest
    @CsvSource({
        "57014, QUERY_TIMEOUT", "55P03, QUERY_TIMEOUT", "08006, RESOURCE_UNAVAILABLE", "08001, RESOURCE_UNAVAILABLE",
        "53300, RESOURCE_UNAVAILABLE", "57P01, RESOURCE_UNAVAILABLE", "28P01, RESOURCE_UNAVAILABLE",
        "42P01, QUERY_FAILED", "22P02, QUERY_FAILED", "25006, QUERY_FAILED", "42601, QUERY_FAILED",
    })
    void mapsSqlStates(String state, Kind kind) {
        assertThat(PgErrors.kindOf(state)).isEqualTo(kind);
    }
}
