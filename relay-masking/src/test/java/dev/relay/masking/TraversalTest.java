package dev.relay.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraversalTest {
    private final Masker masker = Masker.defaults();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void mongoStyleNestedDocumentsAndArrays() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("_id", "65f1c2a9e4b0a1b2c3d4e5f6");
        doc.put("name", "Ana");
        doc.put("contacts", List.of(Map.of("kind", "email", "value", "ana@example.com"),
                Map.of("kind", "phone", "value", "+55 11 98765-4321")));
        doc.put("billing", Map.of("cpf", 52998224725L, "card", "4111 1111 1111 1111", "total", 12.5, "paid", true));
        MaskStats stats = new MaskStats();
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) masker.maskValue(doc, MaskScope.of("events", "orders"), stats);
        assertThat(out).isNotSameAs(doc);
        assertThat(out.get("_id")).isSameAs(doc.get("_id"));
        assertThat(out.get("contacts").toString()).contains("***@***.***", "+** ** *****-****").doesNotContain("ana@", "98765");
        assertThat(out.get("billing")).isEqualTo(Map.of("cpf", "***.***.***-**", "card", "****-****-****-1111", "total", 12.5, "paid", true));
        assertThat(stats.fieldsMasked()).isEqualTo(4);
        assertThat(stats.countsByType()).containsOnly(Map.entry("email", 1L), Map.entry("phone", 1L),
                Map.entry("cpf", 1L), Map.entry("credit_card", 1L));
        assertThat(new ArrayList<>(out.keySet())).containsExactly("_id", "name", "contacts", "billing");
    }

    @Test
    void unchangedValuesAreTheSameInstanceAtEveryLevel() {
        Map<String, Object> inner = Map.of("a", "x", "n", 12345678901L);
        List<Object> list = List.of("plain", 42, inner);
        Map<String, Object> outer = Map.of("list", list, "s", "nothing here 2026-01-01");
        assertThat(masker.maskValue(outer, MaskScope.NONE, new MaskStats())).isSameAs(outer);
        assertThat(masker.maskValue(null, MaskScope.NONE, new MaskStats())).isNull();
        String s = "no pii";
        assertThat(masker.mask(s)).isSameAs(s);
    }

    @Test
    void numbersWhoseDigitsAreACpfCnpjOrCard() {
        MaskStats stats = new MaskStats();
        assertThat(masker.maskValue(52998224725L, MaskScope.NONE, stats)).isEqualTo("***.***.***-**");
        assertThat(masker.maskValue(11222333000181L, MaskScope.NONE, stats)).isEqualTo("**.***.***/****-**");
        assertThat(masker.maskValue(4111111111111111L, MaskScope.NONE, stats)).isEqualTo("****-****-****-1111");
        assertThat(masker.maskValue(new BigInteger("52998224725"), MaskScope.NONE, stats)).isEqualTo("***.***.***-**");
        Long id = 52998224726L;
        assertThat(masker.maskValue(id, MaskScope.NONE, stats)).isSameAs(id);
        Long ts = 1763730322123L;
        assertThat(masker.maskValue(ts, MaskScope.NONE, stats)).isSameAs(ts);
        Integer small = 191;
        assertThat(masker.maskValue(small, MaskScope.NONE, stats)).isSameAs(small);
    }

    @Test
    void columnRulesMaskTheWholeValue() {
        Masker m = Masker.builder().hashKey(Secret.of("0123456789abcdef0123"))
                .column(new MaskingConfig.ColumnRule("main-pg", "users", "full_name", null, null))
                .column(new MaskingConfig.ColumnRule(null, null, "address.street", null, MaskStrategy.partial(3)))
                .column(new MaskingConfig.ColumnRule(null, "customers", "tax_id", "cpf", MaskStrategy.hash()))
                .build();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("full_name", "Ana Maria Souza");
        row.put("address", Map.of("street", "Rua Augusta 1500", "city", "São Paulo"));
        row.put("tax_id", 12345L);
        row.put("note", null);
        MaskStats stats = new MaskStats();
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) m.maskValue(row, MaskScope.of("main-pg", "public.users"), stats);
        assertThat(out.get("full_name")).isEqualTo("***");
        assertThat(out.get("address")).isEqualTo(Map.of("street", "*** ******* *500", "city", "São Paulo"));
        assertThat(out.get("tax_id")).isEqualTo(12345L); // table public.users is not customers
        assertThat(stats.countsByType()).containsEntry("column", 2L);
        // unknown table (a join): the rule that names a table still applies
        Object joined = m.maskValue(Map.of("tax_id", "anything"), MaskScope.of("main-pg", null), new MaskStats());
        assertThat(joined.toString()).matches("\\{tax_id=cpf:[0-9a-f]{16}\\}");
        // other resource: the resource-bound rule does not apply
        Object other = m.maskValue(Map.of("full_name", "Ana"), MaskScope.of("replica", "users"), new MaskStats());
        assertThat(other).isEqualTo(Map.of("full_name", "Ana"));
    }

    @Test
    void jacksonTrees() throws Exception {
        JsonNode in = json.readTree("{\"id\":7,\"user\":{\"email\":\"a@b.com\",\"cpf\":52998224725,\"tags\":[\"x\",\"529.982.247-25\"]},\"ok\":true}");
        MaskStats stats = new MaskStats();
        JsonNode out = masker.maskJson(in, stats);
        assertThat(out.toString()).isEqualTo("{\"id\":7,\"user\":{\"email\":\"***@***.***\",\"cpf\":\"***.***.***-**\",\"tags\":[\"x\",\"***.***.***-**\"]},\"ok\":true}");
        assertThat(in.toString()).contains("a@b.com");
        assertThat(stats.fieldsMasked()).isEqualTo(3);
        JsonNode clean = json.readTree("{\"a\":[1,2,{\"b\":\"c\"}]}");
        assertThat(masker.maskJson(clean, new MaskStats())).isSameAs(clean);
        assertThat(masker.maskValue(Map.of("j", in), MaskScope.NONE, new MaskStats()).toString()).doesNotContain("a@b.com");
    }

    @Test
    void failsClosedWithoutDataInTheMessage() {
        Object weird = new Object() {
            @Override
            public String toString() {
                return "ana@example.com";
            }
        };
        assertThatThrownBy(() -> masker.maskValue(Map.of("x", weird), MaskScope.NONE, new MaskStats()))
                .isInstanceOf(MaskingException.class).hasMessageStartingWith("masking failed: cannot mask a value of type")
                .hasMessageNotContaining("ana@").hasNoCause();
        List<Object> deep = new ArrayList<>();
        List<Object> cur = deep;
        for (int i = 0; i < 2000; i++) {
            List<Object> next = new ArrayList<>();
            cur.add(next);
            cur = next;
        }
        assertThatThrownBy(() -> masker.maskValue(deep, MaskScope.NONE, new MaskStats()))
                .isInstanceOf(MaskingException.class).hasMessageContaining("nested deeper");
        Map<String, Object> broken = new LinkedHashMap<>() {
            @Override
            public java.util.Set<Map.Entry<String, Object>> entrySet() {
                throw new IllegalStateException("secret 52998224725");
            }
        };
        assertThatThrownBy(() -> masker.maskValue(broken, MaskScope.NONE, new MaskStats()))
                .isInstanceOf(MaskingException.class).hasMessage("masking failed: java.lang.IllegalStateException").hasNoCause();
    }

    @Test
    void errorMessages() {
        assertThat(masker.maskMessage("duplicate key value violates unique constraint \"users_email_key\" "
                + "Detail: Key (email)=(ana@example.com) already exists."))
                .isEqualTo("duplicate key value violates unique constraint \"users_email_key\" Detail: Key (email)=(***) already exists.");
        assertThat(masker.maskMessage("invalid input syntax for type integer: \"Ana Souza\""))
                .isEqualTo("invalid input syntax for type integer: \"***\"");
        assertThat(masker.maskMessage("column 'João' at relation \"users\" cpf 52998224725"))
                .isEqualTo("column '***' at relation \"users\" cpf ***.***.***-**");
        assertThat(masker.maskMessage("E11000 duplicate key error collection: app.users index: name_1 dup key: { name: \"Ana\" }"))
                .isEqualTo("E11000 duplicate key error collection: app.users index: name_1 dup key: { *** }");
        String plain = "relation \"users\" does not exist";
        assertThat(masker.maskMessage(plain)).isSameAs(plain);
    }

    @Test
    void valuesUnderSecretFieldNamesAreMaskedWhole() throws Exception {
        Masker m = Masker.defaults();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("user", "app");
        doc.put("password", "hunter2");
        doc.put("pin_password", 123456);
        doc.put("config", Map.of("apiToken", "abcdefgh12345678", "clientSecret", List.of("s3cr3t-one", "s3cr3t-two")));
        // not secrets: other names, nothing in the value, a count under a token name
        doc.put("password_hash", "$2b$12$abcdefghijklmnopqrstuv");
        doc.put("token_count", 42);
        doc.put("api_key", 1);
        doc.put("secret", "");
        doc.put("token", "***");
        doc.put("passwd", null);
        doc.put("has_password", true);
        MaskStats stats = new MaskStats();
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) m.maskValue(doc, MaskScope.NONE, stats);
        assertThat(out).containsEntry("user", "app").containsEntry("password", "***").containsEntry("pin_password", "***")
                .containsEntry("config", Map.of("apiToken", "***", "clientSecret", List.of("***", "***")))
                .containsEntry("password_hash", "$2b$12$abcdefghijklmnopqrstuv").containsEntry("token_count", 42)
                .containsEntry("api_key", 1).containsEntry("secret", "").containsEntry("token", "***");
        assertThat(stats.countsByType()).containsExactly(Map.entry("secret_assignment", 5L));
        assertThat(stats.fieldsMasked()).isEqualTo(5);

        // the same in a Jackson tree, and a row's column (the scope's path)
        JsonNode tree = new ObjectMapper().readTree("{\"db\":{\"password\":\"hunter2\",\"port\":5432},\"token_type\":\"bearer\"}");
        assertThat(m.maskJson(tree, new MaskStats()).toString()).isEqualTo("{\"db\":{\"password\":\"***\",\"port\":5432},\"token_type\":\"bearer\"}");
        assertThat(m.maskValue("hunter2", new MaskScope("main-pg", "users", "password"), new MaskStats())).isEqualTo("***");
        assertThat(m.maskValue("hunter2", new MaskScope("main-pg", "users", "nickname"), new MaskStats())).isEqualTo("hunter2");

        // clean documents come back as the same instance; switched off, nothing changes
        Map<String, Object> clean = Map.of("password_hash", "x", "token", "", "name", "Ana");
        assertThat(m.maskValue(clean, MaskScope.NONE, new MaskStats())).isSameAs(clean);
        Masker off = Masker.builder().disable(PiiType.SECRET_ASSIGNMENT).build();
        assertThat(off.maskValue(doc, MaskScope.NONE, new MaskStats())).isSameAs(doc);
    }
}
