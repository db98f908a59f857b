package dev.relay.connectors.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites PostgreSQL positional parameters ({@code $1}, {@code $2}...) into JDBC {@code ?}
 * placeholders on the token level: string constants ({@code '...'}, {@code E'...'}, dollar-quoted
 * {@code $tag$...$tag$}), quoted identifiers and comments are copied untouched, and a literal
 * {@code ?} operator (jsonb {@code ?}, {@code ?|}, {@code ?&}) is escaped as {@code ??} so pgjdbc does
 * not take it for a placeholder. Also finds a {@code ;} outside literals and comments: pgjdbc would
 * split such a string into several statements, which the connector refuses as a second guard.
 */
final class Placeholders {

    /**
     * The JDBC text and, for each {@code ?} in order, the 1-based index of the parameter it binds;
     * {@code endsInCode} is false when a literal, quoted identifier, dollar quote or block comment
     * runs to the end of the text unclosed (text appended after it would not be a new statement).
     */
    record Translation(String jdbcSql, int[] parameterIndexes, boolean hasStatementSeparator, boolean endsInCode) {
        int highestParameter() {
            int max = 0;
            for (int i : parameterIndexes) {
                max = Math.max(max, i);
            }
            return max;
        }
    }

    private Placeholders() {
    }

    static Translation translate(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 8);
        List<Integer> params = new ArrayList<>();
        boolean separator = false;
        boolean unclosed = false;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                boolean backslashEscapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !isIdentChar(sql.charAt(i - 2)));
                int end = endOfQuoted(sql, i, '\'', backslashEscapes);
                unclosed |= end < 0;
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '"') {
                int end = endOfQuoted(sql, i, '"', false);
                unclosed |= end < 0;
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = endOfBlockComment(sql, i);
                unclosed |= end < 0;
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '$' && (i == 0 || !isIdentChar(sql.charAt(i - 1)))) {
                int j = i + 1;
                if (j < n && Character.isDigit(sql.charAt(j))) {
                    while (j < n && Character.isDigit(sql.charAt(j))) {
                        j++;
                    }
                    int index = parseIndex(sql.substring(i + 1, j));
                    params.add(index);
                    out.append('?');
                    i = j;
                } else {
                    int tagEnd = dollarTagEnd(sql, i);
                    if (tagEnd > 0) {
                        String tag = sql.substring(i, tagEnd);
                        int close = sql.indexOf(tag, tagEnd);
                        unclosed |= close < 0;
                        int end = close < 0 ? n : close + tag.length();
                        out.append(sql, i, end);
                        i = end;
                    } else {
                        out.append(c);
                        i++;
                    }
                }
            } else if (c == '?') {
                out.append("??");
                i++;
            } else {
                if (c == ';') {
                    separator = true;
                }
                out.append(c);
                i++;
            }
        }
        int[] indexes = new int[params.size()];
        for (int k = 0; k < indexes.length; k++) {
            indexes[k] = params.get(k);
        }
        return new Translation(out.toString(), indexes, separator, !unclosed);
    }

    private static int parseIndex(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Index just past the closing quote, -1 when unclosed; doubled quotes (and backslash escapes when asked) stay inside. */
    private static int endOfQuoted(String s, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < n && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    /** Block comments nest in PostgreSQL; -1 when unclosed. */
    private static int endOfBlockComment(String s, int start) {
        int depth = 0;
        int i = start;
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
        return -1;
    }

    /** For {@code $$} or {@code $tag$} at {@code start}, the index just past the opening tag; else -1. */
    private static int dollarTagEnd(String s, int start) {
        int i = start + 1;
        int n = s.length();
        if (i < n && s.charAt(i) == '$') {
            return i + 1;
        }
        if (i >= n || !(Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
            return -1;
        }
        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        return i < n && s.charAt(i) == '$' ? i + 1 : -1;
    }
}
