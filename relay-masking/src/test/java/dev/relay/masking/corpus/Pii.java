package dev.relay.masking.corpus;

import dev.relay.masking.internal.Checksums;
import java.util.Random;

/** Generators of valid (and deliberately invalid) documents, cards and keys for tests and the corpus. */
public final class Pii {
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Random r;

    public Pii(Random r) {
        this.r = r;
    }

    public String digits(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    public String chars(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    public String b62(int n) {
        return chars(B62, n);
    }

    /** 11 digits, valid. */
    public String cpf() {
        while (true) {
            String base = digits(9);
            String c = base + Checksums.cpfCheckDigits(base);
            if (Checksums.cpf(c)) {
                return c;
            }
        }
    }

    /** 11 digits with wrong check digits. */
    public String invalidCpf() {
        while (true) {
            String c = digits(11);
            if (!Checksums.cpf(c) && !Checksums.card(c)) {
                return c;
            }
        }
    }

    public static String formatCpf(String c) {
        return c.substring(0, 3) + "." + c.substring(3, 6) + "." + c.substring(6, 9) + "-" + c.substring(9);
    }

    public String cnpj(boolean alphanumeric) {
        while (true) {
            String base = alphanumeric ? chars(ALNUM, 8) + digits(4) : digits(8) + "0001";
            if (alphanumeric && base.chars().noneMatch(Character::isLetter)) {
                continue;
            }
            String c = base + Checksums.cnpjCheckDigits(base);
            if (Checksums.cnpj(c)) {
                return c;
            }
        }
    }

    public String invalidCnpj() {
        while (true) {
            String c = digits(8) + "0001" + digits(2);
            if (!Checksums.cnpj(c) && !Checksums.card(c)) {
                return c;
            }
        }
    }

    public static String formatCnpj(String c) {
        return c.substring(0, 2) + "." + c.substring(2, 5) + "." + c.substring(5, 8) + "/" + c.substring(8, 12) + "-" + c.substring(12);
    }

    /** A Luhn-valid number of {@code length} digits starting with {@code prefix}. */
    public String card(String prefix, int length) {
        String partial = prefix + digits(length - prefix.length() - 1);
        return partial + Checksums.luhnCheckDigit(partial);
    }

    /** Luhn-invalid number with a real issuer prefix. */
    public String invalidCard(String prefix, int length) {
        String valid = card(prefix, length);
        char last = valid.charAt(length - 1);
        char wrong = (char) ('0' + (last - '0' + 1 + r.nextInt(8)) % 10);
        return valid.substring(0, length - 1) + wrong;
    }

    public static String group(String digits, int... sizes) {
        return group(digits, " ", sizes);
    }

    public static String group(String digits, String sep, int... sizes) {
        StringBuilder b = new StringBuilder();
        int at = 0;
        for (int s : sizes) {
            if (b.length() > 0) {
                b.append(sep);
            }
            b.append(digits, at, at + s);
            at += s;
        }
        return b.toString();
    }

    public String jwt() {
        String header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
        String payload = "eyJ" + chars(B62 + "_-", 40 + r.nextInt(60));
        return header + "." + payload + "." + chars(B62 + "_-", 43);
    }
}
