package dev.relay.policy.internal;

import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.statement.select.Select;

/**
 * The row-limit rewrite (SPEC §4). The approved statement lets at most {@code maxRows + 1} rows
 * through, so the connector learns exactly whether more existed:
 * <ul>
 *   <li>a top-level literal {@code LIMIT n} / {@code FETCH FIRST n ROWS ONLY} with
 *       {@code n <= maxRows} is kept as written (never clamped);</li>
 *   <li>a larger literal has its number replaced by {@code maxRows + 1} in place;</li>
 *   <li>everything else (no limit, {@code LIMIT ALL}, {@code LIMIT $1}, expressions,
 *       {@code WITH TIES}, set operations without a limit, {@code VALUES}, {@code TABLE}) is
 *       wrapped: {@code SELECT * FROM (<query>) AS relay_q LIMIT maxRows+1}, which keeps the
 *       inner LIMIT/OFFSET/ORDER BY semantics.</li>
 * </ul>
 * The rewrite works on the lexer's canonical text, never on JSqlParser's re-printing of the AST,
 * so PostgreSQL runs exactly the text that was validated.
 */
final class RowLimit {

    record Rewrite(String sql, boolean clamped) {
    }

    private RowLimit() {
    }

    static Rewrite rewrite(PgLexer.Result lexed, Select select, int maxRows) {
        String sql = lexed.canonical().strip();
        long cap = (long) maxRows + 1;
        Long literal = SqlValidator.literalRowCount(select.getLimit(), select.getFetch());
        if (literal != null && select.getLimitBy() == null) {
            if (literal <= maxRows) {
                return new Rewrite(sql, false);
            }
            PgLexer.Token number = topLevelLimitNumber(lexed, literal);
            if (number != null) {
                String c = lexed.canonical();
                String replaced = c.substring(0, number.start()) + cap + c.substring(number.end());
                return new Rewrite(replaced.strip(), true);
            }
        }
        return new Rewrite("SELECT * FROM (\n" + sql + "\n) AS relay_q LIMIT " + cap, true);
    }

    /** The number token of the single depth-0 {@code LIMIT n} or {@code FETCH FIRST|NEXT n}, if unambiguous. */
    private static PgLexer.@org.jspecify.annotations.Nullable Token topLevelLimitNumber(PgLexer.Result lexed, long value) {
        List<PgLexer.Token> tokens = lexed.tokens();
        PgLexer.@org.jspecify.annotations.Nullable Token found = null;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            PgLexer.Token t = tokens.get(i);
            if (t.depth() != 0 || t.kind() != PgLexer.Kind.WORD) {
                continue;
            }
            String w = lexed.text(t).toLowerCase(Locale.ROOT);
            PgLexer.@org.jspecify.annotations.Nullable Token candidate = null;
            if (w.equals("limit")) {
                candidate = tokens.get(i + 1);
            } else if (w.equals("fetch") && i + 2 < tokens.size()) {
                String next = lexed.text(tokens.get(i + 1)).toLowerCase(Locale.ROOT);
                if (next.equals("first") || next.equals("next")) {
                    candidate = tokens.get(i + 2);
                }
            }
            if (candidate == null) {
                continue;
            }
            if (candidate.kind() != PgLexer.Kind.NUMBER || candidate.depth() != 0) {
                return null;
            }
            String digits = lexed.text(candidate);
            if (!digits.matches("[0-9]{1,18}") || Long.parseLong(digits) != value || found != null) {
                return null;
            }
            found = candidate;
        }
        return found;
    }
}
