package dev.relay.masking;

/**
 * Extra masking for error messages: database errors quote the offending values. Replaces
 * {@code '...'} literals, the value list of {@code Key (cols)=(values)}, a double-quoted value
 * after {@code ": "} ({@code invalid input syntax for type integer: "abc"}) and Mongo's
 * {@code dup key: { ... }}. Identifiers in double quotes elsewhere ({@code relation "users"}) stay.
 */
final class MessageMasking {
    private MessageMasking() {
    }

    static String mask(String s) {
        if (s.indexOf('\'') < 0 && s.indexOf(")=(") < 0 && s.indexOf(": \"") < 0 && s.indexOf("dup key: {") < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\'') {
                int close = closingQuote(s, i + 1, '\'');
                if (close > 0) {
                    out.append("'***'");
                    i = close + 1;
                    continue;
                }
            } else if (c == '=' && i > 0 && s.charAt(i - 1) == ')' && i + 1 < n && s.charAt(i + 1) == '(') {
                int close = matchingParen(s, i + 1);
                if (close > 0) {
                    out.append("=(***)");
                    i = close + 1;
                    continue;
                }
            } else if (c == ':' && s.startsWith(": \"", i)) {
                int close = closingQuote(s, i + 3, '"');
                if (close > 0) {
                    out.append(": \"***\"");
                    i = close + 1;
                    continue;
                }
            } else if (c == 'd' && s.startsWith("dup key: {", i)) {
                int close = s.indexOf('}', i);
                if (close > 0) {
                    out.append("dup key: { *** }");
                    i = close + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static int closingQuote(String s, int from, char q) {
        for (int k = from; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == q) {
                if (q == '\'' && k + 1 < s.length() && s.charAt(k + 1) == '\'') {
                    k++;
                    continue;
                }
                return k;
            }
        }
        return -1;
    }

    private static int matchingParen(String s, int open) {
        int depth = 0;
        for (int k = open; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return k;
                }
            }
        }
        return -1;
    }
}
