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
