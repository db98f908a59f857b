package dev.relay.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class QueryFingerprintTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            SELECT * FROM users WHERE id = 42                          | select * from users where id = ?
            select *   from Users where ID=7;                          | select * from users where id = ?
            SELECT name FROM t WHERE name = 'O''Brien'                 | select name from t where name = ?
            SELECT E'it\\'s' AS x                                       | select ? as x
            SELECT $$a 'quoted' $ thing$$, $tag$x$$y$tag$              | select ? , ?
            SELECT * FROM t WHERE a IN (1, 2, 3)                       | select * from t where a in ( ? )
            SELECT * FROM t WHERE a IN ('x','y')                       | select * from t where a in ( ? )
            SELECT ARRAY[1,2,3]                                        | select array [ ? ]
            SELECT 1.5e10, .5, 0x1F, 1_000                             | select ? , ? , ? , ?
            SELECT * FROM t WHERE a = -1                               | select * from t where a = ?
            SELECT a - 1 FROM t                                        | select a - ? from t
            SELECT * FROM t -- trailing 'comment'~NL~ WHERE b = $1       | select * from t where b = ?
            SELECT /* a /* nested */ 'c' */ x FROM t                   | select x from t
            SELECT "Mixed Case" FROM t WHERE flag = TRUE               | select "Mixed Case" from t where flag = ?
            SELECT x::date, interval '1 day', B'101', X'ff', U&'d\\0061'| select x :: date , interval ? , ? , ? , ?
            SELECT * FROM t WHERE s = 'unterminated                    | select * from t where s = ?
            SELECT * FROM t WHERE s = $q$never closed                  | select * from t where s = ?
            SELECT t1.c2 FROM t1                                       | select t1 . c2 from t1
            SELECT data->>'email' FROM t WHERE data ? 'k'              | select data ->> ? from t where data ? ?
            """)
    void normalises(String sql, String expected) {
        assertThat(QueryFingerprint.normalizeSql(sql.replace("~NL~", "\n"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("sameShape")
    void sameQueryWithOtherLiteralsHasOneFingerprint(List<String> variants) {
        assertThat(variants.stream().map(QueryFingerprint::ofSql).distinct()).hasSize(1);
    }

    static List<List<String>> sameShape() {
        return List.of(
                List.of("SELECT * FROM users WHERE email = 'alice@example.com'",
                        "select * from users where email='bob@example.org'",
                        "SELECT *\n  FROM users\n WHERE email = $1 -- lookup"),
                List.of("SELECT * FROM t WHERE id IN (1,2,3)", "SELECT * FROM t WHERE id IN (4)",
                        "SELECT * FROM t WHERE id IN ($1, $2)"),
                List.of("SELECT * FROM t WHERE x > -5 LIMIT 10", "SELECT * FROM t WHERE x > 7 LIMIT 1000"),
                List.of("SELECT $$123.456.789-09$$", "SELECT E'\\x41'", "SELECT 'plain'"));
    }

    @Test
    void differentQueriesDiffer() {
        assertThat(QueryFingerprint.ofSql("SELECT a FROM t")).isNotEqualTo(QueryFingerprint.ofSql("SELECT b FROM t"));
        assertThat(QueryFingerprint.ofSql("SELECT \"A\" FROM t")).isNotEqualTo(QueryFingerprint.ofSql("SELECT a FROM t"));
    }

    @Test
    void noLiteralSurvivesNormalisation() {
        String sql = "SELECT * FROM users WHERE cpf = '123.456.789-09' AND card = 4111111111111111"
                + " AND note = $x$secret text$x$ AND e = E'p\\'w' AND n IN (555, 666) /* 'hidden' */";
        String normalized = QueryFingerprint.normalizeSql(sql);
        for (String literal : List.of("123", "4111", "secret", "p\\'w", "555", "666", "hidden", "'")) {
            assertThat(normalized).doesNotContain(literal);
        }
    }

    @Test
    void arbitraryTextNeverThrowsAndNeverLeaksAQuotedSecret() {
        java.util.Random random = new java.util.Random(20261121);
        String alphabet = "abcXYZ019 '\"$-+*/.,;:()[]\\\n\tE&_éß";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder junk = new StringBuilder();
            int len = random.nextInt(40);
            for (int j = 0; j < len; j++) {
                junk.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String noise = junk.toString();
            assertThat(QueryFingerprint.ofSql(noise)).hasSize(64);
            // Whatever follows it, a closed string constant never survives.
            String normalized = QueryFingerprint.normalizeSql("SELECT 1 WHERE a = 'zq" + i + "qz' " + noise);
            assertThat(normalized).doesNotContain("zq" + i + "qz");
        }
    }

    @Test
    void mongoShapeReplacesValues() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String a = QueryFingerprint.ofMongo("users", json.readTree(
                "{\"filter\":{\"email\":\"alice@example.com\",\"age\":{\"$gt\":30},\"tags\":{\"$in\":[\"a\",\"b\"]}},"
                        + "\"limit\":10}"));
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("email", "bob@example.org");
        filter.put("age", Map.of("$gt", 99));
        filter.put("tags", Map.of("$in", List.of("z")));
        String b = QueryFingerprint.ofMongo("users", Map.of("filter", filter));
        assertThat(a).isEqualTo(b);
        assertThat(QueryFingerprint.normalizeMongo("users", json.readTree(
                "{\"filter\":{\"email\":\"alice@example.com\",\"age\":{\"$gt\":30},\"tags\":{\"$in\":[\"a\",\"b\"]}}}")))
                .isEqualTo("mongo\nusers\nfilter={\"email\":\"?\",\"age\":{\"$gt\":\"?\"},\"tags\":{\"$in\":[\"?\"]}}");
        assertThat(QueryFingerprint.ofMongo("users", Map.of("filter", Map.of("name", "x"))))
                .isNotEqualTo(QueryFingerprint.ofMongo("users", Map.of("filter", Map.of("email", "x"))));
        String pipeline = QueryFingerprint.normalizeMongo("orders", json.readTree(
                "{\"pipeline\":[{\"$match\":{\"status\":\"paid\"}},{\"$group\":{\"_id\":\"$customer\",\"n\":{\"$sum\":1}}}]}"));
        assertThat(pipeline).isEqualTo(
                "mongo\norders\npipeline=[{\"$match\":{\"status\":\"?\"}},{\"$group\":{\"_id\":\"?\",\"n\":{\"$sum\":\"?\"}}}]");
        assertThat(QueryFingerprint.ofMongoAggregate("orders", List.of(Map.of("$match", Map.of("s", 1)))))
                .isEqualTo(QueryFingerprint.ofMongo("orders", Map.of("pipeline", List.of(Map.of("$match", Map.of("s", 2))))));
    }
}
