package dev.relay.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Masker#maskRows} must give exactly what {@link Masker#maskValue} gives cell by cell under
 * each column's scope (the way the runtime masked rows before), with the same counts.
 */
class MaskRowsTest {

    /** Column names: plain ones, ones named like secrets, one under a column rule. */
    private static final List<String> COLUMNS = List.of("id", "note", "password", "api_token", "tax_id", "payload",
            "clientSecret", "amount");

    /** Cells that look like PII, secrets, near misses and every value-model type. */
    private static final List<@Nullable Object> CELLS = Arrays.asList(
            null, "", "plain text", "status ok", "order 42 shipped to warehouse 3", "ana@example.com",
            "contact user5@mail.example.org", "card 4111 1111 1111 1111 on file", "4111111111111111",
            "529.982.247-25", "52998224725", "+55 11 98765-4321", "tel 11987654321", "Bearer abc.def.ghi",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "ghp_0123456789abcdefghijABCDEFGHIJ012345", "password=hunter22", "postgres://u:secretpw@db/x",
            "s3cr3t-value", "changeme", "12345", "1234567", "São Paulo ☃ 𝄞", "\"quoted\"\\", 42, 52998224725L, 7L,
            4111111111111111L, 12.5, true, new BigInteger("52998224725"), new BigDecimal("52998224725"),
            new BigDecimal("12.50"), List.of("ana@example.com", 1), Map.of("email", "bob@example.com", "n", 2),
            Map.of("password", "hunter22"));

    static Stream<Arguments> maskers() {
        return Stream.of(
                Arguments.of("defaults", Masker.defaults()),
                Arguments.of("secret fields off", Masker.builder().disable(PiiType.SECRET_ASSIGNMENT).build()),
                Arguments.of("column rules and a custom pattern", Masker.builder()
                        .hashKey(Secret.of("0123456789abcdef0123"))
                        .column(new MaskingConfig.ColumnRule("pg", "public.t", "tax_id", "cpf", MaskStrategy.hash()))
                        .column(new MaskingConfig.ColumnRule(null, null, "payload.email", null, null))
                        .custom("order", "order [0-9]+", "order ###")
                        .build()));
    }

    private static List<MaskScope> scopes() {
        List<MaskScope> scopes = new ArrayList<>();
        for (String c : COLUMNS) {
            scopes.add(new MaskScope("pg", "public.t", c));
        }
        return scopes;
    }

    /** Every cell in every column, rotated so each row mixes them; some rows longer than the scopes. */
    private static List<List<@Nullable Object>> table() {
        List<List<@Nullable Object>> rows = new ArrayList<>();
        for (int r = 0; r < CELLS.size(); r++) {
            int width = r % 7 == 3 ? COLUMNS.size() + 2 : COLUMNS.size();
            List<@Nullable Object> row = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                row.add(CELLS.get((r + c) % CELLS.size()));
            }
            rows.add(r % 5 == 4 ? new LinkedList<>(row) : row);
        }
        rows.add(Arrays.asList(1L, "plain", "", "1234", 7, null, "", 3.5)); // nothing to mask
        return rows;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maskers")
    void sameResultAndCountsAsMaskValueCellByCell(String name, Masker masker) {
        List<List<@Nullable Object>> rows = table();
        List<MaskScope> scopes = scopes();
        MaskScope other = MaskScope.of("pg", null);

        MaskStats expectedStats = new MaskStats();
        List<List<@Nullable Object>> expected = new ArrayList<>();
        for (List<@Nullable Object> row : rows) {
            List<@Nullable Object> masked = new ArrayList<>();
            int i = 0;
            for (Object cell : row) {
                masked.add(masker.maskValue(cell, i < scopes.size() ? scopes.get(i) : other, expectedStats));
                i++;
            }
            expected.add(masked);
        }

        MaskStats stats = new MaskStats();
        List<List<@Nullable Object>> out = masker.maskRows(rows, scopes, other, stats);

        assertThat(out).hasSameSizeAs(rows);
        for (int r = 0; r < rows.size(); r++) {
            assertThat(out.get(r)).as("row %d", r).containsExactlyElementsOf(expected.get(r));
            boolean changed = false;
            for (int c = 0; c < rows.get(r).size(); c++) {
                Object before = rows.get(r).get(c);
                Object after = out.get(r).get(c);
                changed |= before != after;
                if (expected.get(r).get(c) == before) {
                    assertThat(after).as("row %d cell %d kept", r, c).isSameAs(before);
                }
            }
            if (!changed) {
                assertThat(out.get(r)).as("row %d unchanged is the same instance", r).isSameAs(rows.get(r));
            }
        }
        assertThat(stats.fieldsMasked()).isEqualTo(expectedStats.fieldsMasked()).isPositive();
        assertThat(stats.countsByType()).isEqualTo(expectedStats.countsByType());
    }

    @Test
    void nothingToMaskReturnsTheSameTable() {
        List<List<@Nullable Object>> rows = List.of(Arrays.asList(1L, "plain", null), Arrays.asList(2L, "status ok", 3.5));
        MaskStats stats = new MaskStats();
        assertThat(Masker.defaults().maskRows(rows, scopes(), MaskScope.NONE, stats)).isSameAs(rows);
        assertThat(stats.fieldsMasked()).isZero();
        assertThat(stats.countsByType()).isEmpty();
        assertThat(Masker.defaults().maskRows(List.of(), List.of(), MaskScope.NONE, stats)).isEmpty();
    }

    @Test
    void maskedRowsAreUnmodifiable() {
        List<List<@Nullable Object>> rows = List.of(Arrays.asList(1L, "ana@example.com"));
        List<List<@Nullable Object>> out = Masker.defaults().maskRows(rows, scopes(), MaskScope.NONE, new MaskStats());
        assertThat(out.get(0)).containsExactly(1L, "***@***.***");
        assertThatThrownBy(() -> out.get(0).set(1, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> out.add(List.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void failsClosedWithoutDataAndWithoutCounting() {
        Object unmaskable = new Object() {
            @Override
            public String toString() {
                return "ana@example.com";
            }
        };
        List<List<@Nullable Object>> rows = List.of(Arrays.asList(1L, "bob@example.com"), Arrays.asList(2L, unmaskable));
        MaskStats stats = new MaskStats();
        assertThatThrownBy(() -> Masker.defaults().maskRows(rows, scopes(), MaskScope.NONE, stats))
                .isInstanceOf(MaskingException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("example"));
        assertThat(stats.fieldsMasked()).isZero();
        assertThat(stats.countsByType()).isEmpty();

        List<List<@Nullable Object>> nullRow = Arrays.asList(Arrays.asList(1L, "x"), null);
        assertThatThrownBy(() -> Masker.defaults().maskRows(nullRow, scopes(), MaskScope.NONE, new MaskStats()))
                .isInstanceOf(MaskingException.class);
    }
}
