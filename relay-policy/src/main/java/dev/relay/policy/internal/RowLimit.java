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
 * three applies and which plain integer holds the limit's number, named by its <em>ordinal</em> in
 * the parser input (never by a token index: two queries with the same parser input can have
 * different token lists, since a shortened literal list hides how many literals it held). The plan
 * depends only on the parser input, so a shared verdict carries it. {@link #apply} then finds that
 * ordinal's token in the query's own tokens, checks again that it is the query's one depth-0
 * {@code LIMIT}/{@code FETCH FIRST|NEXT} number (wrapping when it is not), reads its value and
 * edits the lexer's canonical text, never JSqlParser's re-printing of the AST, so PostgreSQL runs
 * exactly the text that was validated.
 */
final class RowLimit {

    /**
     * What the rewrite does; for {@link Kind#LITERAL}, {@code ordinal} is the limit number's ordinal
     * in the {@link ParserInput} (1-based), the same in every query that shares the parser input.
     */
    record Plan(Kind kind, long ordinal) {
        static final Plan KEEP = new Plan(Kind.KEEP, -1);
        static final Plan WRAP = new Plan(Kind.WRAP, -1);
    }

    enum Kind {
        /** Keep the text: its limit never exceeds the cap. */
        KEEP,
        /** Wrap the text in an outer {@code LIMIT}. */
        WRAP,
        /** Keep or clamp depending on the value of the plain integer replaced by {@link Plan#ordinal}. */
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
        // the tree's value is the ordinal of the token it came from (a number kept as written is wrapped)
        int token = topLevelLimitNumber(lexed, input);
        return token < 0 || input.ordinalOf(token) != literal ? Plan.WRAP : new Plan(Kind.LITERAL, literal);
    }

    /**
     * Applies a plan to one query: its own canonical text, its own limit value. {@code input} is
     * that query's parser input (the one the plan was made for, or one equal to it).
     */
    static Rewrite apply(Plan plan, PgLexer.Result lexed, ParserInput input, int maxRows) {
        String sql = lexed.canonical().strip();
        long cap = (long) maxRows + 1;
        switch (plan.kind()) {
            case KEEP:
                return new Rewrite(sql, false);
            case LITERAL: {
                // fail closed: the ordinal must name this query's own single depth-0 LIMIT/FETCH number
                int index = input.tokenOfOrdinal(plan.ordinal());
                if (index < 0 || index != topLevelLimitNumber(lexed, input)) {
                    break;
                }
                PgLexer.Token number = lexed.tokens().get(index);
                String digits = lexed.text(number);
                if (digits.matches("[0-9]{1,18}")) {
                    if (Long.parseLong(digits) <= maxRows) {
                        return new Rewrite(sql, false);
                    }
                    String c = lexed.canonical();
                    return new Rewrite((c.substring(0, number.start()) + cap + c.substring(number.end())).strip(), true);
                }
                break; // cannot happen (an ordinal only replaces a plain integer); wrapping is always safe
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
     * The token index of the number of the single depth-0 {@code LIMIT n} or
     * {@code FETCH FIRST|NEXT n}, when that number is a plain integer the parser input replaced by
     * an ordinal; -1 otherwise (no such clause, more than one, or anything else after the keyword).
     */
    private static int topLevelLimitNumber(PgLexer.Result lexed, ParserInput input) {
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
            if (input.ordinalOf(candidate) < 0) {
                return -1; // kept as written (not a plain integer): the parser may have read it otherwise
            }
            found = candidate;
        }
        return found;
    }
}
