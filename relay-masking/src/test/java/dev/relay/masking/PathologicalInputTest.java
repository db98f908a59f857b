package dev.relay.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile inputs for the built-in detectors, about 1 MB each, built to make a careless scanner look
 * at the same characters again and again (a BEGIN line without its END, "://" without an authority
 * end, keys without values, quotes that never close). Each must be answered in time linear in its
 * length: the bound is generous for a loaded 2-core machine (about 1 MB at a few ns per character
 * takes milliseconds) and quadratic behaviour on 1 MB (10^12 steps) would miss it by hours.
 */
class PathologicalInputTest {
    private static final int MB = 1 << 20;
    private static final long BOUND_NANOS = 1_000_000_000L;

    private final Masker masker = Masker.defaults();

    static String repeat(String unit) {
        return unit.repeat(MB / unit.length() + 1);
    }

    static Stream<Arguments> inputs() {
        String b64 = repeat("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\n");
        return Stream.of(
                Arguments.of("BEGIN without a label, repeated", (Supplier<String>) () -> repeat("-----BEGIN ")),
                Arguments.of("BEGIN lines without END, repeated", (Supplier<String>) () -> repeat("-----BEGIN PRIVATE KEY-----")),
                Arguments.of("certificate BEGIN lines, repeated", (Supplier<String>) () -> repeat("-----BEGIN CERTIFICATE-----x")),
                Arguments.of("long labels, repeated", (Supplier<String>) () -> repeat("-----BEGIN " + "A ".repeat(40) + "-----")),
                Arguments.of("1 MB key without END", (Supplier<String>) () -> "-----BEGIN PRIVATE KEY-----\\n" + b64),
                Arguments.of("whole keys, repeated", (Supplier<String>) () -> repeat("-----BEGIN PRIVATE KEY-----a-----END PRIVATE KEY-----")),
                Arguments.of("END lines only", (Supplier<String>) () -> repeat("-----END PRIVATE KEY-----")),
                Arguments.of(":// repeated", (Supplier<String>) () -> repeat("://")),
                Arguments.of("a:// repeated", (Supplier<String>) () -> repeat("a://")),
                Arguments.of("one authority of user:pass@ pairs", (Supplier<String>) () -> "x://" + repeat("a:b@")),
                Arguments.of("authorities with @ and no password", (Supplier<String>) () -> repeat("x://u@h ")),
                Arguments.of("'@' repeated", (Supplier<String>) () -> repeat("@")),
                Arguments.of("'=' repeated", (Supplier<String>) () -> repeat("=")),
                Arguments.of("':' repeated", (Supplier<String>) () -> repeat(":")),
                Arguments.of("password= repeated", (Supplier<String>) () -> repeat("password=")),
                Arguments.of("password: repeated", (Supplier<String>) () -> repeat("password: ")),
                Arguments.of("token = repeated", (Supplier<String>) () -> repeat("token = ")),
                Arguments.of("a long key", (Supplier<String>) () -> repeat("a_") + "password=x"),
                Arguments.of("an unterminated quote", (Supplier<String>) () -> "password=\"" + repeat("\\\"")),
                Arguments.of("nested quotes", (Supplier<String>) () -> repeat("{\"password\":\"{\\\"token\\\":\\\"")),
                Arguments.of("quotes opened and closed", (Supplier<String>) () -> repeat("secret='' ")),
                Arguments.of("escaped quotes", (Supplier<String>) () -> "{\\\"password\\\":\\\"" + repeat("\\\\")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void answeredInLinearTime(String name, Supplier<String> input) {
        String s = input.get();
        long best = Long.MAX_VALUE;
        String out = null;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            out = masker.mask(s);
            best = Math.min(best, System.nanoTime() - t);
        }
        assertThat(best).as(name + ": best of 3, ns").isLessThan(BOUND_NANOS);
        assertThat(out).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void nothingAfterAnOpenPrivateKeyIsLeft(String name, Supplier<String> input) {
        // a key cut off before any of these inputs is masked to the end (only layout may follow the mask)
        String in = input.get();
        if (in.contains("-----END PRIVATE KEY-----")) {
            return; // these inputs close the key
        }
        MaskStats stats = new MaskStats();
        String out = masker.mask("-----BEGIN PRIVATE KEY-----\n" + in, stats);
        assertThat(out).startsWith("-----BEGIN PRIVATE KEY-----\n***");
        assertThat(out.substring("-----BEGIN PRIVATE KEY-----\n***".length())).matches("(\\s|\\\\[nrt])*");
        assertThat(stats.countsByType()).containsOnlyKeys("private_key");
    }
}
