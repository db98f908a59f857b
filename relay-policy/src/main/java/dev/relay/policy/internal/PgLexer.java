package dev.relay.policy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A tokeniser that follows PostgreSQL's own lexical rules (standard-conforming {@code '...'}
 * strings, {@code E'...'} escape strings, {@code U&'...'} / {@code U&"..."} Unicode escapes,
 * {@code B''}/{@code X''}/{@code N''} literals, {@code $tag$...$tag$} dollar quoting,
 * {@code "..."} identifiers, nested {@code /* *}{@code /} comments, {@code --} comments,
 * {@code $n} parameters). It is what decides where literals, identifiers and comments begin and
 * end; JSqlParser never sees literal contents, so the two parsers cannot disagree about them.
 *
 * <p>Output of {@link #lex(String)}:
 * <ul>
 *   <li>{@code canonical}: the text sent to the database: comments replaced by a space,
 *       {@code U&"..."} identifiers rewritten as plain quoted identifiers; literals untouched.</li>
 *   <li>{@code masked}: the same text with every literal's contents blanked (same length,
 *       always a plain {@code '...'} string), from which {@link ParserInput} builds what JSqlParser parses.</li>
 *   <li>the tokens (kind, offsets in both texts, nesting depth), the deepest nesting and the
 *       first lexical problem, if any.</li>
 * </ul>
 */
public final class PgLexer {

    /** Token kinds. */
    public enum Kind { WORD, QUOTED_IDENT, STRING, NUMBER, PARAM, OPERATOR, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT, SEMICOLON, OTHER }

    /** One token; offsets index into {@link Result#canonical()}. */
    public record Token(Kind kind, int start, int end, int depth) {
    }

    /** The lexer's result. {@code problem} is null when the text is lexically acceptable. */
    public record Result(String canonical, String masked, List<Token> tokens, int maxDepth, int maxCaseDepth,
            @Nullable String problem) {

        /** The token's text in the canonical string. */
        public String text(Token token) {
            return canonical.substring(token.start(), token.end());
        }
    }

    private PgLexer() {
    }

    /** Tokenises {@code sql}. Never throws on any input. */
    public static Result lex(String sql) {
        return new Run(sql).run();
    }

    private static final class Run {
        private final String in;
        private final StringBuilder canonical;
        private final StringBuilder masked;
        private final List<Token> tokens = new ArrayList<>();
        private int pos;
        private int depth;
        private int maxDepth;
        private int caseDepth;
        private int maxCaseDepth;
        private @Nullable String problem;

        Run(String in) {
            this.in = in;
            this.canonical = new StringBuilder(in.length() + 8);
            this.masked = new StringBuilder(in.length() + 8);
        }

        Result run() {
            int n = in.length();
            int unpaired = unpairedSurrogate(in);
            if (unpaired >= 0) {
                // not text: the database driver sends it as '?', which PostgreSQL reads as an operator
                // outside a literal ('{}'::jsonb<U+D800>f(x) would be jsonb ? f(x), a call)
                problem = "unpaired UTF-16 surrogate (not valid text)";
            }
            while (pos < n && problem == null) {
                char c = in.charAt(pos);
                if (isSpace(c)) {
                    emitRaw(String.valueOf(c));
                    pos++;
                } else if (c == '-' && peek(1) == '-') {
                    lineComment();
                } else if (c == '/' && peek(1) == '*') {
                    blockComment();
                } else if (c == '\'') {
                    quotedString(pos, pos, false, true);
                } else if ((c == 'e' || c == 'E') && peek(1) == '\'') {
                    quotedString(pos, pos + 1, true, false);
                } else if ((c == 'n' || c == 'N') && peek(1) == '\'') {
                    quotedString(pos, pos + 1, false, true);
                } else if ((c == 'b' || c == 'B' || c == 'x' || c == 'X') && peek(1) == '\'') {
                    bitString();
                } else if ((c == 'u' || c == 'U') && peek(1) == '&' && peek(2) == '\'') {
                    quotedString(pos, pos + 2, false, false);
                    checkNoUescape();
                } else if ((c == 'u' || c == 'U') && peek(1) == '&' && peek(2) == '"') {
                    unicodeIdentifier();
                } else if (c == '"') {
                    quotedIdentifier();
                } else if (c == '$') {
                    dollar();
                } else if (isIdentStart(c)) {
                    word();
                } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
                    number();
                } else {
                    punctuation(c);
                }
            }
            String maskedText = problem == null ? collapseLiteralLists(masked, tokens) : masked.toString();
            return new Result(canonical.toString(), maskedText, List.copyOf(tokens), maxDepth, maxCaseDepth, problem);
        }

        private char peek(int ahead) {
            int i = pos + ahead;
            return i < in.length() ? in.charAt(i) : '\0';
        }

        private void emitRaw(String s) {
            canonical.append(s);
            masked.append(s);
        }

        private void token(Kind kind, String canonicalText, String maskedText) {
            int start = canonical.length();
            canonical.append(canonicalText);
            masked.append(maskedText);
            tokens.add(new Token(kind, start, canonical.length(), depth));
        }

        /**
         * A {@code --} comment: up to the next newline <em>or carriage return</em>, as PostgreSQL
         * reads it ({@code non_newline [^\n\r]}); what follows a lone {@code \r} is code.
         */
        private void lineComment() {
            int end = pos;
            while (end < in.length() && in.charAt(end) != '\n' && in.charAt(end) != '\r') {
                end++;
            }
            pos = end;
            emitRaw(" ");
        }

        private void blockComment() {
            int level = 0;
            int i = pos;
            int n = in.length();
            while (i < n) {
                if (in.startsWith("/*", i)) {
                    level++;
                    i += 2;
                } else if (in.startsWith("*/", i)) {
                    level--;
                    i += 2;
                    if (level == 0) {
                        break;
                    }
                } else {
                    i++;
                }
            }
            if (level != 0) {
                problem = "unterminated /* comment";
                return;
            }
            pos = i;
            emitRaw(" ");
        }

        /**
         * A '...' literal starting at {@code start} whose opening quote is at {@code quote}.
         *
         * <p>{@code settingDependent}: a plain or {@code N'...'} literal, which PostgreSQL may read
         * with backslash escapes, in two cases:
         * <ul>
         *   <li>it continues the literal before it: a string literal followed by whitespace that
         *       holds a newline (and {@code --} comments) and another quote is <em>one</em>
         *       literal in PostgreSQL, read in the first part's mode, so after {@code E'a'} and a
         *       newline, {@code '\'' , pg_read_file(...) --'} is an escaped quote, the end of the
         *       literal and a call (PostgreSQL 17, default settings);</li>
         *   <li>the server's {@code standard_conforming_strings} is off (a role, database or server
         *       setting the relay does not control): {@code '\' || ' , pg_sleep(1) --'} is a call
         *       between two strings.</li>
         * </ul>
         * Where the readings with and without backslash escapes end the literal at different
         * quotes (a quote after an odd run of backslashes), the query is rejected: fail closed,
         * whatever precedes the literal and whatever the server's setting. Where they agree, every
         * reading PostgreSQL may choose ends it at the same quote (a B/X continuation ends at the
         * first quote, leaving two adjacent literals: a syntax error).
         */
        private void quotedString(int start, int quote, boolean backslashEscapes, boolean settingDependent) {
            int i = endOfQuoted(quote, backslashEscapes);
            if (i < 0) {
                problem = "unterminated string literal";
                return;
            }
            if (settingDependent && endOfQuoted(quote, true) != i) {
                problem = "a quote after a backslash in a standard string literal (PostgreSQL reads it as an escape"
                        + " when the literal continues an E string or standard_conforming_strings is off): use an E string";
                return;
            }
            String raw = in.substring(start, i);
            token(Kind.STRING, raw, blankLiteral(raw.length()));
            pos = i;
        }

        /**
         * A {@code B'...'} / {@code X'...'} literal. PostgreSQL ends it at the first quote: a doubled
         * quote is no escape there ({@code B'01''10'} is a bit string followed by another string
         * literal, a syntax error). Such text is rejected rather than read as one literal.
         */
        private void bitString() {
            int close = in.indexOf('\'', pos + 2);
            if (close < 0) {
                problem = "unterminated string literal";
                return;
            }
            if (close + 1 < in.length() && in.charAt(close + 1) == '\'') {
                problem = "a quote inside a bit-string literal (B or X) ends it";
                return;
            }
            String raw = in.substring(pos, close + 1);
            token(Kind.STRING, raw, blankLiteral(raw.length()));
            pos = close + 1;
        }

        /** The index after the quote that closes the literal opened at {@code quote}; -1 when unterminated. */
        private int endOfQuoted(int quote, boolean backslashEscapes) {
            int i = quote + 1;
            int n = in.length();
            while (i < n) {
                char c = in.charAt(i);
                if (backslashEscapes && c == '\\') {
                    i += 2;
                } else if (c == '\'') {
                    if (i + 1 < n && in.charAt(i + 1) == '\'') {
                        i += 2;
                    } else {
                        return i + 1;
                    }
                } else {
                    i++;
                }
            }
            return -1;
        }

        private void checkNoUescape() {
            int i = pos;
            while (i < in.length() && isSpace(in.charAt(i))) {
                i++;
            }
            if (in.regionMatches(true, i, "UESCAPE", 0, 7)) {
                problem = "UESCAPE is not supported";
            }
        }

        private void quotedIdentifier() {
            String name = readQuoted(pos + 1);
            if (name == null) {
                return;
            }
            String raw = in.substring(pos, scanEnd);
            token(Kind.QUOTED_IDENT, raw, raw);
            pos = scanEnd;
        }

        private int scanEnd;

        /** Reads a "..." body from {@code from}; sets {@link #scanEnd} past the closing quote. */
        private @Nullable String readQuoted(int from) {
            StringBuilder name = new StringBuilder();
            int i = from;
            int n = in.length();
            while (true) {
                if (i >= n) {
                    problem = "unterminated quoted identifier";
                    return null;
                }
                char c = in.charAt(i);
                if (c == '"') {
                    if (i + 1 < n && in.charAt(i + 1) == '"') {
                        name.append('"');
                        i += 2;
                    } else {
                        i++;
                        break;
                    }
                } else {
                    name.append(c);
                    i++;
                }
            }
            scanEnd = i;
            if (name.length() == 0) {
                problem = "zero-length quoted identifier";
                return null;
            }
            return name.toString();
        }

        private void unicodeIdentifier() {
            String body = readQuoted(pos + 3);
            if (body == null) {
                return;
            }
            int end = scanEnd;
            pos = end;
            checkNoUescape();
            if (problem != null) {
                return;
            }
            String decoded = decodeUnicodeEscapes(body);
            if (decoded == null) {
                problem = "invalid Unicode escape in U&\"...\" identifier";
                return;
            }
            String plain = "\"" + decoded.replace("\"", "\"\"") + "\"";
            token(Kind.QUOTED_IDENT, plain, plain);
        }

        private void dollar() {
            char next = peek(1);
            if (isDigit(next)) {
                int i = pos + 1;
                while (i < in.length() && isDigit(in.charAt(i))) {
                    i++;
                }
                String raw = in.substring(pos, i);
                token(Kind.PARAM, raw, raw);
                pos = i;
                return;
            }
            // dollar quote: $tag$ where tag is empty or an identifier without '$'
            int i = pos + 1;
            while (i < in.length() && isIdentPart(in.charAt(i)) && in.charAt(i) != '$') {
                i++;
            }
            if (i < in.length() && in.charAt(i) == '$' && (i == pos + 1 || !isDigit(in.charAt(pos + 1)))) {
                String tag = in.substring(pos, i + 1);
                int close = in.indexOf(tag, i + 1);
                if (close < 0) {
                    problem = "unterminated dollar-quoted string";
                    return;
                }
                int end = close + tag.length();
                String raw = in.substring(pos, end);
                token(Kind.STRING, raw, blankLiteral(raw.length()));
                pos = end;
                return;
            }
            problem = "unexpected \"$\"";
        }

        private void word() {
            int i = pos + 1;
            while (i < in.length() && isIdentPart(in.charAt(i))) {
                i++;
            }
            String raw = in.substring(pos, i);
            String lower = raw.toLowerCase(Locale.ROOT);
            if (lower.equals("case")) {
                caseDepth++;
                maxCaseDepth = Math.max(maxCaseDepth, caseDepth);
            } else if (lower.equals("end") && caseDepth > 0) {
                caseDepth--;
            }
            if (lower.endsWith("q") && i < in.length() && in.charAt(i) == '\'') {
                // Oracle-style quoting to JSqlParser (q'x...x', also nq, bq, eq, rq, uq, rbq: everything up
                // to the delimiter is one string), a typed literal of a type named q to PostgreSQL:
                // SELECT q'x' , pg_sleep(1) , 'y' hid the call from the parser
                problem = "a string literal right after a word ending in Q (Oracle quoting to the SQL parser)";
                return;
            }
            token(Kind.WORD, raw, raw);
            pos = i;
        }

        private void number() {
            int i = pos;
            int n = in.length();
            while (i < n && (isDigit(in.charAt(i)) || in.charAt(i) == '_')) {
                i++;
            }
            if (i < n && in.charAt(i) == '.' && !(i + 1 < n && in.charAt(i + 1) == '.')) {
                i++;
                while (i < n && (isDigit(in.charAt(i)) || in.charAt(i) == '_')) {
                    i++;
                }
            }
            if (i < n && (in.charAt(i) == 'e' || in.charAt(i) == 'E')) {
                int j = i + 1;
                if (j < n && (in.charAt(j) == '+' || in.charAt(j) == '-')) {
                    j++;
                }
                if (j < n && isDigit(in.charAt(j))) {
                    i = j;
                    while (i < n && isDigit(in.charAt(i))) {
                        i++;
                    }
                }
            }
            String raw = in.substring(pos, i);
            token(Kind.NUMBER, raw, raw);
            pos = i;
        }

        private void punctuation(char c) {
            switch (c) {
                case '(' -> {
                    token(Kind.LPAREN, "(", "(");
                    depth++;
                    maxDepth = Math.max(maxDepth, depth);
                    pos++;
                }
                case '[' -> {
                    token(Kind.LBRACKET, "[", "[");
                    depth++;
                    maxDepth = Math.max(maxDepth, depth);
                    pos++;
                }
                case ')', ']' -> {
                    if (depth == 0) {
                        problem = "unbalanced '" + c + "'";
                        return;
                    }
                    depth--;
                    token(c == ')' ? Kind.RPAREN : Kind.RBRACKET, String.valueOf(c), String.valueOf(c));
                    pos++;
                }
                case ',' -> {
                    token(Kind.COMMA, ",", ",");
                    pos++;
                }
                case ';' -> {
                    token(Kind.SEMICOLON, ";", ";");
                    pos++;
                }
                case '.' -> {
                    token(Kind.DOT, ".", ".");
                    pos++;
                }
                case '`', '{', '}', '\\' -> problem = "character '" + c + "' is not valid PostgreSQL outside a literal";
                default -> {
                    if (isOperatorChar(c)) {
                        int i = pos;
                        while (i < in.length() && isOperatorChar(in.charAt(i))
                                && !in.startsWith("--", i) && !in.startsWith("/*", i)) {
                            i++;
                        }
                        if (i == pos) {
                            i = pos + 1;
                        }
                        String raw = in.substring(pos, i);
                        if (raw.contains("//")) {
                            // an operator to PostgreSQL (CREATE OPERATOR // is possible), a line comment to
                            // JSqlParser: SELECT 2 // pg_sleep(1) hid the call from the parser
                            problem = "operator containing // (the SQL parser would read a comment)";
                            return;
                        }
                        token(Kind.OPERATOR, raw, raw);
                        pos = i;
                    } else if (c == ':') {
                        String raw = peek(1) == ':' ? "::" : ":";
                        token(Kind.OPERATOR, raw, raw);
                        pos += raw.length();
                    } else if (Character.isISOControl(c)) {
                        problem = "control character outside a literal";
                    } else {
                        problem = "unexpected character outside a literal";
                    }
                }
            }
        }
    }

    /** Lists at least this long are shortened for the parser. */
    static final int LONG_LIST = 8;

    /**
     * JSqlParser's look-ahead makes long lists quadratic (a 2,000-value {@code IN} list takes
     * seconds). A parenthesised list made only of literals ({@code (1, 2, 'a', -3, ...)}) holds
     * nothing the validator checks (no function, table or keyword), so in the parser's copy
     * everything after its second element is blanked with spaces (offsets are kept). The text sent
     * to the database is untouched.
     */
    static String collapseLiteralLists(StringBuilder masked, List<Token> tokens) {
        char[] out = null;
        int i = 0;
        while (i < tokens.size()) {
            Token open = tokens.get(i);
            if (open.kind() != Kind.LPAREN) {
                i++;
                continue;
            }
            int j = i + 1;
            int elements = 0;
            int secondEnd = -1;
            boolean literalsOnly = true;
            while (j < tokens.size()) {
                int k = j;
                if (tokens.get(k).kind() == Kind.OPERATOR && k + 1 < tokens.size()) {
                    String op = masked.substring(tokens.get(k).start(), tokens.get(k).end());
                    if (op.equals("-") || op.equals("+")) {
                        k++;
                    }
                }
                Kind kind = tokens.get(k).kind();
                if (kind != Kind.NUMBER && kind != Kind.STRING) {
                    literalsOnly = false;
                    break;
                }
                elements++;
                if (elements == 2) {
                    secondEnd = tokens.get(k).end();
                }
                if (k + 1 >= tokens.size()) {
                    literalsOnly = false;
                    break;
                }
                Kind after = tokens.get(k + 1).kind();
                if (after == Kind.COMMA) {
                    j = k + 2;
                } else if (after == Kind.RPAREN) {
                    j = k + 1;
                    break;
                } else {
                    literalsOnly = false;
                    break;
                }
            }
            if (literalsOnly && elements >= LONG_LIST && j < tokens.size()) {
                if (out == null) {
                    out = masked.toString().toCharArray();
                }
                for (int c = secondEnd; c < tokens.get(j).start(); c++) {
                    out[c] = ' ';
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return out == null ? masked.toString() : new String(out);
    }

    /** Same length as the literal, always a plain quoted string of spaces (JSqlParser-safe). */
    static String blankLiteral(int length) {
        if (length < 2) {
            return "''";
        }
        StringBuilder b = new StringBuilder(length);
        b.append('\'');
        for (int i = 0; i < length - 2; i++) {
            b.append(' ');
        }
        b.append('\'');
        return b.toString();
    }

    /** Decodes PostgreSQL's {@code \XXXX} / {@code \+XXXXXX} / {@code \\} escapes; null when malformed. */
    static @Nullable String decodeUnicodeEscapes(String body) {
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < body.length() && body.charAt(i + 1) == '\\') {
                out.append('\\');
                i += 2;
                continue;
            }
            int digits = 4;
            int from = i + 1;
            if (from < body.length() && body.charAt(from) == '+') {
                digits = 6;
                from++;
            }
            if (from + digits > body.length()) {
                return null;
            }
            try {
                int cp = Integer.parseInt(body.substring(from, from + digits), 16);
                if (!Character.isValidCodePoint(cp) || cp == 0) {
                    return null;
                }
                out.appendCodePoint(cp);
            } catch (NumberFormatException e) {
                return null;
            }
            i = from + digits;
        }
        // PostgreSQL: "invalid Unicode surrogate pair" for a lone \D800; a pair of escapes is one character
        return unpairedSurrogate(out) >= 0 ? null : out.toString();
    }

    /** The index of the first unpaired UTF-16 surrogate in {@code s}, or -1. */
    static int unpairedSurrogate(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** PostgreSQL's whitespace: space, tab, newline, carriage return, form feed, vertical tab. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isOperatorChar(char c) {
        return "+-*/<>=~!@#%^&|?".indexOf(c) >= 0;
    }
}
