package dev.relay.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PgLexerTest {

    static List<PgLexer.Kind> kinds(String sql) {
        return PgLexer.lex(sql).tokens().stream().map(PgLexer.Token::kind).toList();
    }

    @Test
    void semicolonsInsideLiteralsIdentifiersAndCommentsAreNotTokens() {
        String sql = "SELECT ';', E'\\';', $$;$$, $t$;$t$, \"a;b\" -- ;\n /* ; /* ; */ ; */ FROM t";
        PgLexer.Result r = PgLexer.lex(sql);
        assertThat(r.problem()).isNull();
        assertThat(r.tokens()).noneMatch(t -> t.kind() == PgLexer.Kind.SEMICOLON);
    }

    @Test
    void standardConformingStringsTreatBackslashAsText() {
        PgLexer.Result r = PgLexer.lex("SELECT '\\d+', 'C:\\temp', '\\\\', pg_sleep(1) --'");
        assertThat(r.problem()).isNull();
        assertThat(r.tokens()).extracting(r::text).contains("pg_sleep");
    }

    /**
     * With standard_conforming_strings off (a server, database or role setting), PostgreSQL reads
     * '...' and N'...' with backslash escapes; where that moves the literal's end, the query is
     * rejected whatever the setting (checked on PostgreSQL 17 with the setting off:
     * {@code SELECT '\' || ' , now() --'} ran now()).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "SELECT '\\' , pg_sleep(1) --'",
        "SELECT '\\' || ' , pg_sleep(1) --'",
        "SELECT N'\\' || ' , pg_sleep(1) --'",
        "SELECT 'a\\''b' || ' , pg_sleep(1) --'",
        "SELECT 'C:\\'",
        "SELECT '\\\\\\' || 'x'",
    })
    void aQuoteAfterABackslashInAStandardStringIsRejected(String sql) {
        assertThat(PgLexer.lex(sql).problem()).contains("standard_conforming_strings");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "SELECT E'\\'' || 'x'",
        "SELECT B'01', X'0F', U&'\\0041'",
        "SELECT '\\\\' || 'x'",
        "SELECT '\\n' || 'x'",
        "SELECT 'it''s'",
        "SELECT $$\\'$$",
    })
    void backslashesThatReadTheSameEitherWayAreText(String sql) {
        assertThat(PgLexer.lex(sql).problem()).isNull();
    }

    /** PostgreSQL 17: SELECT B'01''10' is a syntax error at '10' (the bit string ends at the first quote). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "SELECT B'01''10'",
        "SELECT X'AB'', pg_sleep(1), ''CD'",
        "SELECT x'AB''\\'' , pg_sleep(1) --'",
        "SELECT b''''",
    })
    void aQuoteInsideABitStringIsRejected(String sql) {
        assertThat(PgLexer.lex(sql).problem()).isEqualTo("a quote inside a bit-string literal (B or X) ends it");
    }

    @Test
    void bitStringsEndAtTheFirstQuote() {
        PgLexer.Result r = PgLexer.lex("SELECT B'0101', X'0F', b'', x'ff' FROM t");
        assertThat(r.problem()).isNull();
        assertThat(r.tokens()).filteredOn(t -> t.kind() == PgLexer.Kind.STRING).extracting(r::text)
                .containsExactly("B'0101'", "X'0F'", "b''", "x'ff'");
    }

    /**
     * A lone surrogate is not text: the JDBC driver sends it as '?' (checked with pgjdbc 42.7 on
     * PostgreSQL 17: $$a\uD800b$$ came back as a?b), which is an operator outside a literal.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT '{}'::jsonb\uD800set_config('a', 'b', false)",
        "SELECT 'a\uD800'",
        "SELECT \"a\uDC00b\" FROM t",
        "SELECT 1 -- \uD800",
        "SELECT U&\"a\\D800\" FROM t",
        "SELECT U&\"a\\DE00\\D83D\" FROM t",
    })
    void unpairedSurrogatesAreRejected(String sql) {
        assertThat(PgLexer.lex(sql).problem()).isNotNull();
    }

    @Test
    void surrogatePairsAreText() {
        PgLexer.Result r = PgLexer.lex("SELECT '\uD83D\uDE00', U&\"a\\D83D\\DE00\" FROM t");
        assertThat(r.problem()).isNull();
        assertThat(r.canonical()).contains("\"a\uD83D\uDE00\"");
    }

    @Test
    void escapeStringsHonourBackslashQuote() {
        PgLexer.Result r = PgLexer.lex("SELECT E'\\'', pg_sleep(1) --'");
        assertThat(r.tokens()).extracting(r::text).contains("pg_sleep");
        PgLexer.Result inside = PgLexer.lex("SELECT E'\\' , pg_sleep(1) '");
        assertThat(inside.tokens()).extracting(inside::text).doesNotContain("pg_sleep");
    }

    @Test
    void maskedTextKeepsLengthAndHidesLiteralContents() {
        String sql = "SELECT 'secret value', $x$dollar; body$x$, E'\\n' FROM t";
        PgLexer.Result r = PgLexer.lex(sql);
        assertThat(r.masked()).hasSameSizeAs(r.canonical()).doesNotContain("secret").doesNotContain("dollar");
        assertThat(r.canonical()).isEqualTo(sql);
    }

    @Test
    void aLineCommentEndsAtACarriageReturnAsInPostgresql() {
        // PostgreSQL: comment ("--"{non_newline}*), non_newline [^\n\r]: what follows a lone \r is code
        PgLexer.Result r = PgLexer.lex("SELECT 1 --x\r, pg_sleep(1)\n, 2");
        assertThat(r.problem()).isNull();
        assertThat(r.tokens()).extracting(r::text).contains("pg_sleep", "2");
        assertThat(r.canonical()).isEqualTo("SELECT 1  \r, pg_sleep(1)\n, 2");
    }

    @Test
    void commentsBecomeSpacesInTheCanonicalText() {
        PgLexer.Result r = PgLexer.lex("SELECT /* a /* nested */ b */ 1 -- tail");
        assertThat(r.canonical()).isEqualTo("SELECT   1  ");
    }

    @Test
    void unicodeEscapedIdentifiersAreDecoded() {
        PgLexer.Result r = PgLexer.lex("SELECT U&\"\\0070g_sleep\"(1), U&\"d\\+000061t\\0061\" FROM t");
        assertThat(r.problem()).isNull();
        assertThat(r.canonical()).contains("\"pg_sleep\"(1)").contains("\"data\"");
    }

    @Test
    void longLiteralListsAreShortenedForTheParserOnly() {
        String sql = "SELECT a FROM t WHERE a IN (1, -2, 3, 4, 5, 6, 7, 8, 9) AND b IN ('x', 'y') AND f(c, 1, 2, 3, 4, 5, 6, 7, 8)";
        PgLexer.Result r = PgLexer.lex(sql);
        assertThat(r.canonical()).isEqualTo(sql);
        assertThat(r.masked()).hasSameSizeAs(sql)
                .contains("IN (1, -2                     )")
                .contains("IN (' ', ' ')")
                .contains("f(c, 1, 2, 3, 4, 5, 6, 7, 8)");
    }

    @Test
    void positionalParametersAreTokens() {
        assertThat(kinds("SELECT $1, $12")).containsExactly(PgLexer.Kind.WORD, PgLexer.Kind.PARAM, PgLexer.Kind.COMMA,
                PgLexer.Kind.PARAM);
    }

    @Test
    void depthCountsParenthesesBracketsAndCase() {
        PgLexer.Result r = PgLexer.lex("SELECT ((a[1])), CASE WHEN CASE WHEN x THEN 1 END = 1 THEN 2 END");
        assertThat(r.maxDepth()).isEqualTo(3);
        assertThat(r.maxCaseDepth()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT 'open | unterminated string literal",
        "SELECT 1 /* open | unterminated /* comment",
        "SELECT $a$ open | unterminated dollar-quoted string",
        "SELECT \"open | unterminated quoted identifier",
        "SELECT `x` | not valid PostgreSQL",
        "SELECT {fn now()} | not valid PostgreSQL",
        "SELECT 1 \\g | not valid PostgreSQL",
        "SELECT (1)) | unbalanced",
        "SELECT U&'x' UESCAPE '!' | UESCAPE",
        "SELECT \"\" | zero-length"})
    void lexicalProblemsAreReported(String sql, String problem) {
        assertThat(PgLexer.lex(sql).problem()).contains(problem);
    }
}
