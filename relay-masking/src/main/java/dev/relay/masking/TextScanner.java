package dev.relay.masking;

import dev.relay.masking.internal.Checksums;
import org.jspecify.annotations.Nullable;

/**
 * The built-in detectors as one left-to-right pass over a string, no regular expressions.
 *
 * <p>Each character costs one table lookup. Detection starts only at a few places: a digit,
 * {@code +} or {@code (} at the start of a token (CPF, CNPJ, card, phone), an {@code @} (e-mail,
 * expanded both ways), and a letter at the start of a word whose first letters are a known token
 * prefix ({@code Bearer}, {@code eyJ}, {@code ghp_}, {@code AKIA}, ...) or an upper-case letter (the
 * alphanumeric CNPJ), a {@code BEGIN} right after {@code -----} (private keys), and a {@code :} or
 * {@code =}: a URL's {@code ://} (credentials in the userinfo) or the delimiter after a key named
 * like a secret ({@code password=}, {@code "client_secret":}), found by reading the key backwards a
 * bounded distance. A candidate is validated (check digits, Luhn, issuer prefix, area code,
 * country code) before anything is replaced; a failed candidate is skipped as a whole word, so no
 * position is examined twice by the same detector. Nothing is allocated until the first match.
 */
final class TextScanner {

    private static final byte DIGIT = 1;
    private static final byte UPPER = 2;
    /** A lower-case letter (or '_') that starts no token: its word is skipped without a call. */
    private static final byte LOWER = 4;
    /** A lower-case letter that may start a token ({@code bearer}, {@code eyJ}, {@code ghp_}, ...). */
    private static final byte TOKEN = 8;
    private static final byte AT = 16;
    private static final byte PHONE_START = 32; // '+' and '('
    /** ':' and '=': a URL's "://" or the delimiter after a secret key ({@code password=}). */
    private static final byte ASSIGN = 64;
    private static final byte WORD = DIGIT | UPPER | LOWER | TOKEN;
    private static final byte[] CLS = new byte[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            CLS[c] = DIGIT;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            CLS[c] = UPPER;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            CLS[c] = LOWER;
        }
        for (char c : "begnrswx".toCharArray()) {
            CLS[c] = TOKEN;
        }
        CLS['_'] = LOWER; // a word character; no token starts with '_'
        CLS['@'] = AT;
        CLS['+'] = PHONE_START;
        CLS['('] = PHONE_START;
        CLS[':'] = ASSIGN;
        CLS['='] = ASSIGN;
    }

    private static final int MAX_GROUPS = 8;

    private final boolean cpf;
    private final boolean cnpj;
    private final boolean email;
    private final boolean card;
    private final boolean phone;
    private final boolean bearer;
    private final boolean jwt;
    private final boolean apiKey;
    private final boolean privateKey;
    private final boolean urlCredentials;
    private final boolean secretAssignment;
    private final boolean anyNumeric;
    private final Renderer renderer;

    TextScanner(MaskingConfig config, Renderer renderer) {
        this.cpf = config.enabled().contains(PiiType.CPF);
        this.cnpj = config.enabled().contains(PiiType.CNPJ);
        this.email = config.enabled().contains(PiiType.EMAIL);
        this.card = config.enabled().contains(PiiType.CREDIT_CARD);
        this.phone = config.enabled().contains(PiiType.PHONE);
        this.bearer = config.enabled().contains(PiiType.BEARER_TOKEN);
        this.jwt = config.enabled().contains(PiiType.JWT);
        this.apiKey = config.enabled().contains(PiiType.API_KEY);
        this.privateKey = config.enabled().contains(PiiType.PRIVATE_KEY);
        this.urlCredentials = config.enabled().contains(PiiType.URL_CREDENTIALS);
        this.secretAssignment = config.enabled().contains(PiiType.SECRET_ASSIGNMENT);
        this.anyNumeric = cpf || cnpj || card || phone;
        this.renderer = renderer;
    }

    /** Per-call state, created at the first candidate only. */
    private static final class Pass {
        final String s;
        @Nullable StringBuilder out;
        int emitted;
        char @Nullable [] buf;
        int @Nullable [] groupEnd;
        int @Nullable [] groupDigits;

        char[] buf() {
            char[] b = buf;
            if (b == null) {
                b = new char[24];
                buf = b;
                groupEnd = new int[MAX_GROUPS];
                groupDigits = new int[MAX_GROUPS];
            }
            return b;
        }

        Pass(String s) {
            this.s = s;
        }
    }

    /**
     * Masks {@code s}; returns {@code s} itself when nothing matched. {@code counts}, indexed by
     * {@link PiiType#ordinal()}, receives one per masked value.
     */
    String mask(String s, int @Nullable [] counts) {
        final int n = s.length();
        Pass p = null;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 128) {
                i++;
                continue;
            }
            byte k = CLS[c];
            if (k == 0) {
                i++;
                continue;
            }
            if (k == LOWER) {
                i = skipWord(s, i + 1);
                continue;
            }
            if (p == null && !mayStartHere(s, i, c, k)) {
                // the common case, decided without allocating anything
                i = (k & WORD) != 0 ? skipWord(s, i + 1) : i + 1;
                continue;
            }
            if (p == null) {
                p = new Pass(s);
            }
            i = at(p, i, c, k, counts);
        }
        if (p == null || p.out == null) {
            return s;
        }
        p.out.append(s, p.emitted, n);
        return p.out.toString();
    }

    /**
     * A cheap necessary condition for {@link #at}: false when no detector can start at {@code i},
     * so clean text is scanned without allocating.
     */
    private boolean mayStartHere(String s, int i, char c, byte k) {
        if (k == AT || k == PHONE_START) {
            return true;
        }
        if (k == ASSIGN) {
            return (urlCredentials && c == ':' && urlAuthorityEnd(s, i) > 0)
                    || (secretAssignment && secretKeyBefore(s, i) != NO_KEY);
        }
        if (i > 0 && isWord(s.charAt(i - 1))) {
            return false;
        }
        int n = s.length();
        if (k == DIGIT) {
            if (!anyNumeric || continuesNumber(s, i)) {
                return false;
            }
            int j = i + 1;
            while (j < n && isDigit(s.charAt(j))) {
                j++;
            }
            int len = j - i;
            char next = j < n ? s.charAt(j) : 0;
            return ((cpf || cnpj) && documentGate(len, next)) || (card && cardGate(s, j, len, next))
                    || (phone && (phoneGate(len, next) || keywordPhoneGate(s, j, len, next)));
        }
        boolean token;
        switch (c) {
            case 'B':
            case 'b':
                token = (bearer && (s.regionMatches(true, i, "bearer", 0, 6) || s.regionMatches(true, i, "basic", 0, 5)))
                        || (privateKey && c == 'B' && pemBegin(s, i));
                break;
            case 'e':
                token = jwt && s.startsWith("eyJ", i);
                break;
            case 'g':
                token = apiKey && (s.startsWith("gh", i) || s.startsWith("gl", i) || s.startsWith("github_pat_", i));
                break;
            case 's':
                token = apiKey && s.startsWith("sk", i);
                break;
            case 'r':
                token = apiKey && s.startsWith("rk_", i);
                break;
            case 'w':
                token = apiKey && s.startsWith("whsec_", i);
                break;
            case 'x':
                token = apiKey && s.startsWith("xox", i);
                break;
            case 'n':
                token = apiKey && s.startsWith("npm_", i);
                break;
            default:
                token = false;
        }
        if (token) {
            return true;
        }
        if (k == UPPER) {
            if (apiKey && ((c == 'A' && (s.startsWith("AIza", i) || s.startsWith("AKIA", i) || s.startsWith("ASIA", i)
                    || s.startsWith("ABIA", i) || s.startsWith("ACCA", i))) || (c == 'S' && s.startsWith("SG.", i)))) {
                return true;
            }
            if (cnpj) {
                int wordEnd = skipWord(s, i + 1);
                return wordEnd - i == 14 || (i + 2 < n && s.charAt(i + 2) == '.') || (i + 8 < n && s.charAt(i + 8) == '/');
            }
        }
        return false;
    }

    // Gates on the first digit group (length len, followed by next, 0 at the end; j is where it ends):
    // each detector only sees the shapes it can match.

    private static boolean documentGate(int len, char next) {
        return (len == 3 && next == '.') || (len == 9 && next == '-') || len == 11 || (len == 2 && next == '.')
                || (len == 8 && next == '/') || len == 14 || (len < 12 && next >= 'A' && next <= 'Z');
    }

    private static boolean cardGate(String s, int j, int len, char next) {
        if (len >= 13 && len <= 19) {
            return true;
        }
        // grouped: 4 digits, then a second group of 4 (4-4-4-4) or 6 (4-6-5, 4-6-4) digits
        return len == 4 && (next == ' ' || next == '-') && j + 5 < s.length()
                && (s.charAt(j + 5) == next || (j + 7 < s.length() && s.charAt(j + 7) == next));
    }

    private static boolean phoneGate(int len, char next) {
        return (len == 2 || len == 3) && (next == ' ' || next == '-' || next == '.');
    }

    private static boolean keywordPhoneGate(String s, int j, int len, char next) {
        if (len >= 10 && len <= 13) {
            return true;
        }
        return (len == 4 || len == 5) && next == '-' && j + 5 <= s.length() && allDigits(s, j + 1, j + 5)
                && (j + 5 == s.length() || !isDigit(s.charAt(j + 5)));
    }

    /** Examines position {@code i} (an interesting character); returns where to continue. */
    private int at(Pass p, int i, char c, byte k, int @Nullable [] counts) {
        String s = p.s;
        int n = s.length();
        if (k == AT) {
            if (email) {
                int start = emailStart(p, i);
                if (start >= 0) {
                    int end = emailEnd(s, i);
                    if (end > 0) {
                        emit(p, PiiType.EMAIL, start, end, counts);
                        return end;
                    }
                }
            }
            return i + 1;
        }
        if (k == ASSIGN) {
            int end;
            if (urlCredentials && c == ':' && (end = urlCredentialsAt(p, i, counts)) > 0) {
                return end;
            }
            int key;
            if (secretAssignment && (key = secretKeyBefore(s, i)) != NO_KEY && (end = secretValueAt(p, i, key, counts)) > 0) {
                return end;
            }
            return i + 1;
        }
        boolean wordStart = i == 0 || !isWord(s.charAt(i - 1));
        if (k == PHONE_START) {
            if (phone && wordStart) {
                int end = phoneAt(p, i);
                if (end > 0) {
                    emit(p, PiiType.PHONE, i, end, counts);
                    return end;
                }
            }
            return i + 1;
        }
        if (!wordStart) {
            return skipWord(s, i + 1);
        }
        if (k == DIGIT) {
            if (anyNumeric && !continuesNumber(s, i)) {
                // dispatch on the first digit group's length and the character after it, so each
                // detector only sees shapes it can match
                int j = i + 1;
                while (j < n && isDigit(s.charAt(j))) {
                    j++;
                }
                int len = j - i;
                char next = j < n ? s.charAt(j) : 0;
                int end;
                if ((cpf || cnpj) && documentGate(len, next) && (end = documentAt(p, i, counts)) > 0) {
                    return end;
                }
                if (card && cardGate(s, j, len, next) && (end = cardAt(p, i)) > 0) {
                    emit(p, PiiType.CREDIT_CARD, i, end, counts);
                    return end;
                }
                if (phone && ((phoneGate(len, next) && (end = phoneAt(p, i)) > 0)
                        || (keywordPhoneGate(s, j, len, next) && (end = keywordPhoneAt(p, i)) > 0))) {
                    emit(p, PiiType.PHONE, i, end, counts);
                    return end;
                }
            }
            return skipWord(s, i + 1);
        }
        // a letter at the start of a word
        int wordEnd = skipWord(s, i + 1);
        int end = tokenAt(p, i, c, counts);
        if (end > 0) {
            return end;
        }
        if (k == UPPER && cnpj && (wordEnd - i == 14 || (i + 2 < n && s.charAt(i + 2) == '.')
                || (i + 8 < n && s.charAt(i + 8) == '/')) && (end = documentAt(p, i, counts)) > 0) {
            return end;
        }
        return wordEnd;
    }

    private void emit(Pass p, PiiType t, int start, int end, int @Nullable [] counts) {
        if (p.out == null) {
            p.out = new StringBuilder(p.s.length() + 16);
        }
        p.out.append(p.s, p.emitted, start);
        renderer.render(t, p.s, start, end, p.out);
        p.emitted = end;
        if (counts != null) {
            counts[t.ordinal()]++;
        }
    }

    // ------------------------------------------------------------------ character classes

    private static boolean isWord(char c) {
        return c < 128 ? (CLS[c] & WORD) != 0 : Character.isLetterOrDigit(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUpperAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    }

    private static int skipWord(String s, int i) {
        int n = s.length();
        while (i < n && isWord(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** A digit right after "1." / "7-" / "3/" / "2,": part of a longer number, date or version. */
    private static boolean continuesNumber(String s, int i) {
        if (i < 2) {
            return false;
        }
        char sep = s.charAt(i - 1);
        return (sep == '.' || sep == '-' || sep == '/' || sep == ':') && isDigit(s.charAt(i - 2));
    }

    /** True when the match may end before {@code end}: no word character, '@', or "[.-/]digit" follows. */
    private static boolean endsToken(String s, int end) {
        if (end >= s.length()) {
            return true;
        }
        char c = s.charAt(end);
        if (isWord(c) || c == '@') {
            return false;
        }
        if ((c == '.' || c == '-' || c == '/') && end + 1 < s.length()) {
            return !isDigit(s.charAt(end + 1));
        }
        return true;
    }

    // ------------------------------------------------------------------ CPF and CNPJ

    /**
     * CPF ({@code 529.982.247-25}, {@code 529982247-25}, {@code 52998224725}) or CNPJ
     * ({@code 11.222.333/0001-81}, {@code 11222333/0001-81}, {@code 11222333000181}, and the
     * alphanumeric {@code 12.ABC.345/01DE-35}) starting at {@code i}. Emits and returns the end, or 0.
     */
    private int documentAt(Pass p, int i, int @Nullable [] counts) {
        String s = p.s;
        int n = s.length();
        char[] d = p.buf();
        // try the shapes; each fixes the exact layout
        if (cnpj) {
            int end = shape(s, i, n, "XX.XXX.XXX/XXXX-99") ? i + 18
                    : shape(s, i, n, "XXXXXXXX/XXXX-99") ? i + 16
                    : shape(s, i, n, "XXXXXXXXXXXX99") ? i + 14 : 0;
            if (end > 0) {
                if (endsToken(s, end) && collect(s, i, end, d) == 14 && Checksums.cnpj(d, 14)) {
                    emit(p, PiiType.CNPJ, i, end, counts);
                    return end;
                }
            }
        }
        if (cpf && isDigit(s.charAt(i))) {
            int end = 0;
            if (shape(s, i, n, "999.999.999-99")) {
                end = i + 14;
            } else if (shape(s, i, n, "999999999-99")) {
                end = i + 12;
            } else if (shape(s, i, n, "99999999999")) {
                end = i + 11;
            }
            if (end > 0 && endsToken(s, end) && collect(s, i, end, d) == 11 && Checksums.cpf(d, 11)) {
                emit(p, PiiType.CPF, i, end, counts);
                return end;
            }
        }
        return 0;
    }

    /** {@code s} at {@code i} has the layout: 9 = digit, X = digit or A-Z, other = that character. */
    private static boolean shape(String s, int i, int n, String layout) {
        int m = layout.length();
        if (i + m > n) {
            return false;
        }
        for (int k = 0; k < m; k++) {
            char want = layout.charAt(k);
            char c = s.charAt(i + k);
            if (want == '9') {
                if (!isDigit(c)) {
                    return false;
                }
            } else if (want == 'X') {
                if (!isUpperAlnum(c)) {
                    return false;
                }
            } else if (c != want) {
                return false;
            }
        }
        return true;
    }

    private static int collect(String s, int from, int to, char[] d) {
        int len = 0;
        for (int k = from; k < to && len < d.length; k++) {
            char c = s.charAt(k);
            if (isUpperAlnum(c)) {
                d[len++] = c;
            }
        }
        return len;
    }

    // ------------------------------------------------------------------ payment cards

    /**
     * 13-19 digits, bare or in groups split by one space or one dash (the same throughout): the
     * longest grouping that is a plausible card layout, Luhn-valid, with a known issuer prefix.
     */
    private int cardAt(Pass p, int i) {
        String s = p.s;
        int n = s.length();
        char[] d = p.buf();
        int[] gEnd = p.groupEnd;
        assert gEnd != null;
        int[] gDig = p.groupDigits;
        assert gDig != null;
        int groups = 0;
        int digits = 0;
        char sep = 0;
        int j = i;
        while (groups < MAX_GROUPS) {
            int g = j;
            while (j < n && isDigit(s.charAt(j)) && digits < 20) {
                d[digits++] = s.charAt(j);
                j++;
            }
            if (j == g || digits >= 20) {
                break;
            }
            gEnd[groups] = j;
            gDig[groups] = digits;
            groups++;
            if (j + 1 < n && isDigit(s.charAt(j + 1))) {
                char c = s.charAt(j);
                if ((c == ' ' || c == '-') && (sep == 0 || sep == c)) {
                    sep = c;
                    j++;
                    continue;
                }
            }
            break;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int len = gDig[g];
            if (len < 13 || len > 19) {
                continue;
            }
            if (!cardLayout(gDig, g)) {
                continue;
            }
            int end = gEnd[g];
            if (!endsCard(s, end, g < groups - 1)) {
                continue;
            }
            if (Checksums.card(d, len)) {
                return end;
            }
        }
        return 0;
    }

    private static boolean endsCard(String s, int end, boolean moreGroups) {
        if (moreGroups) {
            return true; // followed by a separator and another group we chose not to take
        }
        return endsToken(s, end);
    }

    /** Groups 0..last: bare, 4-4-4-4(-1..3), 4-6-5 / 4-6-4 (Amex, Diners), 4-4-4-1..4, 4-4-4-4-3. */
    private static boolean cardLayout(int[] gDig, int last) {
        if (last == 0) {
            return true;
        }
        int prev = 0;
        int[] size = new int[last + 1];
        for (int g = 0; g <= last; g++) {
            size[g] = gDig[g] - prev;
            prev = gDig[g];
        }
        if (last == 2 && size[0] == 4 && size[1] == 6 && (size[2] == 5 || size[2] == 4)) {
            return true;
        }
        for (int g = 0; g < last; g++) {
            if (size[g] != 4) {
                return false;
            }
        }
        return size[last] >= 1 && size[last] <= 4;
    }

    // ------------------------------------------------------------------ phones

    /**
     * A phone number in a phone-like written form starting at {@code i}: {@code +} and a country
     * code ({@code +55 11 98765-4321}, {@code +44 20 7946 0958}, {@code +5511987654321}), an area
     * code in parentheses ({@code (11) 98765-4321}, {@code (415) 555-2671}), or separated groups
     * ({@code 11 98765-4321}, {@code 415-555-2671}). A bare run of digits is never taken for a
     * phone: ids, order numbers and timestamps are bare digits.
     */
    private int phoneAt(Pass p, int i) {
        String s = p.s;
        int n = s.length();
        char[] d = p.buf();
        int[] gEnd = p.groupEnd;
        assert gEnd != null;
        int[] gDig = p.groupDigits;
        assert gDig != null;
        boolean plus = s.charAt(i) == '+';
        boolean paren0 = s.charAt(i) == '(';
        int j = plus ? i + 1 : i;
        int groups = 0;
        int digits = 0;
        int parenGroup = -1;
        boolean separated = false;
        while (groups < MAX_GROUPS && j < n) {
            char c = s.charAt(j);
            int g0 = digits;
            if (c == '(') {
                int k = j + 1;
                while (k < n && isDigit(s.charAt(k)) && digits < 16) {
                    d[digits++] = s.charAt(k);
                    k++;
                }
                if (k >= n || s.charAt(k) != ')' || digits == g0 || digits - g0 > 4 || parenGroup >= 0) {
                    digits = g0;
                    break;
                }
                parenGroup = groups;
                j = k + 1;
                gEnd[groups] = j;
                gDig[groups] = digits;
                groups++;
                if (j < n && s.charAt(j) == ' ' && j + 1 < n && isDigit(s.charAt(j + 1))) {
                    j++;
                }
                separated = true;
                continue;
            }
            if (!isDigit(c)) {
                break;
            }
            while (j < n && isDigit(s.charAt(j)) && digits < 16) {
                d[digits++] = s.charAt(j);
                j++;
            }
            if (digits >= 16) {
                return 0;
            }
            gEnd[groups] = j;
            gDig[groups] = digits;
            groups++;
            if (j + 1 < n) {
                char sep = s.charAt(j);
                char next = s.charAt(j + 1);
                if ((sep == ' ' || sep == '-' || sep == '.') && (isDigit(next) || next == '(')) {
                    j++;
                    separated = true;
                    continue;
                }
            }
            break;
        }
        if (groups == 0) {
            return 0;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int end = gEnd[g];
            int len = gDig[g];
            if (g == groups - 1 ? !endsPhone(s, end) : false) {
                continue;
            }
            int lastGroup = len - (g == 0 ? 0 : gDig[g - 1]);
            if (lastGroup < 2 || (parenGroup == g)) {
                continue;
            }
            if (plus) {
                if (validInternational(d, len)) {
                    return end;
                }
            } else if (paren0 && parenGroup == 0) {
                int area = gDig[0];
                if (validParenthesised(d, area, len)) {
                    return end;
                }
            } else if (!paren0 && separated && g >= 1 && validSeparated(d, gDig, g, parenGroup)) {
                return end;
            }
        }
        return 0;
    }

    private static boolean endsPhone(String s, int end) {
        if (end >= s.length()) {
            return true;
        }
        char c = s.charAt(end);
        if (isWord(c) || c == '@' || c == '+') {
            return false;
        }
        if ((c == '.' || c == ',' || c == '-' || c == '/' || c == ':') && end + 1 < s.length()) {
            return !isDigit(s.charAt(end + 1));
        }
        return true;
    }

    /** {@code +} country code and national number: 8-15 digits (E.164), BR and NANP checked exactly. */
    private static boolean validInternational(char[] d, int len) {
        if (len < 8 || len > 15) {
            return false;
        }
        int cc = Checksums.countryCodeLength(d, 0, len);
        if (cc == 0) {
            return false;
        }
        int national = len - cc;
        if (cc == 2 && d[0] == '5' && d[1] == '5') {
            // +55 (0)11 ...: drop a written trunk zero
            int from = 2;
            if (d[from] == '0') {
                from++;
                national--;
            }
            return Checksums.brazilNational(d, from, national);
        }
        if (cc == 1 && d[0] == '1') {
            return Checksums.nanp(d, 1, national);
        }
        return national >= 6 && national <= 13;
    }

    /** (DDD) or (0DDD) then 8-9 digits (Brazil); (NPA) then 7 digits (NANP). */
    private static boolean validParenthesised(char[] d, int areaDigits, int len) {
        if (areaDigits == 2) {
            return Checksums.brazilNational(d, 0, len);
        }
        if (areaDigits == 3 && d[0] == '0') {
            d[0] = d[1];
            d[1] = d[2];
            return len - 1 >= 10 && shiftBrazil(d, len);
        }
        if (areaDigits == 3) {
            return Checksums.nanp(d, 0, len);
        }
        return false;
    }

    private static boolean shiftBrazil(char[] d, int len) {
        // d[0..1] now hold the DDD and d[2] is a duplicate; validate DDD + d[3..len)
        char[] t = new char[len - 1];
        t[0] = d[0];
        t[1] = d[1];
        System.arraycopy(d, 3, t, 2, len - 3);
        return Checksums.brazilNational(t, 0, len - 1);
    }

    /** Separated groups without + or parentheses: {@code 11 98765-4321}, {@code 415-555-2671}. */
    private static boolean validSeparated(char[] d, int[] gDig, int last, int parenGroup) {
        if (parenGroup >= 0) {
            return false;
        }
        int len = gDig[last];
        int first = gDig[0];
        int lastSize = len - gDig[last - 1];
        if (first == 2 && (len == 10 || len == 11) && lastSize == 4) {
            return Checksums.brazilNational(d, 0, len);
        }
        if (first == 3 && d[0] == '0' && (len == 11 || len == 12) && lastSize == 4) {
            char[] t = new char[len - 1];
            System.arraycopy(d, 1, t, 0, len - 1);
            return Checksums.brazilNational(t, 0, len - 1);
        }
        if (last == 2 && first == 3 && gDig[1] == 6 && len == 10) {
            return Checksums.nanp(d, 0, len);
        }
        return false;
    }

    private static final String[] PHONE_WORDS = {"tel", "fone", "phone", "cel", "whats", "mobile", "zap"};

    /**
     * Bare digits are a phone only right after a phone word ({@code tel}, {@code fone},
     * {@code phone}, {@code cel}, {@code whats}, {@code mobile}, {@code zap}, any case, at most 16
     * characters before): a Brazilian national number ({@code 11987654321}, {@code 1134567890}),
     * with country code ({@code 5511987654321}), or a local number without area code
     * ({@code 98765-4321}, {@code 3456-7890}).
     */
    private int keywordPhoneAt(Pass p, int i) {
        String s = p.s;
        int n = s.length();
        int j = i;
        while (j < n && isDigit(s.charAt(j)) && j - i < 14) {
            j++;
        }
        int len = j - i;
        int end;
        boolean valid;
        char[] d = p.buf();
        if (j < n && s.charAt(j) == '-' && (len == 4 || len == 5) && j + 5 <= n && allDigits(s, j + 1, j + 5)) {
            end = j + 5;
            char first = s.charAt(i);
            valid = len == 5 ? first == '9' : first >= '2' && first <= '5';
        } else if (len >= 10 && len <= 13) {
            end = j;
            s.getChars(i, j, d, 0);
            valid = (len <= 11 && Checksums.brazilNational(d, 0, len))
                    || (len >= 12 && d[0] == '5' && d[1] == '5' && Checksums.brazilNational(d, 2, len - 2));
        } else {
            return 0;
        }
        if (!valid || !endsPhone(s, end) || !phoneWordBefore(s, i, p.emitted)) {
            return 0;
        }
        return end;
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!isDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean phoneWordBefore(String s, int i, int floor) {
        int from = Math.max(floor, i - 16);
        for (int k = from; k < i; k++) {
            char c = s.charAt(k);
            if (c == 't' || c == 'T' || c == 'f' || c == 'F' || c == 'p' || c == 'P' || c == 'c' || c == 'C'
                    || c == 'w' || c == 'W' || c == 'm' || c == 'M' || c == 'z' || c == 'Z') {
                for (String w : PHONE_WORDS) {
                    if (s.regionMatches(true, k, w, 0, w.length()) && (k == 0 || !isWord(s.charAt(k - 1)))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ e-mail

    private static boolean isLocalChar(char c) {
        if (c < 128) {
            return (CLS[c] & WORD) != 0 || c == '.' || c == '+' || c == '-' || c == '%';
        }
        return Character.isLetterOrDigit(c);
    }

    private static boolean isDomainChar(char c) {
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        }
        return Character.isLetterOrDigit(c);
    }

    /** Start of the local part ending before the '@' at {@code at}, or -1. */
    private static int emailStart(Pass p, int at) {
        String s = p.s;
        int ls = at;
        int floor = p.emitted;
        while (ls > floor && at - ls < 64 && isLocalChar(s.charAt(ls - 1))) {
            ls--;
        }
        while (ls < at && (s.charAt(ls) == '.' || s.charAt(ls) == '+' || s.charAt(ls) == '-')) {
            ls++;
        }
        if (ls == at || s.charAt(at - 1) == '.') {
            return -1;
        }
        return ls;
    }

    /** End of the domain after the '@' at {@code at}, or 0 when there is no domain with a TLD. */
    private static int emailEnd(String s, int at) {
        int n = s.length();
        int j = at + 1;
        int lastDot = -1;
        int labelStart = j;
        while (j < n) {
            char c = s.charAt(j);
            if (isDomainChar(c)) {
                j++;
                continue;
            }
            if (c == '.' && j > labelStart && j + 1 < n && isDomainChar(s.charAt(j + 1))) {
                lastDot = j;
                j++;
                labelStart = j;
                continue;
            }
            break;
        }
        // trim a trailing '-' from the last label
        while (j > labelStart && s.charAt(j - 1) == '-') {
            j--;
        }
        if (lastDot < 0 || j - labelStart < 2 || s.charAt(at + 1) == '-') {
            return 0;
        }
        for (int k = labelStart; k < j; k++) {
            char c = s.charAt(k);
            if (c < 128 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                if (!(k > labelStart && (isDigit(c) || c == '-') && s.startsWith("xn--", labelStart))) {
                    return 0;
                }
            }
        }
        return j;
    }

    // ------------------------------------------------------------------ tokens and keys

    private int tokenAt(Pass p, int i, char c, int @Nullable [] counts) {
        String s = p.s;
        int end;
        switch (c) {
            case 'B':
            case 'b':
                if (privateKey && c == 'B' && pemBegin(s, i) && (end = privateKeyAt(p, i, counts)) > 0) {
                    return end;
                }
                if (bearer && (end = authScheme(p, i, counts)) > 0) {
                    return end;
                }
                return 0;
            case 'e':
                if (jwt && s.startsWith("eyJ", i) && (end = jwtEnd(s, i)) > 0) {
                    emit(p, PiiType.JWT, i, end, counts);
                    return end;
                }
                return 0;
            default:
                if (apiKey && (end = apiKeyEnd(s, i, c)) > 0) {
                    emit(p, PiiType.API_KEY, i, end, counts);
                    return end;
                }
                return 0;
        }
    }

    /** {@code Bearer <token>} / {@code Basic <base64>}: masks the credential, keeps the scheme. */
    private int authScheme(Pass p, int i, int @Nullable [] counts) {
        String s = p.s;
        int n = s.length();
        int j;
        boolean basic;
        if (s.regionMatches(true, i, "bearer", 0, 6)) {
            j = i + 6;
            basic = false;
        } else if (s.regionMatches(true, i, "basic", 0, 5)) {
            j = i + 5;
            basic = true;
        } else {
            return 0;
        }
        int spaces = j;
        while (j < n && s.charAt(j) == ' ') {
            j++;
        }
        if (j == spaces || j - spaces > 4) {
            return 0;
        }
        int t = j;
        boolean digit = false;
        boolean padOrSymbol = false;
        boolean upper = false;
        boolean lower = false;
        while (j < n) {
            char c = s.charAt(j);
            if (isWord(c) && c < 128) {
                digit |= isDigit(c);
                upper |= c >= 'A' && c <= 'Z';
                lower |= c >= 'a' && c <= 'z';
            } else if (c == '.' || c == '~' || c == '+' || c == '/' || c == '=' || c == '-') {
                padOrSymbol = true;
            } else {
                break;
            }
            j++;
        }
        // a trailing '.' ends a sentence, not a token
        while (j > t && s.charAt(j - 1) == '.') {
            j--;
        }
        int len = j - t;
        boolean ok = basic ? len >= 12 && (digit || padOrSymbol || (upper && lower)) && len % 4 == 0
                : len >= 16 || (len >= 8 && digit);
        if (!ok) {
            return 0;
        }
        emit(p, PiiType.BEARER_TOKEN, t, j, counts);
        return j;
    }

    private static boolean isB64Url(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** header.payload.signature (and JWE's five parts), header at least 10 characters. */
    private static int jwtEnd(String s, int i) {
        int n = s.length();
        int j = i;
        int dots = 0;
        int seg = 0;
        while (j < n) {
            char c = s.charAt(j);
            if (isB64Url(c)) {
                seg++;
                j++;
            } else if (c == '.' && dots < 4 && (dots > 0 || seg >= 10)) {
                if (dots == 1 && seg < 2) {
                    return 0;
                }
                dots++;
                seg = 0;
                j++;
            } else {
                break;
            }
        }
        if (dots < 2) {
            return 0;
        }
        if (s.charAt(j - 1) == '.' && dots > 2) {
            j--;
        }
        return j;
    }

    private static int run(String s, int j, int max, boolean dash, boolean underscore) {
        int n = s.length();
        int k = j;
        while (k < n && k - j < max) {
            char c = s.charAt(k);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (dash && c == '-') || (underscore && c == '_')) {
                k++;
            } else {
                break;
            }
        }
        return k - j;
    }

    /** Prefix + body of at least {@code min} characters, ending at a word boundary; or 0. */
    private static int keyed(String s, int i, String prefix, int min, int max, boolean dash, boolean underscore) {
        if (!s.startsWith(prefix, i)) {
            return 0;
        }
        int j = i + prefix.length();
        int len = run(s, j, max + 1, dash, underscore);
        if (len < min || len > max) {
            return 0;
        }
        int end = j + len;
        if (end < s.length() && isWord(s.charAt(end))) {
            return 0;
        }
        return end;
    }

    /** Well-known API key shapes. */
    static int apiKeyEnd(String s, int i, char c) {
        int e;
        switch (c) {
            case 'g':
                if (s.startsWith("gh", i) && i + 3 < s.length() && s.charAt(i + 3) == '_'
                        && "pousr".indexOf(s.charAt(i + 2)) >= 0) {
                    return keyed(s, i, s.substring(i, i + 4), 30, 255, false, false);
                }
                if ((e = keyed(s, i, "github_pat_", 22, 255, false, true)) > 0) {
                    return e;
                }
                return keyed(s, i, "glpat-", 20, 64, true, true);
            case 's':
                if ((e = keyed(s, i, "sk_live_", 16, 255, false, false)) > 0
                        || (e = keyed(s, i, "sk_test_", 16, 255, false, false)) > 0) {
                    return e;
                }
                return keyed(s, i, "sk-", 20, 255, true, true);
            case 'r':
                if ((e = keyed(s, i, "rk_live_", 16, 255, false, false)) > 0) {
                    return e;
                }
                return keyed(s, i, "rk_test_", 16, 255, false, false);
            case 'w':
                return keyed(s, i, "whsec_", 20, 255, false, false);
            case 'A':
                if ((e = keyed(s, i, "AIza", 35, 35, true, true)) > 0) {
                    return e;
                }
                if (s.startsWith("AKIA", i) || s.startsWith("ASIA", i) || s.startsWith("ABIA", i) || s.startsWith("ACCA", i)) {
                    e = keyed(s, i, s.substring(i, i + 4), 16, 16, false, false);
                    if (e > 0 && upperDigits(s, i + 4, e)) {
                        return e;
                    }
                }
                return 0;
            case 'x':
                if (s.startsWith("xox", i) && i + 4 < s.length() && "abposr".indexOf(s.charAt(i + 3)) >= 0
                        && s.charAt(i + 4) == '-') {
                    return keyed(s, i, s.substring(i, i + 5), 10, 255, true, false);
                }
                return 0;
            case 'n':
                return keyed(s, i, "npm_", 36, 36, false, false);
            case 'S':
                if (s.startsWith("SG.", i)) {
                    int a = run(s, i + 3, 23, true, true);
                    int dot = i + 3 + a;
                    if (a == 22 && dot < s.length() && s.charAt(dot) == '.') {
                        int b = run(s, dot + 1, 44, true, true);
                        if (b == 43) {
                            return dot + 1 + b;
                        }
                    }
                }
                return 0;
            default:
                return 0;
        }
    }

    private static boolean upperDigits(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!isUpperAlnum(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ private keys

    private static final int MAX_PEM_LABEL = 64;

    /** {@code BEGIN } at {@code i} right after {@code -----} (PEM, PGP, OpenSSH) or {@code ---- } (SSH2). */
    private static boolean pemBegin(String s, int i) {
        return i >= 5 && s.startsWith("BEGIN ", i) && s.startsWith("----", i - 5)
                && (s.charAt(i - 1) == '-' || s.charAt(i - 1) == ' ');
    }

    /**
     * A private key block whose BEGIN line starts at {@code i} (at {@code BEGIN}): the label (upper-case
     * letters, digits and spaces, at most 64) must contain {@code PRIVATE KEY}, so certificates and
     * public keys are left alone. The body, up to the END line with the same label, is masked; the
     * BEGIN and END lines are kept. Without an END line the key was cut off: everything after the
     * BEGIN line is masked (fails closed) and the scan ends there. Emits and returns where to go on, or 0.
     */
    private int privateKeyAt(Pass p, int i, int @Nullable [] counts) {
        String s = p.s;
        int n = s.length();
        boolean ssh2 = s.charAt(i - 1) == ' ';
        int labelStart = i + 6;
        int j = labelStart;
        while (j < n && j - labelStart <= MAX_PEM_LABEL) {
            char c = s.charAt(j);
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ') {
                j++;
            } else {
                break;
            }
        }
        int labelEnd = j;
        int header;
        if (ssh2) {
            // "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----"
            if (labelEnd == labelStart || s.charAt(labelEnd - 1) != ' ' || !s.startsWith("----", labelEnd)) {
                return 0;
            }
            labelEnd--;
            header = labelEnd + 5;
        } else {
            if (!s.startsWith("-----", labelEnd)) {
                return 0;
            }
            header = labelEnd + 5;
        }
        if (!containsPrivateKey(s, labelStart, labelEnd)) {
            return 0;
        }
        // the END line with the same label
        String endLine = (ssh2 ? "---- END " : "-----END ") + s.substring(labelStart, labelEnd);
        int endAt = s.indexOf(endLine, header);
        int resume;
        if (endAt < 0) {
            endAt = n; // truncated: mask to the end
            resume = n;
        } else {
            resume = endAt + endLine.length();
            int dashes = 0;
            while (resume < n && dashes < 5 && (s.charAt(resume) == '-' || (ssh2 && s.charAt(resume) == ' '))) {
                resume++;
                dashes++;
            }
        }
        int bodyStart = skipLayout(s, header, endAt);
        int bodyEnd = trimLayout(s, bodyStart, endAt);
        if (bodyEnd > bodyStart) {
            emit(p, PiiType.PRIVATE_KEY, bodyStart, bodyEnd, counts);
        }
        return resume;
    }

    private static boolean containsPrivateKey(String s, int from, int to) {
        for (int k = from; k + 11 <= to; k++) {
            if (s.charAt(k) == 'P' && s.startsWith("PRIVATE KEY", k)) {
                return true;
            }
        }
        return false;
    }

    /** Skips line breaks, spaces and their escapes ({@code \n}, {@code \r}, {@code \t} written out). */
    private static int skipLayout(String s, int from, int to) {
        int k = from;
        while (k < to) {
            char c = s.charAt(k);
            if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
                k++;
            } else if (c == '\\' && k + 1 < to && "nrt".indexOf(s.charAt(k + 1)) >= 0) {
                k += 2;
            } else {
                break;
            }
        }
        return k;
    }

    private static int trimLayout(String s, int from, int to) {
        int k = to;
        while (k > from) {
            char c = s.charAt(k - 1);
            if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
                k--;
            } else if (k - 2 >= from && s.charAt(k - 2) == '\\' && "nrt".indexOf(c) >= 0) {
                k -= 2;
            } else {
                break;
            }
        }
        return k;
    }

    // ------------------------------------------------------------------ credentials in URLs

    private static boolean isSchemeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
    }

    /**
     * Ends a URL's authority for this detector: '/', white space, quotes, angle brackets, a
     * backslash. Not '?' and '#': they end an authority in RFC 3986, but passwords holding them
     * unencoded are common, and stopping there would leave the rest of such a password in clear.
     */
    private static boolean endsAuthority(char c) {
        return c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"'
                || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`';
    }

    /**
     * For a ':' at {@code i} starting "://" after a scheme: the end of the authority when it holds a
     * userinfo ('@'), else 0. Stops at the next '/', so each character is looked at once.
     */
    private static int urlAuthorityEnd(String s, int i) {
        int n = s.length();
        if (i == 0 || i + 3 >= n || s.charAt(i + 1) != '/' || s.charAt(i + 2) != '/' || !isSchemeChar(s.charAt(i - 1))) {
            return 0;
        }
        boolean at = false;
        int j = i + 3;
        while (j < n) {
            char c = s.charAt(j);
            if (endsAuthority(c)) {
                break;
            }
            at |= c == '@';
            j++;
        }
        return at ? j : 0;
    }

    /**
     * {@code scheme://user:password@host}: masks the password (everything between the first ':' of
     * the userinfo and the authority's last '@', so a password holding '@' is masked whole); the
     * scheme, user and host are kept. The user part is scanned like any text (it may be an e-mail or
     * a token). Returns where to go on (the '@'), or 0.
     */
    private int urlCredentialsAt(Pass p, int i, int @Nullable [] counts) {
        String s = p.s;
        int end = urlAuthorityEnd(s, i);
        if (end == 0) {
            return 0;
        }
        int auth = i + 3;
        int lastAt = s.lastIndexOf('@', end - 1);
        int colon = auth;
        while (colon < lastAt && s.charAt(colon) != ':') {
            colon++;
        }
        if (colon >= lastAt) {
            return 0; // user only, or a port after the host
        }
        if (colon + 1 == lastAt || isPlaceholder(s, colon + 1, lastAt)) {
            return 0;
        }
        int k = scanRange(p, auth, colon, counts);
        int from = Math.max(colon + 1, Math.max(k, p.emitted));
        if (from < lastAt) {
            emit(p, PiiType.URL_CREDENTIALS, from, lastAt, counts);
        }
        return Math.max(lastAt, p.emitted);
    }

    /** The main loop over {@code [i, to)} with the pass already set up; returns where it stopped. */
    private int scanRange(Pass p, int i, int to, int @Nullable [] counts) {
        String s = p.s;
        while (i < to) {
            char c = s.charAt(i);
            if (c >= 128) {
                i++;
                continue;
            }
            byte k = CLS[c];
            if (k == 0) {
                i++;
                continue;
            }
            if (k == LOWER) {
                i = skipWord(s, i + 1);
                continue;
            }
            i = at(p, i, c, k, counts);
        }
        return i;
    }

    // ------------------------------------------------------------------ secret assignments

    /**
     * Key names whose value is a secret, as lower-case letters ('_', '-' and '.' in the key are
     * ignored, so {@code api_key}, {@code api-key}, {@code apiKey} and {@code APIKEY} are one name),
     * grouped by last letter. The key may have any prefix ({@code PGPASSWORD},
     * {@code aws_secret_access_key}, {@code client_secret}, {@code x-auth-token}); {@code pass}
     * only as a whole word part ({@code db_pass}, not {@code bypass}).
     */
    private static final String[] KEYS_D = {"password", "passwd", "pwd"};
    private static final String[] KEYS_E = {"passphrase"};
    private static final String[] KEYS_S = {"pass"};
    private static final String[] KEYS_T = {"secret"};
    private static final String[] KEYS_N = {"token"};
    private static final String[] KEYS_Y = {"apikey", "accesskey", "secretkey", "privatekey", "signingkey",
        "encryptionkey", "masterkey"};
    /** Keys ending in {@code token} that name a page cursor, not a credential. */
    private static final String[] NOT_SECRET_TOKENS = {"pagetoken", "nexttoken", "continuationtoken"};

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    }

    /**
     * For traversal: {@link #PASSWORD_KEY} or {@link #TOKEN_KEY} when a field or column named
     * {@code name} holds secrets (the same names as before a delimiter: {@code password},
     * {@code api_key}, {@code config.db.password}), else {@link #NO_KEY}.
     */
    static int secretFieldKind(String name) {
        return name.isEmpty() ? NO_KEY : secretKeyBefore(name, name.length());
    }

    /** Whether {@code v}, the whole value of a secret field of {@code kind}, holds something (the filters of {@link #secretValueAt}). */
    static boolean holdsSecret(String v, int kind) {
        int n = v.length();
        if (n == 0 || isPlaceholder(v, 0, n) || isNonSecretWord(v, 0, n)) {
            return false;
        }
        return !(kind == TOKEN_KEY && n < 8 && allDigits(v, 0, n));
    }

    /** Position of the key's last character before the delimiter at {@code d} (spaces and one quote skipped), or -1. */
    private static int keyLast(String s, int d) {
        int j = d - 1;
        int spaces = 0;
        while (j >= 0 && s.charAt(j) == ' ' && spaces < 4) {
            j--;
            spaces++;
        }
        if (j >= 0 && (s.charAt(j) == '"' || s.charAt(j) == '\'')) {
            j--;
            if (j >= 0 && s.charAt(j) == '\\') {
                j--; // an escaped quote: JSON inside a string
            }
        }
        return j;
    }

    private static final int NO_KEY = 0;
    /** password, passwd, pwd, pass, passphrase: any value, even a short number, is a secret. */
    private static final int PASSWORD_KEY = 1;
    /** token, secret, *key: a short number after one is a count or an id ({@code "api_key": 1}). */
    private static final int TOKEN_KEY = 2;

    /** {@link #PASSWORD_KEY} or {@link #TOKEN_KEY} when the delimiter at {@code d} follows a secret key, else {@link #NO_KEY}. */
    private static int secretKeyBefore(String s, int d) {
        int j = keyLast(s, d);
        if (j < 0) {
            return NO_KEY;
        }
        String[] words;
        switch (s.charAt(j) | 0x20) {
            case 'd':
                words = KEYS_D;
                break;
            case 'e':
                words = KEYS_E;
                break;
            case 's':
                words = KEYS_S;
                break;
            case 't':
                words = KEYS_T;
                break;
            case 'n':
                words = KEYS_N;
                break;
            case 'y':
                words = KEYS_Y;
                break;
            default:
                return NO_KEY;
        }
        for (String w : words) {
            int before = endsWithKeyWord(s, j, w);
            if (before == -2) {
                continue;
            }
            if (w.equals("pass") && before >= 0 && isLetterOrDigit(s.charAt(before))
                    && !(s.charAt(before) >= 'a' && s.charAt(before) <= 'z' && s.charAt(before + 1) == 'P')) {
                continue; // "bypass", "compass"; "db_pass", "DB-PASS" and "dbPass" are keys
            }
            if (w.equals("token")) {
                for (String not : NOT_SECRET_TOKENS) {
                    if (endsWithKeyWord(s, j, not) != -2) {
                        return NO_KEY;
                    }
                }
            }
            if (w.equals("pwd") && isWorkingDirectory(s, j, before)) {
                return NO_KEY;
            }
            return words == KEYS_T || words == KEYS_N || words == KEYS_Y ? TOKEN_KEY : PASSWORD_KEY;
        }
        return NO_KEY;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isKeySeparator(char c) {
        return c == '_' || c == '-' || c == '.';
    }

    /**
     * Whether the key ending at {@code j} ends in {@code word} (case-insensitive, '_', '-' and '.'
     * skipped). Returns the index just before the word (-1 at the start of the text), or -2.
     */
    private static int endsWithKeyWord(String s, int j, String word) {
        int k = j;
        int w = word.length() - 1;
        while (w >= 0) {
            if (k < 0) {
                return -2;
            }
            char c = s.charAt(k);
            if (isKeySeparator(c) && w < word.length() - 1) {
                k--;
                continue;
            }
            if ((c | 0x20) != word.charAt(w) || !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return -2;
            }
            k--;
            w--;
        }
        return k;
    }

    /** {@code PWD=/home/app}, {@code OLDPWD=/srv}: the shell's working directory, not a password. */
    private static boolean isWorkingDirectory(String s, int j, int before) {
        int d = j + 1;
        if (d + 1 >= s.length() || s.charAt(d) != '=' || (s.charAt(d + 1) != '/' && s.charAt(d + 1) != '~')) {
            return false;
        }
        int start = before + 1;
        if (j - start != 2 || !s.startsWith("PWD", start)) {
            return false;
        }
        if (start >= 3 && s.startsWith("OLD", start - 3)) {
            start -= 3;
        }
        return start == 0 || !isKeyChar(s.charAt(start - 1));
    }

    /**
     * The value after the delimiter at {@code d} (':', '=', also '=>' and ':='), whose key was
     * checked: a quoted string (its content), or a bare word up to white space or
     * {@code , ; & } ] ) < >} and quotes. Left alone: an empty value, {@code true}, {@code false},
     * {@code null} and the like, a number of fewer than 8 digits after a token or key name (a
     * count or an id; after a password name it is masked), placeholders ({@code ***}, {@code ${VAR}}, {@code {{var}}},
     * {@code ?}, {@code $1}, {@code %s}, {@code <...>}, {@code [...]}), a value starting a PEM block
     * (the private key detector takes it), and, after a delimiter followed by a space, a word of
     * letters only followed by more words (prose: "reset your password: click the link"). An
     * unterminated quoted value is masked to the end of the line. Emits and returns the end, or 0.
     */
    private int secretValueAt(Pass p, int d, int key, int @Nullable [] counts) {
        String s = p.s;
        int n = s.length();
        char delim = s.charAt(d);
        int v = d + 1;
        if (v < n) {
            char c = s.charAt(v);
            if (delim == ':' && (c == ':' || c == '/')) {
                return 0; // "::" or "://"
            }
            if (delim == '=' && c == '=') {
                return 0; // a comparison
            }
            if ((delim == '=' && c == '>') || (delim == ':' && c == '=')) {
                v++;
            }
            if (delim == ':' && (c == '?' || c == '+' || c == '-') && insideShellExpansion(s, d)) {
                if (c != '-') {
                    return 0; // ${TOKEN:?message}, ${TOKEN:+alternative}
                }
                v++; // ${PG_PASSWORD:-default}: the default is masked
            }
        }
        int afterDelim = v;
        while (v < n && (s.charAt(v) == ' ' || s.charAt(v) == '\t')) {
            v++;
        }
        boolean loose = v > afterDelim;
        if (v >= n) {
            return 0;
        }
        char q = s.charAt(v);
        int start;
        int end;
        int resume;
        if (q == '"' || q == '\'' || q == '`' || (q == '\\' && v + 1 < n && s.charAt(v + 1) == '"')) {
            boolean escaped = q == '\\';
            start = v + (escaped ? 2 : 1);
            end = closingQuote(s, start, escaped ? '"' : q, escaped);
            if (end < 0) {
                end = lineEnd(s, start); // unterminated: fail closed to the end of the line
                resume = end;
            } else {
                resume = end + (escaped ? 2 : 1);
            }
            if (s.startsWith("-----BEGIN ", start)) {
                return 0;
            }
        } else {
            if ((q == '$' || q == '#' || q == '{') && v + 1 < n && s.charAt(v + 1) == '{') {
                return 0; // a template placeholder: ${DB_PASSWORD}, #{password}, {{ password }}
            }
            start = v;
            end = v;
            int open = 0; // brackets opened inside the value: "pa(ss)w0rd" is one value, "(password=x)" ends at ')'
            while (end < n) {
                char c = s.charAt(end);
                if (c == '(' || c == '[' || c == '{') {
                    open++;
                } else if ((c == ')' || c == ']' || c == '}') && open > 0) {
                    open--;
                } else if (endsBareValue(s, end)) {
                    break;
                }
                end++;
            }
            resume = end;
            if (end == start || s.startsWith("-----BEGIN ", start) || isNonSecretWord(s, start, end)
                    || (q == '[' && end < n && s.charAt(end) == ']')) {
                return 0; // nothing, a PEM block (the private key detector's), a word like null, [REDACTED]
            }
            if (loose && (looksLikeProse(s, start, end) || isAssignment(s, start, end))) {
                return 0; // "reset your password: click the link", "password= user=app"
            }
            if (key == TOKEN_KEY && end - start < 8 && allDigits(s, start, end)) {
                return 0; // "api_key": 1 (a count), token=42
            }
            if (isCodeExpression(s, start, end)) {
                return 0; // password = getpass(), pwd: passwordPrompt(), token = os.environ[...]
            }
        }
        if (end <= start || isPlaceholder(s, start, end)) {
            return 0;
        }
        emit(p, PiiType.SECRET_ASSIGNMENT, start, end, counts);
        return resume;
    }

    private static boolean endsBareValue(String s, int k) {
        char c = s.charAt(k);
        switch (c) {
            case ' ':
            case '\t':
            case '\n':
            case '\r':
            case ',':
            case ';':
            case '&':
            case '"':
            case '\'':
            case '`':
            case '}':
            case ']':
            case ')':
            case '<':
            case '>':
                return true;
            case '\\':
                // an escape written out in a JSON string (\n, \", \t)
                return k + 1 < s.length() && "nrt\"".indexOf(s.charAt(k + 1)) >= 0;
            default:
                return false;
        }
    }

    /** Index of the closing quote (or of the backslash of a closing {@code \"}), or -1. */
    private static int closingQuote(String s, int from, char q, boolean escaped) {
        int n = s.length();
        for (int k = from; k < n; k++) {
            char c = s.charAt(k);
            if (escaped) {
                if (c == '\\' && k + 1 < n) {
                    if (s.charAt(k + 1) == '"') {
                        return k;
                    }
                    k++; // another escape
                }
            } else if (c == '\\') {
                k++;
            } else if (c == q) {
                return k;
            } else if (c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    private static int lineEnd(String s, int from) {
        int nl = s.indexOf('\n', from);
        return nl < 0 ? s.length() : nl;
    }

    private static final String[] NON_SECRET_WORDS = {"true", "false", "null", "none", "nil", "undefined", "yes",
        "no", "string", "str", "redacted", "hidden", "masked", "filtered"};

    private static boolean isNonSecretWord(String s, int start, int end) {
        int len = end - start;
        if (len > 9) {
            return false;
        }
        for (String w : NON_SECRET_WORDS) {
            if (w.length() == len && s.regionMatches(true, start, w, 0, len)) {
                return true;
            }
        }
        return false;
    }

    /** {@code ${NAME:} before the delimiter at {@code d}: a shell parameter expansion. */
    private static boolean insideShellExpansion(String s, int d) {
        int k = d - 1;
        while (k >= 0 && d - k <= 64 && isKeyChar(s.charAt(k))) {
            k--;
        }
        return k >= 1 && s.charAt(k) == '{' && s.charAt(k - 1) == '$';
    }

    /**
     * Code that reads the secret, not the secret: a dotted name opening a call or an index
     * ({@code os.getenv(}, {@code request.form[}, {@code Secret.of(}) or a call without arguments
     * ({@code getpass()}, {@code passwordPrompt()}). A password such as {@code pa(ss)w0rd} is not one.
     */
    private static boolean isCodeExpression(String s, int start, int end) {
        char first = s.charAt(start);
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) {
            return false;
        }
        boolean dotted = false;
        for (int k = start + 1; k < end; k++) {
            char c = s.charAt(k);
            if (c == '(' || c == '[') {
                return (dotted && s.charAt(k - 1) != '.') || (c == '(' && k + 1 < s.length() && s.charAt(k + 1) == ')');
            }
            if (c == '.') {
                dotted = true;
            } else if (!isLetterOrDigit(c) && c != '_') {
                return false;
            }
        }
        return false;
    }

    /** {@code user=app}: the next key and its value (a base64 value's trailing '=' padding does not count). */
    private static boolean isAssignment(String s, int start, int end) {
        for (int k = start + 1; k < end - 1; k++) {
            if (s.charAt(k) == '=' && s.charAt(k + 1) != '=') {
                return true;
            }
        }
        return false;
    }

    /** A bare word of letters only, followed by a space and another word: a sentence, not a value. */
    private static boolean looksLikeProse(String s, int start, int end) {
        for (int k = start; k < end; k++) {
            if (!Character.isLetter(s.charAt(k))) {
                return false;
            }
        }
        int n = s.length();
        return end + 1 < n && s.charAt(end) == ' ' && isWord(s.charAt(end + 1));
    }

    /** Already masked or a template, not a value: {@code ***}, {@code ${VAR}}, {@code {{v}}}, {@code ?}, {@code $1}, {@code :name}, {@code %s}, {@code <...>}, {@code [...]}. */
    private static boolean isPlaceholder(String s, int start, int end) {
        char first = s.charAt(start);
        char last = s.charAt(end - 1);
        if (first == '*') {
            int k = start;
            while (k < end && s.charAt(k) == '*') {
                k++;
            }
            return k == end;
        }
        if ((first == '$' || first == '#') && end - start > 1 && s.charAt(start + 1) == '{' && last == '}') {
            return true;
        }
        if ((first == '{' && s.startsWith("{{", start) && last == '}') || (first == '<' && last == '>')
                || (first == '[' && last == ']')) {
            return true;
        }
        if (end - start == 1 && (first == '?' || first == '\u2026')) {
            return true; // a bind parameter, an ellipsis
        }
        if (first == '.' && last == '.' && end - start >= 3) {
            int k = start;
            while (k < end && s.charAt(k) == '.') {
                k++;
            }
            if (k == end) {
                return true; // PGPASSWORD=... (elided)
            }
        }
        if (first == '$' && end - start > 1) {
            for (int k = start + 1; k < end; k++) {
                if (!isDigit(s.charAt(k))) {
                    return false;
                }
            }
            return true;
        }
        if (first == ':' && end - start > 1) {
            for (int k = start + 1; k < end; k++) {
                char c = s.charAt(k);
                if (!isLetterOrDigit(c) && c != '_') {
                    return false;
                }
            }
            return true; // a named bind parameter (:password)
        }
        return end - start == 2 && first == '%' && last == 's';
    }
}
