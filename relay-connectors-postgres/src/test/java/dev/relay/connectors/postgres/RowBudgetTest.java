package dev.relay.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link RowBudget} admits exactly the rows that summing {@link PgValues#estimateSize} row by row
 * admits (the connector's rule before it), whatever the text: ASCII, characters JSON escapes,
 * non-ASCII, surrogate pairs, lone surrogates, empty and long strings, and non-string values.
 */
class RowBudgetTest {

    /** Strings whose estimate ranges from the lower bound (printable ASCII) to the upper one (all escaped). */
    private static final List<String> TEXTS = List.of("", "a", "plain ascii text", "status ok", "\"", "\\", "\n\t\r",
            "\u0000\u0001\u001f", "\"\"\"\"\"\"", "quote \" and backslash \\", "São Paulo", "日本語テキスト", "€uro",
            "\uD834\uDD1E clef", "\uD800 lone high", "lone low \uDC00", "ÿ", "\u007f\u0080\u07ff\u0800\uffff",
            "x".repeat(5000), "\"".repeat(3000), "é".repeat(4000), "日".repeat(2500));

    private static final List<@Nullable Object> OTHERS = Arrays.asList(null, 42, 7L, 3.5, true, false,
            List.of("a", "\"b\""), Map.of("k", "v\n"), Arrays.asList(1, null, "日"));

    @Test
    void stringBoundsHold() {
        for (String s : TEXTS) {
            long exact = PgValues.estimateSize(s);
            assertThat(exact).as(s).isBetween(2L + s.length(), 2L + 6L * s.length());
        }
    }

    @Test
    void admitsExactlyWhatTheExactSumAdmits() {
        Random random = new Random(11);
        for (int table = 0; table < 60; table++) {
            int width = 1 + random.nextInt(6);
            List<Object[]> rows = new ArrayList<>();
            int mostlyAscii = random.nextInt(3); // 0: mixed, 1: ASCII-heavy, 2: escape-heavy
            for (int r = 0; r < 400; r++) {
                Object[] row = new Object[width];
                for (int c = 0; c < width; c++) {
                    int pick = random.nextInt(10);
                    if (pick < 2) {
                        row[c] = OTHERS.get(random.nextInt(OTHERS.size()));
                    } else if (mostlyAscii == 1) {
                        row[c] = "text " + random.nextInt(1_000_000);
                    } else if (mostlyAscii == 2) {
                        row[c] = "\"\\\n".repeat(1 + random.nextInt(40));
                    } else {
                        row[c] = TEXTS.get(random.nextInt(TEXTS.size()));
                    }
                }
                rows.add(row);
            }
            long header = 64 + random.nextInt(200);
            long total = header;
            for (Object[] row : rows) {
                total += RowBudget.rowSize(Arrays.asList(row));
            }
            // budgets from nothing to more than everything, including exactly at a row's boundary
            List<Long> budgets = new ArrayList<>(List.of(1L, header, header + 1, total / 7, total / 3, total / 2,
                    total - 1, total, total + 1, 6 * total, Long.MAX_VALUE / 4));
            long boundary = header;
            for (int r = 0; r < 5; r++) {
                boundary += RowBudget.rowSize(Arrays.asList(rows.get(r)));
            }
            budgets.add(boundary);
            budgets.add(boundary - 1);
            for (long max : budgets) {
                assertThat(admitted(rows, header, max)).as("table %d, budget %d", table, max)
                        .isEqualTo(exactlyAdmitted(rows, header, max));
            }
        }
    }

    @Test
    void farFromTheBudgetStringsAreNotMeasuredAndFetchSizingSeesTheirLength() {
        List<List<@Nullable Object>> kept = new ArrayList<>();
        RowBudget budget = new RowBudget(100, 16L << 20, kept);
        for (int r = 0; r < 1000; r++) {
            Object[] row = {(long) r, "order " + r + " shipped", "status ok"};
            assertThat(budget.admit(row)).isTrue();
            kept.add(Collections.unmodifiableList(Arrays.asList(row)));
        }
        assertThat(budget.exact()).isFalse();
        long exact = 0;
        for (List<@Nullable Object> row : kept) {
            exact += RowBudget.rowSize(row);
        }
        // printable ASCII: the lower bound is the exact estimate
        assertThat(budget.rowBytes()).isEqualTo(exact);
        assertThat(budget.budgetLeft()).isEqualTo((16L << 20) - 100 - exact);
    }

    @Test
    void nearTheBudgetEveryRowIsMeasuredAndTheRefusedRowCountsNothing() {
        List<List<@Nullable Object>> kept = new ArrayList<>();
        // exact estimate 2 + 50 * 6 + 50 + 1 + 2 = 355 bytes; upper bound 2 + 600 + 1 + 2 = 605
        Object[] row = {"\"".repeat(50) + "a".repeat(50)};
        long max = 10 + 3 * 355;
        RowBudget budget = new RowBudget(10, max, kept);
        for (int r = 0; r < 3; r++) {
            assertThat(budget.admit(row)).isTrue();
            kept.add(Arrays.asList(row));
        }
        assertThat(budget.exact()).isTrue();
        assertThat(budget.budgetLeft()).isZero();
        assertThat(budget.admit(new Object[] {"x"})).isFalse();
        assertThat(budget.budgetLeft()).isZero();
        assertThat(budget.rowBytes()).isEqualTo(3 * 355);
    }

    /** How many rows RowBudget admits before the first refusal. */
    private static int admitted(List<Object[]> rows, long header, long max) {
        List<List<@Nullable Object>> kept = new ArrayList<>();
        RowBudget budget = new RowBudget(header, max, kept);
        for (Object[] row : rows) {
            if (!budget.admit(row)) {
                break;
            }
            kept.add(Collections.unmodifiableList(Arrays.asList(row)));
            assertThat(budget.rowBytes()).isPositive();
        }
        return kept.size();
    }

    /** The connector's rule before RowBudget: the exact estimate summed row by row. */
    private static int exactlyAdmitted(List<Object[]> rows, long header, long max) {
        long bytes = header;
        int n = 0;
        for (Object[] row : rows) {
            long rowBytes = 2;
            for (Object v : row) {
                rowBytes += PgValues.estimateSize(v) + 1;
            }
            if (bytes + rowBytes > max) {
                break;
            }
            bytes += rowBytes;
            n++;
        }
        return n;
    }
}
