package dev.relay.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;

class PlaceholdersTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("SELECT $1", "SELECT ?", "1"),
                Arguments.of("SELECT * FROM t WHERE a = $2 AND b = $1", "SELECT * FROM t WHERE a = ? AND b = ?", "2,1"),
                Arguments.of("SELECT $1, $1", "SELECT ?, ?", "1,1"),
                Arguments.of("SELECT '$1', $1", "SELECT '$1', ?", "1"),
                Arguments.of("SELECT 'it''s $1', $2", "SELECT 'it''s $1', ?", "2"),
                Arguments.of("SELECT E'\\'$1', $2", "SELECT E'\\'$1', ?", "2"),
                Arguments.of("SELECT \"col$1\", $1 FROM t", "SELECT \"col$1\", ? FROM t", "1"),
                Arguments.of("SELECT a$1 FROM t", "SELECT a$1 FROM t", ""),
                Arguments.of("SELECT $$ $1 $$, $1", "SELECT $$ $1 $$, ?", "1"),
                Arguments.of("SELECT $tag$ $1 ' $tag$, $3", "SELECT $tag$ $1 ' $tag$, ?", "3"),
                Arguments.of("SELECT 1 -- $1\n, $2", "SELECT 1 -- $1\n, ?", "2"),
                Arguments.of("SELECT /* $1 /* nested */ $2 */ $3", "SELECT /* $1 /* nested */ $2 */ ?", "3"),
                Arguments.of("SELECT doc ? 'k', doc ?| array['a'] FROM t WHERE id = $1",
                        "SELECT doc ?? 'k', doc ??| array['a'] FROM t WHERE id = ?", "1"),
                Arguments.of("SELECT '?', \"?\"", "SELECT '?', \"?\"", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translatesOnTheTokenLevel(String sql, String jdbc, String indexes) {
        Placeholders.Translation t = Placeholders.translate(sql);
        assertThat(t.jdbcSql()).isEqualTo(jdbc);
        String got = Arrays.stream(t.parameterIndexes()).mapToObj(Integer::toString).collect(Collectors.joining(","));
        assertThat(got).isEqualTo(indexes);
        assertThat(t.hasStatementSeparator()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT 1; DELETE FROM t|true",
        "SELECT 1;|true",
        "SELECT ';'|false",
        "SELECT 1 -- ;|false",
        "SELECT /* ; */ 1|false",
        "SELECT $$;$$|false",
        "SELECT \";\" FROM t|false",
    })
    void findsStatementSeparatorsOutsideLiterals(String sql, boolean separator) {
        assertThat(Placeholders.translate(sql).hasStatementSeparator()).isEqualTo(separator);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT 1|true",
        "SELECT 'a' -- trailing comment|true",
        "SELECT 'it''s'|true",
        "SELECT 'open|false",
        "SELECT E'open\\'|false",
        "SELECT \"open|false",
        "SELECT 1 /* open|false",
        "SELECT 1 /* a /* nested */ still open|false",
        "SELECT $$ open|false",
        "SELECT $t$ x $t$|true",
    })
    void knowsWhetherTheTextEndsOutsideLiteralsAndComments(String sql, boolean endsInCode) {
        assertThat(Placeholders.translate(sql).endsInCode()).isEqualTo(endsInCode);
    }
}
