package dev.relay.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskerSmokeTest {
    private final Masker masker = Masker.defaults();

    @Test
    void masksTheSpecTypes() {
        assertThat(masker.mask("mail ana.silva+promo@mail.example.com.br now"))
                .isEqualTo("mail ***@***.*** now");
        assertThat(masker.mask("cpf 529.982.247-25.")).isEqualTo("cpf ***.***.***-**.");
        assertThat(masker.mask("cpf 52998224725")).isEqualTo("cpf ***.***.***-**");
        assertThat(masker.mask("cnpj 11.222.333/0001-81")).isEqualTo("cnpj **.***.***/****-**");
        assertThat(masker.mask("card 4111 1111 1111 1111 ok")).isEqualTo("card ****-****-****-1111 ok");
        assertThat(masker.mask("tel +55 (11) 98765-4321")).isEqualTo("tel +** (**) *****-****");
        assertThat(masker.mask("tel (11) 3456-7890")).isEqualTo("tel (**) ****-****");
        assertThat(masker.mask("Authorization: Bearer abcdef0123456789xyz")).isEqualTo("Authorization: Bearer ***");
        assertThat(masker.mask("key=AKIAIOSFODNN7EXAMPLE")).isEqualTo("key=***");
    }

    @Test
    void leavesCleanTextAsTheSameInstance() {
        String s = "order 12345678901 at 2024-01-15T10:30:00Z from 192.168.0.1 v1.2.3";
        assertThat(masker.mask(s)).isSameAs(s);
        Map<String, Object> row = Map.of("id", 42L, "name", "plain", "tags", List.of("a", "b"));
        assertThat(masker.maskValue(row, MaskScope.NONE, new MaskStats())).isSameAs(row);
    }

    @Test
    void countsFieldsOnceAndTypes() {
        MaskStats stats = new MaskStats();
        Object out = masker.maskValue(Map.of("a", "x@y.com and z@w.org", "cpf", 52998224725L), MaskScope.NONE, stats);
        assertThat(out).isEqualTo(Map.of("a", "***@***.*** and ***@***.***", "cpf", "***.***.***-**"));
        assertThat(stats.fieldsMasked()).isEqualTo(2);
        assertThat(stats.countsByType()).containsEntry("email", 2L).containsEntry("cpf", 1L);
    }
}
