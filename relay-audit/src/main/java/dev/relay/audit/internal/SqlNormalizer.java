package dev.relay.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Normalises PostgreSQL text the way pg_stat_statements does in spirit: every constant (string,
 * {@code E''}, {@code B''}/{@code X''}/{@code U&''} strings, dollar-quoted string, number,
 * boolean) and every parameter ({@code $1}) becomes {@code ?}; comments and whitespace go; unquoted
 * identifiers and keywords are lower-cased; lists made only of constants ({@code IN (1, 2, 3)},
 * {@code ARRAY[1, 2]}) collapse to one {@code ?}; a minus sign in front of a constant joins it.
 * Tokens are joined by one space. Unterminated constructs turn the rest of the text into one
 * {@code ?}, so no literal survives malformed input. Never throws.
 */
public final class SqlNormalizer {

    /** The token every constant and parameter becomes. */
    public static final String PLACEHOLDER = "?";

    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?:";

    /** Words after which a {@code -} is a sign, not a subtraction. */
    private static final Set<String> SIGN_CONTEXT_WORDS = Set.of(
            "select", "where", "and", "or", "not", "when", "then", "else", "case", "by", "between",
            "in", "is", "like", "ilike", "limit", "offset", "values", "having", "on", "as", "array",
            "return", "returning", "set", "any", "all", "some", "distinct", "from", "with", "fetch");

    private SqlNormalizer() {
    }

    /** The normalised text of {@code sql}. */
    public static String normalize(String sql) {
        List<String> tokens = tokenize(sql);
        tokens = collapseConstantLists(tokens);
        while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).equals(";")) {
            tokens.remove(tokens.size() - 1);
        }
        return String.join(" ", tokens);
    }

    static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                i = skipBlockComment(s, i);
            } else if (c == '\'') {
                i = skipQuoted(s, i, false);
                constant(out);
            } else if ((c == 'E' || c == 'e') && next(s, i) == '\'') {
                i = skipQuoted(s, i + 1, true);
                constant(out);
            } else if ((c == 'B' || c == 'b' || c == 'X' || c == 'x' || c == 'N' || c == 'n') && next(s, i) == '\'') {
                i = skipQuoted(s, i + 1, false);
                constant(out);
            } else if ((c == 'U' || c == 'u') && next(s, i) == '&' && i + 2 < n && s.charAt(i + 2) == '\'') {
                i = skipQuoted(s, i + 2, false);
                constant(out);
            } else if (c == '$') {
                i = dollar(s, i, out);
            } else if (c == '"') {
                int end = skipQuotedIdentifier(s, i);
                if (end < 0) {
                    constant(out);
                    i = n;
                } else {
                    out.add(s.substring(i, end));
                    i = end;
                }
            } else if (isDigit(c) || (c == '.' && isDigit(next(s, i)))) {
                i = skipNumber(s, i);
                constant(out);
            } else if (isIdentStart(c)) {
                int j = i + 1;
                while (j < n && isIdentPart(s.charAt(j))) {
                    j++;
                }
                String word = s.substring(i, j).toLowerCase(Locale.ROOT);
                if (word.equals("true") || word.equals("false")) {
                    constant(out);
                } else {
                    out.add(word);
                }
                i = j;
            } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                int j = i + 1;
                while (j < n && OPERATOR_CHARS.indexOf(s.charAt(j)) >= 0
                        && !s.startsWith("--", j) && !s.startsWith("/*", j)) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    /** Adds a constant, folding a preceding sign when the minus is not a subtraction. */
    private static void constant(List<String> out) {
        int size = out.size();
        if (size > 0 && (out.get(size - 1).equals("-") || out.get(size - 1).equals("+"))) {
            String before = size > 1 ? out.get(size - 2) : null;
            if (before == null || isSignContext(before)) {
                out.remove(size - 1);
            }
        }
        out.add(PLACEHOLDER);
    }

    private static boolean isSignContext(String token) {
        if (token.equals(PLACEHOLDER) || token.equals(")") || token.equals("]") || token.startsWith("\"")) {
            return false;
        }
        if (isIdentStart(token.charAt(0))) {
            return SIGN_CONTEXT_WORDS.contains(token);
        }
        return true;
    }

    /** {@code ( ? , ? , ? )} → {@code ( ? )}, also with brackets. */
    private static List<String> collapseConstantLists(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        int i = 0;
        while (i < tokens.size()) {
            String t = tokens.get(i);
            if (t.equals("(") || t.equals("[")) {
                String close = t.equals("(") ? ")" : "]";
                int j = i + 1;
                boolean expectConstant = true;
                while (j < tokens.size()) {
                    String u = tokens.get(j);
                    if (expectConstant && u.equals(PLACEHOLDER)) {
                        expectConstant = false;
                    } else if (!expectConstant && u.equals(",")) {
                        expectConstant = true;
                    } else {
                        break;
                    }
                    j++;
                }
                if (j > i + 1 && !expectConstant && j < tokens.size() && tokens.get(j).equals(close)) {
                    out.add(t);
                    out.add(PLACEHOLDER);
                    out.add(close);
                    i = j + 1;
                    continue;
                }
            }
            out.add(t);
            i++;
        }
        return out;
    }

    private static char next(String s, int i) {
        return i + 1 < s.length() ? s.charAt(i + 1) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isIdentPart(char c) {
        return c == '_' || c == '$' || Character.isLetterOrDigit(c);
    }

    private static int skipBlockComment(String s, int i) {
        int depth = 0;
        int n = s.length();
        while (i < n) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** {@code i} is at the opening quote; returns the index after the closing one (or the end). */
    private static int skipQuoted(String s, int i, boolean backslashEscapes) {
        int n = s.length();
        int j = i + 1;
        while (j < n) {
            char c = s.charAt(j);
            if (backslashEscapes && c == '\\') {
                j += 2;
            } else if (c == '\'') {
                if (j + 1 < n && s.charAt(j + 1) == '\'') {
                    j += 2;
                } else {
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        return n;
    }

    private static int skipQuotedIdentifier(String s, int i) {
        int n = s.length();
        int j = i + 1;
        while (j < n) {
            if (s.charAt(j) == '"') {
                if (j + 1 < n && s.charAt(j + 1) == '"') {
                    j += 2;
                } else {
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        return -1;
    }

    private static int skipNumber(String s, int i) {
        int n = s.length();
        int j = i;
        if (s.charAt(j) == '0' && j + 1 < n && "xXoObB".indexOf(s.charAt(j + 1)) >= 0) {
            j += 2;
            while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            return j;
        }
        while (j < n && (isDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        if (j < n && s.charAt(j) == '.' && !(j + 1 < n && s.charAt(j + 1) == '.')) {
            j++;
            while (j < n && (isDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
        }
        if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            if (k < n && isDigit(s.charAt(k))) {
                j = k;
                while (j < n && isDigit(s.charAt(j))) {
                    j++;
                }
            }
        }
        return j;
    }

    /** {@code $1} parameter, {@code $tag$...$tag$} string, or a lone {@code $}. */
    private static int dollar(String s, int i, List<String> out) {
        int n = s.length();
        if (isDigit(next(s, i))) {
            int j = i + 1;
            while (j < n && isDigit(s.charAt(j))) {
                j++;
            }
            constant(out);
            return j;
        }
        int j = i + 1;
        if (j < n && isIdentStart(s.charAt(j))) {
            while (j < n && (s.charAt(j) == '_' || Character.isLetterOrDigit(s.charAt(j)))) {
                j++;
            }
        }
        if (j < n && s.charAt(j) == '$') {
            String tag = s.substring(i, j + 1);
            int end = s.indexOf(tag, j + 1);
            constant(out);
            return end < 0 ? n : end + tag.length();
        }
        out.add("$");
        return i + 1;
    }
}
