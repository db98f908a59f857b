package dev.relay.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void emptyOrNullSectionIsTheDefaults() {
        assertThat(MaskingConfig.fromMap(Map.of()).enabled()).containsExactlyInAnyOrder(PiiType.values());
        assertThat(MaskingConfig.fromMap(null).custom()).isEmpty();
    }

    @Test
    void readsEveryKey() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("hashKey", "0123456789abcdef0123");
        section.put("detectors", Map.of("phone", false, "email", Map.of("strategy", "hash"),
                "credit_card", Map.of("strategy", "partial", "keep", 6), "jwt", Map.of("enabled", false)));
        section.put("custom", List.of(Map.of("name", "employee_id", "regex", "EMP-[0-9]{6}", "replacement", "EMP-******")));
        section.put("columns", List.of(Map.of("resource", "main-pg", "table", "public.users", "column", "full_name"),
                Map.of("column", "tax_id", "type", "cpf", "strategy", "hash")));
        MaskingConfig c = MaskingConfig.fromMap(section);
        assertThat(c.enabled()).doesNotContain(PiiType.PHONE, PiiType.JWT).contains(PiiType.EMAIL);
        assertThat(c.strategy(PiiType.EMAIL)).isEqualTo(MaskStrategy.hash());
        assertThat(c.strategy(PiiType.CREDIT_CARD)).isEqualTo(MaskStrategy.partial(6));
        assertThat(c.strategy(PiiType.CPF)).isEqualTo(MaskStrategy.redact());
        assertThat(c.custom()).extracting(MaskingConfig.CustomPattern::name).containsExactly("employee_id");
        assertThat(c.columns()).hasSize(2);
        Masker m = Masker.create(c);
        assertThat(m.mask("EMP-000123 +55 11 98765-4321")).isEqualTo("EMP-****** +55 11 98765-4321");
    }

    @Test
    void reportsEveryProblemWithItsKeyPath() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("detektors", Map.of());
        section.put("detectors", Map.of("ssn", true, "cpf", Map.of("strategy", "scramble"), "email", "yes"));
        section.put("custom", List.of(
                Map.of("name", "ok", "regex", "(a+)+$"),
                Map.of("name", "bad", "regex", "(unclosed"),
                Map.of("name", "cpf", "regex", "x"),
                Map.of("regex", "y"),
                Map.of("name", "back", "regex", "(a)\\1"),
                Map.of("name", "empty", "regex", "a*")));
        section.put("columns", List.of(Map.of("table", "users"), Map.of("column", "x", "type", "nope")));
        assertThatThrownBy(() -> MaskingConfig.fromMap(section))
                .isInstanceOfSatisfying(MaskingConfigException.class, e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("detektors: unknown key"))
                        .anySatisfy(p -> assertThat(p).startsWith("detectors.ssn: unknown detector"))
                        .anySatisfy(p -> assertThat(p).startsWith("detectors.cpf.strategy: unknown strategy 'scramble'"))
                        .anySatisfy(p -> assertThat(p).startsWith("detectors.email: must be true, false or a map"))
                        .anySatisfy(p -> assertThat(p).startsWith("custom[1].regex: invalid regular expression"))
                        .anySatisfy(p -> assertThat(p).startsWith("custom[2].name: 'cpf' is the name of a built-in type"))
                        .anySatisfy(p -> assertThat(p).startsWith("custom[3].name: required"))
                        .anySatisfy(p -> assertThat(p).startsWith("custom[4].regex: invalid regular expression"))
                        .anySatisfy(p -> assertThat(p).startsWith("custom[5].regex: matches the empty string"))
                        .anySatisfy(p -> assertThat(p).startsWith("columns[0].column: required"))
                        .anySatisfy(p -> assertThat(p).startsWith("columns[1].type: unknown type 'nope'"))
                        .noneSatisfy(p -> assertThat(p).startsWith("custom[0]")));
    }
}
