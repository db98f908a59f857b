package dev.relay.policy.internal;

import java.util.Arrays;
import java.util.List;

/**
 * The text JSqlParser parses for one lexed query, which is also the key under which the engine
 * shares a verdict between queries that differ only in their literals.
 *
 * <p>Built from the lexer's {@link PgLexer.Result#masked() masked} text (literal contents already
 * blanked, long literal lists already shortened) with two more replacements:
 * <ul>
 *   <li>every string literal, whatever its prefix or quoting ({@code '...'}, {@code E'...'},
 *       {@code $tag$...$tag$}, ...), becomes the empty literal {@code ''};</li>
 *   <li>every <em>plain integer</em> becomes its ordinal among them ({@code 1}, {@code 2}, ...):
 *       a token of 1–18 ASCII digits, nothing else, standing between whitespace, brackets,
 *       commas, colons or operator characters. Anything else that looks numeric ({@code 1.5},
 *       {@code 1e3}, {@code 1_000}, {@code 0x1F}, a digit run touching a letter, a dot or a quote)
 *       is kept exactly as written.</li>
 * </ul>
 * The validator parses this text and nothing else, so its verdict is a function of this text:
 * two queries with the same parser input get the same checks by construction, and the engine may
 * share the verdict. What the database runs is still the query's own canonical text; the one
 * decision that depends on a literal's value, the row-limit rewrite, reads the value from the
 * query's own token ({@link RowLimit}). Ordinals, rather than one constant, let the row-limit
 * plan tell which token a {@code LIMIT} value came from.
 *
 * <p>Offsets change (a literal shrinks to {@code ''}), so parse-error positions are mapped back
 * to the canonical text with {@link #canonicalOffset(int)}.
 */
public final class ParserInput {

    private final String text;
    /** {@code ordinals[k - 1]} is the index (in the lexer's token list) of the token replaced by ordinal {@code k}. */
    private final int[] ordinals;
    /** Pairs (offset in {@link #text}, offset in the canonical text) at the start of each replacement and after it. */
    private final int[] anchors;

    private ParserInput(String text, int[] ordinals, int[] anchors) {
        this.text = text;
        this.ordinals = ordinals;
        this.anchors = anchors;
    }

    /** The parser input of a query the lexer accepted ({@code lexed.problem() == null}). */
    public static ParserInput of(PgLexer.Result lexed) {
        String masked = lexed.masked();
        List<PgLexer.Token> tokens = lexed.tokens();
        StringBuilder out = new StringBuilder(masked.length());
        int[] ordinals = new int[8];
        int count = 0;
        int[] anchors = new int[16];
        int anchorCount = 0;
        int copied = 0;
        for (int i = 0; i < tokens.size(); i++) {
            PgLexer.Token t = tokens.get(i);
            String replacement;
            if (t.kind() == PgLexer.Kind.STRING && masked.charAt(t.start()) == '\'') {
                replacement = "''";
            } else if (t.kind() == PgLexer.Kind.NUMBER && plainInteger(masked, t)) {
                if (count == ordinals.length) {
                    ordinals = Arrays.copyOf(ordinals, count * 2);
                }
                ordinals[count++] = i;
                replacement = Integer.toString(count);
            } else {
                continue; // kept as written (a literal inside a shortened list is blank already)
            }
            out.append(masked, copied, t.start());
            if (anchorCount + 4 > anchors.length) {
                anchors = Arrays.copyOf(anchors, anchors.length * 2);
            }
            anchors[anchorCount++] = out.length();
            anchors[anchorCount++] = t.start();
            out.append(replacement);
            anchors[anchorCount++] = out.length();
            anchors[anchorCount++] = t.end();
            copied = t.end();
        }
        out.append(masked, copied, masked.length());
        return new ParserInput(out.toString(), Arrays.copyOf(ordinals, count), Arrays.copyOf(anchors, anchorCount));
    }

    /** The text to parse; also the verdict-sharing key. */
    public String text() {
        return text;
    }

    /**
     * The index (in the lexer's token list) of the token that ordinal {@code ordinal} replaced, or
     * -1 when there is no such ordinal. Ordinals, unlike token indexes, are a property of the
     * parser input itself: two queries with the same parser input may have different token lists
     * (a shortened literal list hides how many literals it held), but their k-th ordinal stands at
     * the same place of the same text.
     */
    public int tokenOfOrdinal(long ordinal) {
        return ordinal >= 1 && ordinal <= ordinals.length ? ordinals[(int) ordinal - 1] : -1;
    }

    /** The ordinal that replaced lexer token {@code index}, or -1 when that token is kept as written. */
    public long ordinalOf(int index) {
        for (int k = 0; k < ordinals.length; k++) {
            if (ordinals[k] == index) {
                return k + 1L;
            }
        }
        return -1;
    }

    /**
     * The canonical-text offset of offset {@code offset} of {@link #text()}; an offset inside a
     * replacement maps to the start of the literal it replaced.
     */
    public int canonicalOffset(int offset) {
        int shift = 0;
        for (int a = 0; a < anchors.length; a += 4) {
            int start = anchors[a];
            int end = anchors[a + 2];
            if (offset < start) {
                break;
            }
            if (offset < end) {
                return anchors[a + 1];
            }
            shift = anchors[a + 3] - end;
        }
        return offset + shift;
    }

    /**
     * A plain integer: 1–18 ASCII digits, with a whitespace, bracket, comma, colon or operator
     * character (or the text's edge) on both sides. Every parser reads such a token as one integer
     * literal whatever its digits; nothing else is replaced.
     */
    static boolean plainInteger(String masked, PgLexer.Token t) {
        int length = t.end() - t.start();
        if (length < 1 || length > 18) {
            return false;
        }
        for (int i = t.start(); i < t.end(); i++) {
            if (!PgLexer.isDigit(masked.charAt(i))) {
                return false;
            }
        }
        return boundary(masked, t.start() - 1) && boundary(masked, t.end());
    }

    private static boolean boundary(String s, int i) {
        if (i < 0 || i >= s.length()) {
            return true;
        }
        char c = s.charAt(i);
        return PgLexer.isSpace(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == ',' || c == ':'
                || PgLexer.isOperatorChar(c);
    }

    @Override
    public String toString() {
        return "ParserInput[<redacted>, " + ordinals.length + " integers]";
    }
}
