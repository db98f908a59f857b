package dev.relay.benchmarks.masking;

import dev.relay.masking.internal.Checksums;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic benchmark cells: realistic filler (log words, ids, timestamps, prices, versions,
 * UUIDs, IPs) with checksum-invalid decoys (11-digit numbers, formatted CPFs and 16-digit card-like
 * numbers that fail their check digits), and, depending on the density, valid PII of every type.
 */
final class BenchCorpus {

    enum Density {
        /** Decoys only. */
        NONE(0),
        /** About one value per KiB. */
        SPARSE(1024),
        /** About one value per 64 bytes. */
        DENSE(64);

        final int bytesPerValue;

        Density(int bytesPerValue) {
            this.bytesPerValue = bytesPerValue;
        }
    }

    private static final String[] WORDS = {"the", "order", "was", "shipped", "to", "customer", "status", "ok",
        "pedido", "enviado", "para", "cliente", "aguardando", "pagamento", "INFO", "WARN", "request", "completed",
        "in", "ms", "retry", "after", "timeout", "user", "session", "expired", "nota", "fiscal", "emitida", "em",
        "support", "ticket", "closed", "by", "agent", "queue", "payments", "worker", "thread", "pool", "GET",
        "/api/v1/orders", "HTTP/1.1", "200", "id=", "total=", "R$", "USD", "items", "processed", "batch", "job"};

    private final Random r;
    private final List<String> pii = new ArrayList<>();
    private final List<String> decoys = new ArrayList<>();

    BenchCorpus(long seed) {
        this.r = new Random(seed);
        for (int i = 0; i < 64; i++) {
            pii.add(cpfFormatted());
            pii.add(cpf());
            pii.add("ana.silva" + i + "+news@mail.example.com.br");
            pii.add(group(card("4", 16)));
            pii.add(card("5" + (1 + r.nextInt(5)), 16));
            pii.add("+55 11 9" + (1 + r.nextInt(9)) + digits(3) + "-" + digits(4));
            pii.add("(21) 3" + digits(3) + "-" + digits(4));
            pii.add(cnpjFormatted());
            pii.add("Bearer " + b62(32));
            pii.add("ghp_" + b62(36));
            pii.add("AKIA" + upper(16));
        }
        for (int i = 0; i < 64; i++) {
            decoys.add(invalidCpf());
            decoys.add(invalidCpfFormatted());
            decoys.add(group(invalidCard()));
            decoys.add(invalidCard());
            decoys.add(java.util.UUID.nameUUIDFromBytes(digits(6).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
            decoys.add("2026-11-" + (10 + r.nextInt(18)) + "T1" + r.nextInt(9) + ":3" + r.nextInt(9) + ":00.123Z");
            decoys.add(String.valueOf(1_700_000_000_000L + r.nextInt(1_000_000_000)));
            decoys.add("R$ " + r.nextInt(999) + "." + digits(3) + "," + digits(2));
            decoys.add("v" + r.nextInt(5) + "." + r.nextInt(30) + "." + r.nextInt(20));
            decoys.add("10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256));
            decoys.add("ORD-" + digits(8));
        }
    }

    /** {@code count} cells of about {@code size} characters at {@code density}. */
    List<String> cells(int size, Density density, int count) {
        List<String> out = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            out.add(cell(size, density));
        }
        return out;
    }

    String cell(int size, Density density) {
        StringBuilder b = new StringBuilder(size + 64);
        // expected PII values in this cell: size / bytesPerValue (a fraction decides for small cells)
        double expected = density == Density.NONE ? 0 : (double) size / density.bytesPerValue;
        int values = (int) expected + (r.nextDouble() < expected - (int) expected ? 1 : 0);
        int[] at = new int[values];
        for (int k = 0; k < values; k++) {
            at[k] = r.nextInt(Math.max(1, size - 8));
        }
        java.util.Arrays.sort(at);
        int next = 0;
        while (b.length() < size) {
            if (b.length() > 0) {
                b.append(' ');
            }
            String token;
            if (next < values && b.length() >= at[next]) {
                token = pii.get(r.nextInt(pii.size()));
                next++;
            } else if (r.nextInt(5) == 0) {
                token = decoys.get(r.nextInt(decoys.size()));
            } else {
                token = WORDS[r.nextInt(WORDS.length)];
            }
            if (b.length() + token.length() > size && b.length() > 0 && next >= values) {
                // pad with a word cut to fit rather than a cut number
                String w = WORDS[r.nextInt(WORDS.length)];
                b.append(w, 0, Math.min(w.length(), Math.max(0, size - b.length())));
                break;
            }
            b.append(token);
        }
        return b.toString();
    }

    private String digits(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    private String b62(int n) {
        String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(a.charAt(r.nextInt(a.length())));
        }
        return b.toString();
    }

    private String upper(int n) {
        String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(a.charAt(r.nextInt(a.length())));
        }
        return b.toString();
    }

    private String cpf() {
        while (true) {
            String base = digits(9);
            int s = 0;
            for (int i = 0; i < 9; i++) {
                s += (base.charAt(i) - '0') * (10 - i);
            }
            int c1 = (s * 10) % 11 % 10;
            s = 0;
            for (int i = 0; i < 9; i++) {
                s += (base.charAt(i) - '0') * (11 - i);
            }
            s += c1 * 2;
            int c2 = (s * 10) % 11 % 10;
            String v = base + c1 + c2;
            if (Checksums.cpf(v)) {
                return v;
            }
        }
    }

    private String cpfFormatted() {
        String c = cpf();
        return c.substring(0, 3) + "." + c.substring(3, 6) + "." + c.substring(6, 9) + "-" + c.substring(9);
    }

    private String invalidCpf() {
        while (true) {
            String v = digits(11);
            if (!Checksums.cpf(v)) {
                return v;
            }
        }
    }

    private String invalidCpfFormatted() {
        String c = invalidCpf();
        return c.substring(0, 3) + "." + c.substring(3, 6) + "." + c.substring(6, 9) + "-" + c.substring(9);
    }

    private String cnpjFormatted() {
        String base = digits(8) + "0001";
        String c = base + Checksums.cnpjCheckDigits(base);
        return c.substring(0, 2) + "." + c.substring(2, 5) + "." + c.substring(5, 8) + "/" + c.substring(8, 12) + "-" + c.substring(12);
    }

    private String card(String prefix, int len) {
        String partial = prefix + digits(len - prefix.length() - 1);
        return partial + Checksums.luhnCheckDigit(partial);
    }

    private String invalidCard() {
        String v = card("4", 16);
        char last = v.charAt(15);
        return v.substring(0, 15) + (char) ('0' + (last - '0' + 3) % 10);
    }

    private static String group(String d) {
        return d.substring(0, 4) + " " + d.substring(4, 8) + " " + d.substring(8, 12) + " " + d.substring(12);
    }
}
