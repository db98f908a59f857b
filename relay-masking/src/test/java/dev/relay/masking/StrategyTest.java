package dev.relay.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyTest {
    private static final Secret KEY = Secret.of("0123456789abcdef-test-key");

    @Test
    void partialKeepsTheLastCharacters() {
        Masker m = Masker.builder().strategy(PiiType.CPF, MaskStrategy.partial(2))
                .strategy(PiiType.CREDIT_CARD, MaskStrategy.partial(4)).build();
        assertThat(m.mask("529.982.247-25")).isEqualTo("***.***.***-25");
        assertThat(m.mask("4111 1111 1111 1111")).isEqualTo("**** **** **** 1111");
    }

    @Test
    void hashIsKeyedStableAndIndependentOfTheWrittenForm() {
        Masker m = Masker.builder().hashKey(KEY).strategy(PiiType.CPF, MaskStrategy.hash())
                .strategy(PiiType.EMAIL, MaskStrategy.hash()).build();
        String a = m.mask("529.982.247-25");
        assertThat(a).matches("cpf:[0-9a-f]{16}");
        assertThat(m.mask("52998224725")).isEqualTo(a);
        assertThat(m.mask("Ana@Example.com")).isEqualTo(m.mask("ana@example.com")).startsWith("email:");
        Masker other = Masker.builder().hashKey(Secret.of("another-key-of-16-bytes")).strategy(PiiType.CPF, MaskStrategy.hash()).build();
        assertThat(other.mask("52998224725")).isNotEqualTo(a);
    }

    @Test
    void secretsHaveRedactHashAndWhereItMakesSensePartial() {
        Masker m = Masker.builder().hashKey(KEY).strategy(PiiType.PRIVATE_KEY, MaskStrategy.hash())
                .strategy(PiiType.URL_CREDENTIALS, MaskStrategy.hash())
                .strategy(PiiType.SECRET_ASSIGNMENT, MaskStrategy.partial(2)).build();
        // the same key written with real line breaks or inside a JSON string: one pseudonym
        String a = m.mask("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN\nBgkqhkiG9w0B\n-----END PRIVATE KEY-----");
        String b = m.mask("-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADAN\\nBgkqhkiG9w0B\\n-----END PRIVATE KEY-----");
        assertThat(a).matches("-----BEGIN PRIVATE KEY-----\n(private_key:[0-9a-f]{16})\n-----END PRIVATE KEY-----");
        assertThat(b).contains(a.substring(28, 28 + 28));
        assertThat(m.mask("postgres://app:hunter2@db/app")).matches("postgres://app:url_credentials:[0-9a-f]{16}@db/app");
        assertThat(m.mask("password=hunter2")).isEqualTo("password=*****r2");
    }

    @Test
    void partialIsRefusedForPrivateKeys() {
        assertThatThrownBy(() -> Masker.builder().strategy(PiiType.PRIVATE_KEY, MaskStrategy.partial(4)).build())
                .isInstanceOf(MaskingConfigException.class).hasMessageStartingWith("detectors.private_key.strategy: partial is not allowed");
        assertThatThrownBy(() -> MaskingConfig.fromMap(Map.of("detectors", Map.of("private_key", Map.of("strategy", "partial")))))
                .isInstanceOf(MaskingConfigException.class).hasMessageContaining("detectors.private_key.strategy: partial is not allowed");
    }

    @Test
    void secretDetectorsAreSwitchedAndCountedLikeTheOthers() {
        Masker m = Masker.create(MaskingConfig.fromMap(Map.of("detectors",
                Map.of("secret_assignment", false, "url_credentials", Map.of("enabled", true), "private_key", true))));
        assertThat(m.mask("password=hunter2")).isEqualTo("password=hunter2");
        MaskStats stats = new MaskStats();
        Object out = m.maskValue(Map.of("dsn", "postgres://app:hunter2@db/app",
                "pem", "-----BEGIN EC PRIVATE KEY-----MHcCAQEEIBkg"), MaskScope.NONE, stats);
        assertThat(out.toString()).doesNotContain("hunter2", "MHcCAQEEIBkg");
        assertThat(stats.countsByType()).containsEntry("url_credentials", 1L).containsEntry("private_key", 1L);
        assertThat(stats.fieldsMasked()).isEqualTo(2);
    }

    @Test
    void hashWithoutAKeyIsAConfigError() {
        assertThatThrownBy(() -> Masker.builder().strategy(PiiType.CPF, MaskStrategy.hash()).build())
                .isInstanceOf(MaskingConfigException.class).hasMessageStartingWith("hashKey: required because detectors.cpf.strategy is hash");
        assertThatThrownBy(() -> MaskingConfig.fromMap(Map.of("hashKey", "short", "detectors", Map.of("cpf", Map.of("strategy", "hash")))))
                .isInstanceOf(MaskingConfigException.class).hasMessageContaining("hashKey: must be at least 16 bytes");
    }

    @Test
    void oneMaskerIsSharedSafelyAcrossThreads() throws Exception {
        Masker m = Masker.builder().hashKey(KEY).strategy(PiiType.EMAIL, MaskStrategy.hash()).build();
        List<String> inputs = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            inputs.add("user" + i + "@example.com paid with 4111 1111 1111 1111, cpf 529.982.247-25");
        }
        List<String> expected = inputs.stream().map(m::mask).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<String>>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> inputs.stream().map(m::mask).toList()));
            }
            for (java.util.concurrent.Future<List<String>> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void secretNeverPrints() {
        assertThat(KEY.toString()).isEqualTo("Secret[***]").doesNotContain("0123");
        MaskingConfig c = MaskingConfig.builder().hashKey(KEY).build();
        assertThat(c.toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void customPatternsWithReplacementPartialAndHash() {
        Masker m = Masker.builder().hashKey(KEY)
                .custom("employee_id", "EMP-[0-9]{6}", "EMP-******")
                .custom("ticket", "TCK[0-9]{4}", MaskStrategy.partial(2))
                .custom("plate", "[A-Z]{3}-?[0-9][A-Z0-9][0-9]{2}", MaskStrategy.hash())
                .build();
        MaskStats stats = new MaskStats();
        Object out = m.maskValue(List.of("by EMP-123456 and EMP-654321", "TCK1234", "car ABC1D23"), MaskScope.NONE, stats);
        assertThat(out).asList().element(0).isEqualTo("by EMP-****** and EMP-******");
        assertThat(out).asList().element(1).isEqualTo("*****34");
        assertThat(((List<?>) out).get(2).toString()).matches("car plate:[0-9a-f]{16}");
        assertThat(stats.countsByType()).containsEntry("employee_id", 2L).containsEntry("ticket", 1L).containsEntry("plate", 1L);
        assertThat(stats.fieldsMasked()).isEqualTo(3);
    }
}
