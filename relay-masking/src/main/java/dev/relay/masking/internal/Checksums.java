package dev.relay.masking.internal;

/**
 * Check-digit and number-plan validators. All take the significant characters only (digits, or
 * for CNPJ digits and upper-case letters), already stripped of punctuation, as a char array slice,
 * so the scanner validates without allocating.
 */
public final class Checksums {
    private Checksums() {
    }

    /** CPF: 11 digits, both check digits valid, not all the same digit. */
    public static boolean cpf(char[] d, int len) {
        if (len != 11 || allSame(d, len)) {
            return false;
        }
        int s = 0;
        for (int i = 0; i < 9; i++) {
            s += (d[i] - '0') * (10 - i);
        }
        int c1 = (s * 10) % 11 % 10;
        if (c1 != d[9] - '0') {
            return false;
        }
        s = 0;
        for (int i = 0; i < 10; i++) {
            s += (d[i] - '0') * (11 - i);
        }
        int c2 = (s * 10) % 11 % 10;
        return c2 == d[10] - '0';
    }

    public static boolean cpf(String digits) {
        return cpf(digits.toCharArray(), digits.length());
    }

    private static final int[] CNPJ_W1 = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
    private static final int[] CNPJ_W2 = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

    /**
     * CNPJ, numeric or alphanumeric (2026): 12 characters in {@code [0-9A-Z]} then two check digits;
     * each character counts as its ASCII code minus 48, weights 2..9 from the right, modulus 11.
     */
    public static boolean cnpj(char[] d, int len) {
        if (len != 14 || allSame(d, len)) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = d[i];
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        if (!isDigit(d[12]) || !isDigit(d[13])) {
            return false;
        }
        return cnpjDigit(d, 12, CNPJ_W1) == d[12] - '0' && cnpjDigit(d, 13, CNPJ_W2) == d[13] - '0';
    }

    public static boolean cnpj(String chars) {
        return cnpj(chars.toCharArray(), chars.length());
    }

    /** The check digit over the first {@code n} characters. */
    public static int cnpjDigit(char[] d, int n, int[] w) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += (d[i] - 48) * w[i];
        }
        int r = s % 11;
        return r < 2 ? 0 : 11 - r;
    }

    /** Both CNPJ check digits for 12 base characters, as a two-character string. */
    public static String cnpjCheckDigits(String base12) {
        char[] d = new char[14];
        base12.getChars(0, 12, d, 0);
        d[12] = (char) ('0' + cnpjDigit(d, 12, CNPJ_W1));
        d[13] = (char) ('0' + cnpjDigit(d, 13, CNPJ_W2));
        return new String(d, 12, 2);
    }

    /** Both CPF check digits for 9 base digits. */
    public static String cpfCheckDigits(String base9) {
        int s = 0;
        for (int i = 0; i < 9; i++) {
            s += (base9.charAt(i) - '0') * (10 - i);
        }
        int c1 = (s * 10) % 11 % 10;
        s = 0;
        for (int i = 0; i < 9; i++) {
            s += (base9.charAt(i) - '0') * (11 - i);
        }
        s += c1 * 2;
        int c2 = (s * 10) % 11 % 10;
        return "" + c1 + c2;
    }

    /** Luhn (mod 10) over digits. */
    public static boolean luhn(char[] d, int len) {
        int sum = 0;
        boolean dbl = false;
        for (int i = len - 1; i >= 0; i--) {
            int v = d[i] - '0';
            if (dbl) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    public static boolean luhn(String digits) {
        return luhn(digits.toCharArray(), digits.length());
    }

    /** The Luhn check digit to append to {@code partial}. */
    public static int luhnCheckDigit(String partial) {
        int sum = 0;
        boolean dbl = true;
        for (int i = partial.length() - 1; i >= 0; i--) {
            int v = partial.charAt(i) - '0';
            if (dbl) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
            dbl = !dbl;
        }
        return (10 - sum % 10) % 10;
    }

    /** Card: 13-19 digits, Luhn-valid, and a known issuer prefix with a length it issues. */
    public static boolean card(char[] d, int len) {
        return len >= 13 && len <= 19 && issuer(d, len) != null && luhn(d, len);
    }

    public static boolean card(String digits) {
        return card(digits.toCharArray(), digits.length());
    }

    private static final int[][] ELO_RANGES = {
        {401178, 401179}, {431274, 431274}, {438935, 438935}, {451416, 451416}, {457393, 457393},
        {457631, 457632}, {504175, 504175}, {506699, 506778}, {509000, 509999}, {627780, 627780},
        {636297, 636297}, {636368, 636368}, {650031, 650033}, {650035, 650051}, {650405, 650439},
        {650485, 650538}, {650541, 650598}, {650700, 650718}, {650720, 650727}, {650901, 650978},
        {651652, 651679}, {655000, 655019}, {655021, 655058},
    };

    /** The issuer of a card number by its prefix and length, or null when no known issuer matches. */
    public static String issuer(char[] d, int len) {
        if (len < 13) {
            return null;
        }
        int p6 = prefix(d, 6);
        int p4 = p6 / 100;
        int p3 = p6 / 1000;
        int p2 = p6 / 10000;
        for (int[] r : ELO_RANGES) {
            if (p6 >= r[0] && p6 <= r[1]) {
                return len == 16 ? "elo" : null;
            }
        }
        if (p6 == 606282 || p6 == 384100 || p6 == 384140 || p6 == 384160) {
            return (len == 13 || len == 16 || len == 19) ? "hipercard" : null;
        }
        if (p2 == 34 || p2 == 37) {
            return len == 15 ? "amex" : null;
        }
        if (d[0] == '4') {
            return (len == 13 || len == 16 || len == 19) ? "visa" : null;
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return len == 16 ? "mastercard" : null;
        }
        if (p4 >= 2200 && p4 <= 2204) {
            return len >= 16 ? "mir" : null;
        }
        if ((p3 >= 300 && p3 <= 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39) {
            return len >= 14 ? "diners" : null;
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return len >= 16 ? "jcb" : null;
        }
        if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) {
            return len >= 16 ? "discover" : null;
        }
        if (p2 == 62 || p2 == 81) {
            return len >= 16 ? "unionpay" : null;
        }
        if (p2 == 50 || (p2 >= 56 && p2 <= 69)) {
            return "maestro";
        }
        return null;
    }

    private static int prefix(char[] d, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = v * 10 + (d[i] - '0');
        }
        return v;
    }

    private static final boolean[] BR_DDD = new boolean[100];

    static {
        int[] ddd = {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38,
            41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73,
            74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99};
        for (int x : ddd) {
            BR_DDD[x] = true;
        }
    }

    /** A Brazilian area code (DDD) in use. */
    public static boolean brazilDdd(int ddd) {
        return ddd >= 0 && ddd < 100 && BR_DDD[ddd];
    }

    /**
     * A Brazilian national number: DDD then a mobile (9 + 8 digits) or a landline (8 digits starting
     * 2-5), digits {@code d[from, from+len)}.
     */
    public static boolean brazilNational(char[] d, int from, int len) {
        if (len != 10 && len != 11) {
            return false;
        }
        int ddd = (d[from] - '0') * 10 + (d[from + 1] - '0');
        if (!brazilDdd(ddd)) {
            return false;
        }
        char first = d[from + 2];
        if (len == 11) {
            return first == '9' && d[from + 3] != '0';
        }
        return first >= '2' && first <= '5';
    }

    /** A North American (NANP) number: area code and exchange start 2-9, 10 digits. */
    public static boolean nanp(char[] d, int from, int len) {
        if (len != 10) {
            return false;
        }
        char a = d[from];
        char e = d[from + 3];
        return a >= '2' && a <= '9' && e >= '2' && e <= '9' && !(d[from + 1] == '1' && d[from + 2] == '1');
    }

    private static final boolean[] CC1 = new boolean[10];
    private static final boolean[] CC2 = new boolean[100];
    private static final boolean[] CC3 = new boolean[1000];

    static {
        CC1[1] = true;
        CC1[7] = true;
        int[] two = {20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54,
            55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98};
        for (int x : two) {
            CC2[x] = true;
        }
        int[][] three = {{211, 212}, {213, 213}, {216, 216}, {218, 218}, {220, 269}, {290, 291}, {297, 299},
            {350, 359}, {370, 389}, {420, 423}, {500, 509}, {590, 599}, {670, 692}, {800, 800}, {808, 808},
            {850, 850}, {852, 853}, {855, 856}, {870, 870}, {880, 881}, {886, 886}, {960, 968}, {970, 977},
            {992, 996}, {998, 998}};
        for (int[] r : three) {
            for (int x = r[0]; x <= r[1]; x++) {
                CC3[x] = true;
            }
        }
    }

    /**
     * The length of the ITU country calling code that {@code d[from..]} starts with (1-3), or 0 when
     * it starts with none.
     */
    public static int countryCodeLength(char[] d, int from, int len) {
        if (len < 1 || d[from] == '0') {
            return 0;
        }
        int c1 = d[from] - '0';
        if (CC1[c1]) {
            return 1;
        }
        if (len >= 2) {
            int c2 = c1 * 10 + (d[from + 1] - '0');
            if (CC2[c2]) {
                return 2;
            }
            if (len >= 3 && CC3[c2 * 10 + (d[from + 2] - '0')]) {
                return 3;
            }
        }
        return 0;
    }

    private static boolean allSame(char[] d, int len) {
        for (int i = 1; i < len; i++) {
            if (d[i] != d[0]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
