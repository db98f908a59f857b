package dev.relay.policy.internal;

import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.Select;

/**
 * The row-limit rewrite (SPEC §4). The approved statement lets at most {@code maxRows + 1} rows
 * through, so the connector learns exactly whether more existed:
 * <ul>
 *   <li>a top-level literal {@code LIMIT n} / {@code FETCH FIRST n ROWS ONLY} with
 *       {@code n <= maxRows} is kept as written (never clamped), as is {@code FETCH FIRST ROW ONLY};</li>
 *   <li>a larger literal has its number replaced by {@code maxRows + 1} in place;</li>
 *   <li>everything else (no limit, {@code LIMIT ALL}, {@code LIMIT $1}, expressions,
 *       {@code WITH TIES}, set operations without a limit, {@code VALUES}, {@code TABLE}, a limit
 *       whose number is not one unambiguous top-level token) is wrapped:
 *       {@code SELECT * FROM (<query>) AS relay_q LIMIT maxRows+1}, which keeps the inner
 *       LIMIT/OFFSET/ORDER BY semantics.</li>
 * </ul>
 * Two steps. {@link #plan} decides, from the syntax tree of the {@link ParserInput}, which of the
 * three applies and which token holds the limit's number; it depends only on the parser input, so
 * a shared verdict carries it. {@link #apply} then reads that token's value from the query's own
 * text and edits the lexer's canonical text, never JSqlParser's re-printing of the AST, so
 * PostgreSQL runs exactly the text that was validated.
 */
final class RowLimit {

    /** What the rewrite does; {@code token} is the limit number's lexer token index for {@link Kind#LITERAL}. */
    record Plan(Kind kind, int token) {
        static final Plan KEEP = new Plan(Kind.KEEP, -1);
        static final Plan WRAP = new Plan(Kind.WRAP, -1);
    }

    enum Kind {
        /** Keep the text: its limit never exceeds the cap. */
        KEEP,
        /** Wrap the text in an outer {@code LIMIT}. */
        WRAP,
        /** Keep or clamp depending on the value of the token at {@link Plan#token}. */
        LITERAL
    }

    record Rewrite(String sql, boolean clamped) {
    }

    private static final String WRAP_ALIAS = "relay_q";

    private RowLimit() {
    }

    static Plan plan(PgLexer.Result lexed, ParserInput input, Select select) {
        if (select.getLimitBy() != null) {
            return Plan.WRAP;
        }
        Fetch fetch = select.getLimit() == null ? select.getFetch() : null;
        if (fetch != null && fetch.getExpression() == null && !withTies(fetch)) {
            return Plan.KEEP; // FETCH FIRST ROW ONLY: one row
        }
        Long literal = SqlValidator.literalRowCount(select.getLimit(), select.getFetch());
        if (literal == null) {
            return Plan.WRAP;
        }
        int token = topLevelLimitNumber(lexed, input, literal);
        return token < 0 ? Plan.WRAP : new Plan(Kind.LITERAL, token);
    }

    static Rewrite apply(Plan plan, PgLexer.Result lexed, int maxRows) {
        String sql = lexed.canonical().strip();
        long cap = (long) maxRows + 1;
        switch (plan.kind()) {
            case KEEP:
                return new Rewrite(sql, false);
            case LITERAL: {
                PgLexer.Token number = lexed.tokens().get(plan.token());
                String digits = lexed.text(number);
                if (digits.matches("[0-9]{1,18}")) {
                    if (Long.parseLong(digits) <= maxRows) {
                        return new Rewrite(sql, false);
                    }
                    String c = lexed.canonical();
                    return new Rewrite((c.substring(0, number.start()) + cap + c.substring(number.end())).strip(), true);
                }
                break; // cannot happen (the plan only names a plain integer token); wrapping is always safe
            }
            default:
                break;
        }
        return new Rewrite("SELECT * FROM (\n" + sql + "\n) AS " + WRAP_ALIAS + " LIMIT " + cap, true);
    }

    private static boolean withTies(Fetch fetch) {
        for (String p : fetch.getFetchParameters()) {
            if (p.toUpperCase(Locale.ROOT).contains("TIES")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The token index of the single depth-0 {@code LIMIT n} or {@code FETCH FIRST|NEXT n}, when
     * that token is a plain integer whose parser-input value is the tree's literal; -1 otherwise.
     */
    private static int topLevelLimitNumber(PgLexer.Result lexed, ParserInput input, long value) {
        List<PgLexer.Token> tokens = lexed.tokens();
        int found = -1;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            PgLexer.Token t = tokens.get(i);
            if (t.depth() != 0 || t.kind() != PgLexer.Kind.WORD) {
                continue;
            }
            String w = lexed.text(t).toLowerCase(Locale.ROOT);
            int candidate = -1;
            if (w.equals("limit")) {
                candidate = i + 1;
            } else if (w.equals("fetch") && i + 2 < tokens.size()) {
                String next = lexed.text(tokens.get(i + 1)).toLowerCase(Locale.ROOT);
                if (next.equals("first") || next.equals("next")) {
                    candidate = i + 2;
                }
            }
            if (candidate < 0) {
                continue;
            }
            PgLexer.Token c = tokens.get(candidate);
            if (c.kind() != PgLexer.Kind.NUMBER || c.depth() != 0 || found >= 0) {
                return -1;
            }
            // the value the parser saw for this token: its ordinal if it was replaced, else its digits
            String digits = lexed.text(c);
            if (!digits.matches("[0-9]{1,18}")) {
                return -1;
            }
            long ordinal = input.ordinalOf(candidate);
            long seen = ordinal > 0 ? ordinal : Long.parseLong(digits);
            if (seen != value) {
                return -1;
            }
            found = candidate;
        }
        return found;
    }
}
