package dev.relay.policy.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.RowConstructor;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL validator: lexes with {@link PgLexer}, parses the literal-blanked text with
 * {@link BoundedParser}, walks every node of JSqlParser's AST, and computes the row-limit
 * rewrite. Thread-safe and stateless apart from its rules.
 */
public final class SqlValidator {

    /** What the validator enforces. */
    public record Rules(boolean allowlistMode, Set<String> extraBlocked, Set<String> extraAllowed, TableRules tables,
            int maxRows, int maxQueryLength, int maxNestingDepth, Duration parseTimeout) {
    }

    /** The validator's verdict. */
    public sealed interface Result permits Ok, Blocked, Invalid, Unchecked {
    }

    /** Approved: the SQL to run (rewritten for the row cap) and how many {@code $n} parameters it takes. */
    public record Ok(String sql, boolean clampedByRewrite, int parameterCount) implements Result {
        @Override
        public String toString() {
            return "Ok[<sql redacted>, clampedByRewrite=" + clampedByRewrite + "]";
        }
    }

    /** Rejected as unsafe ({@code QUERY_BLOCKED}); the detail names what was blocked. */
    public record Blocked(String detail) implements Result {
    }

    /** Rejected as malformed ({@code INVALID_INPUT}). */
    public record Invalid(String detail) implements Result {
    }

    /**
     * Rejected because the query could not be checked this time (parse deadline, busy parser
     * pool, interruption, internal error): fail closed ({@code QUERY_BLOCKED}), but this is not a
     * verdict about the text, so it must never be cached.
     */
    public record Unchecked(String detail) implements Result {
    }

    /** Statement shapes a query may start with. */
    private static final Set<String> READ_ONLY_STARTS = Set.of("select", "with", "values", "table");

    /** JSqlParser's complex mode is exponential on nesting; only retry with it below this depth. */
    private static final int COMPLEX_RETRY_MAX_DEPTH = 10;

    private static final String WRAP_ALIAS = "relay_q";

    private final Rules rules;
    private final BoundedParser parser;

    public SqlValidator(Rules rules, BoundedParser parser) {
        this.rules = rules;
        this.parser = parser;
    }

    /** Validates {@code sql}; for {@code explain} the approved statement is {@code EXPLAIN (FORMAT JSON) ...}. */
    public Result validate(String sql, boolean explain) {
        if (sql.length() > rules.maxQueryLength()) {
            return new Blocked("query is longer than maxQueryLength (" + rules.maxQueryLength() + " characters)");
        }
        PgLexer.Result lexed = PgLexer.lex(sql);
        if (lexed.problem() != null) {
            return new Blocked("query rejected by the lexer: " + lexed.problem());
        }
        List<PgLexer.Token> tokens = lexed.tokens();
        if (tokens.isEmpty()) {
            return new Invalid("query is empty");
        }
        for (PgLexer.Token t : tokens) {
            if (t.kind() == PgLexer.Kind.SEMICOLON) {
                return new Blocked("multiple statements: a semicolon is only allowed inside literals, quoted identifiers and comments");
            }
        }
        PgLexer.Token first = tokens.get(0);
        if (first.kind() == PgLexer.Kind.WORD) {
            String word = lexed.text(first).toLowerCase(Locale.ROOT);
            if (!READ_ONLY_STARTS.contains(word)) {
                return new Blocked("Statement contains blocked keyword: " + keyword(word));
            }
        } else if (first.kind() != PgLexer.Kind.LPAREN) {
            return new Blocked("query must start with SELECT, WITH, VALUES, TABLE or an opening parenthesis");
        }
        if (lexed.maxDepth() > rules.maxNestingDepth()) {
            return new Blocked("query nests parentheses " + lexed.maxDepth() + " deep (limit " + rules.maxNestingDepth() + ")");
        }
        if (lexed.maxCaseDepth() > rules.maxNestingDepth()) {
            return new Blocked("query nests CASE " + lexed.maxCaseDepth() + " deep (limit " + rules.maxNestingDepth() + ")");
        }
        int depth = Math.max(lexed.maxDepth(), lexed.maxCaseDepth());
        BoundedParser.Outcome outcome = parser.parse(lexed.masked(), rules.parseTimeout(), COMPLEX_RETRY_MAX_DEPTH, depth);
        Statements statements = outcome.statements();
        if (statements == null) {
            String failure = outcome.failure() == null ? "query could not be parsed" : outcome.failure();
            return outcome.verdict() ? new Blocked(failure) : new Unchecked(failure);
        }
        if (statements.size() != 1) {
            return new Blocked("multiple statements are not allowed");
        }
        Statement statement = statements.get(0);
        if (!(statement instanceof Select select)) {
            return new Blocked("Statement contains blocked keyword: " + keywordOf(statement));
        }
        Walk walk = new Walk();
        String problem = walk.run(select);
        if (problem != null) {
            return walk.internalError ? new Unchecked(problem) : new Blocked(problem);
        }
        int parameterCount = 0;
        for (PgLexer.Token t : tokens) {
            if (t.kind() == PgLexer.Kind.PARAM) {
                try {
                    parameterCount = Math.max(parameterCount, Integer.parseInt(lexed.text(t).substring(1)));
                } catch (NumberFormatException e) {
                    return new Invalid("parameter number out of range");
                }
            }
        }
        RowLimit.Rewrite rewrite = RowLimit.rewrite(lexed, select, rules.maxRows());
        String approved = rewrite.sql();
        if (explain) {
            approved = "EXPLAIN (FORMAT JSON) " + approved;
        }
        return new Ok(approved, rewrite.clamped(), parameterCount);
    }

    static String keyword(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        return upper.matches("[A-Z_]{1,30}") ? upper : "(unknown statement)";
    }

    static String keywordOf(Object statement) {
        String name = statement.getClass().getSimpleName();
        if (name.startsWith("Parenthesed")) {
            name = name.substring("Parenthesed".length());
        }
        if (name.endsWith("Statement") && name.length() > "Statement".length()) {
            name = name.substring(0, name.length() - "Statement".length());
        }
        // CreateTable -> CREATE, AlterSequence -> ALTER, Insert -> INSERT
        int cut = 1;
        while (cut < name.length() && !Character.isUpperCase(name.charAt(cut))) {
            cut++;
        }
        return name.substring(0, cut).toUpperCase(Locale.ROOT);
    }

    /** Normalises an identifier as PostgreSQL resolves it: quoted keeps case, unquoted folds to lower. */
    static String identifier(@Nullable String raw) {
        if (raw == null) {
            return "";
        }
        String s = raw.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\"\"", "\"");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** A function name for the block/allow lists: unquoted and lower case whatever the quoting. */
    static String functionName(@Nullable String raw) {
        return identifier(raw).toLowerCase(Locale.ROOT);
    }

    /**
     * One walk over one query's AST: every field of every JSqlParser node, reached through an
     * explicit work stack (deep expression trees such as long OR chains cannot overflow the
     * thread's stack). CTE names are scoped as PostgreSQL scopes them.
     */
    private final class Walk {
        private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        private final ArrayDeque<Object> nodes = new ArrayDeque<>();
        private final ArrayDeque<Set<String>> scopes = new ArrayDeque<>();
        private @Nullable String problem;
        private boolean internalError;

        @Nullable String run(Select root) {
            push(root, Set.of());
            while (!nodes.isEmpty() && problem == null) {
                visit(nodes.pop(), scopes.pop());
            }
            return problem;
        }

        private void push(@Nullable Object node, Set<String> scope) {
            if (node != null) {
                nodes.push(node);
                scopes.push(scope);
            }
        }

        private void visit(Object node, Set<String> ctes) {
            if (node instanceof Collection<?> c) {
                for (Object o : c) {
                    push(o, ctes);
                }
                return;
            }
            if (node instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    push(e.getKey(), ctes);
                    push(e.getValue(), ctes);
                }
                return;
            }
            if (node instanceof Object[] a) {
                for (Object o : a) {
                    push(o, ctes);
                }
                return;
            }
            Class<?> type = node.getClass();
            if (!type.getName().startsWith("net.sf.jsqlparser.") || type.getName().startsWith("net.sf.jsqlparser.parser.")
                    || type.isEnum()) {
                return;
            }
            if (seen.put(node, Boolean.TRUE) != null) {
                return;
            }
            Set<String> scope = ctes;
            Set<String> skip = Set.of();
            if (node instanceof Statement && !(node instanceof Select)) {
                fail("Statement contains blocked keyword: " + keywordOf(node));
                return;
            }
            if (node instanceof Select select) {
                checkSelect(select);
                List<WithItem<?>> with = select.getWithItemsList();
                if (with != null && !with.isEmpty()) {
                    scope = visitWith(with, ctes);
                    skip = Set.of("withItemsList");
                }
            } else if (node instanceof Function f) {
                checkFunction(f.getMultipartName());
            } else if (node instanceof AnalyticExpression a) {
                checkFunction(List.of(a.getName()));
            } else if (node instanceof RowConstructor<?> r && r.getName() != null && !r.getName().equalsIgnoreCase("row")) {
                checkFunction(List.of(r.getName()));
            } else if (node instanceof NextValExpression) {
                fail("blocked function: nextval (" + FunctionCatalog.Family.SEQUENCE.label() + ")");
            } else if (node instanceof Table t) {
                checkTable(t, ctes);
            } else if (node instanceof Column || node instanceof AllTableColumns) {
                // the Table inside a column reference is a qualifier (alias or table name), not a table read
                skip = Set.of("table");
            }
            if (problem != null) {
                return;
            }
            for (Field f : FIELDS.get(type)) {
                if (skip.contains(f.getName())) {
                    continue;
                }
                try {
                    push(f.get(node), scope);
                } catch (IllegalAccessException e) {
                    internalError |= problem == null;
                    fail("internal error while checking the query");
                }
            }
        }

        private Set<String> visitWith(List<WithItem<?>> with, Set<String> outer) {
            boolean recursive = false;
            Set<String> all = new HashSet<>(outer);
            for (WithItem<?> item : with) {
                recursive |= item.isRecursive();
                all.add(identifier(item.getAliasName()));
            }
            Set<String> visible = new HashSet<>(outer);
            for (WithItem<?> item : with) {
                if (!(item.getParenthesedStatement() instanceof ParenthesedSelect)) {
                    fail("data-modifying CTE: Statement contains blocked keyword: "
                            + keywordOf(item.getParenthesedStatement()));
                    return all;
                }
                push(item, recursive ? Set.copyOf(all) : Set.copyOf(visible));
                visible.add(identifier(item.getAliasName()));
            }
            return Set.copyOf(all);
        }

        private void checkSelect(Select select) {
            if (select.getForMode() != null || select.getForUpdateTable() != null || select.isNoWait()
                    || select.isSkipLocked() || select.getWait() != null) {
                String mode = select.getForMode() == null ? "UPDATE" : select.getForMode().getValue();
                fail("locking clause FOR " + mode.toUpperCase(Locale.ROOT) + " is not allowed");
            } else if (select.getForClause() != null) {
                fail("FOR XML/JSON clause is not allowed");
            } else if (select instanceof PlainSelect ps
                    && ((ps.getIntoTables() != null && !ps.getIntoTables().isEmpty()) || ps.getIntoTempTable() != null)) {
                fail("SELECT ... INTO creates a table: Statement contains blocked keyword: INTO");
            }
        }

        private void checkFunction(@Nullable List<String> parts) {
            if (parts == null || parts.isEmpty()) {
                return;
            }
            String name = functionName(parts.get(parts.size() - 1));
            String schema = parts.size() > 1 ? functionName(parts.get(parts.size() - 2)) : null;
            if (rules.extraBlocked().contains(name)) {
                fail("blocked function: " + name + " (blocked by this resource's policy)");
                return;
            }
            if (rules.allowlistMode()) {
                boolean allowed = (schema == null || schema.equals("pg_catalog"))
                        && (FunctionCatalog.inSafeCatalog(name) || rules.extraAllowed().contains(name));
                if (!allowed && !(schema != null && rules.extraAllowed().contains(schema + "." + name))) {
                    fail("function not in the allowlist: " + (schema == null ? "" : schema + ".") + name);
                }
                return;
            }
            if (rules.extraAllowed().contains(name)) {
                return;
            }
            Optional<FunctionCatalog.Family> family = FunctionCatalog.blockedFamily(name);
            family.ifPresent(f -> fail("blocked function: " + name + " (" + f.label() + ")"));
        }

        private void checkTable(Table table, Set<String> ctes) {
            String name = identifier(table.getName());
            String schema = table.getSchemaName() == null ? null : identifier(table.getSchemaName());
            if (name.isEmpty()) {
                return;
            }
            if (schema == null && ctes.contains(name)) {
                return;
            }
            if (TableRules.isCredentialCatalog(schema, name)) {
                fail("table not permitted: " + (schema == null ? name : schema + "." + name)
                        + " (holds credentials or server configuration; never readable through the relay)");
            } else if (!rules.tables().permits(schema, name)) {
                fail("table not permitted: " + (schema == null ? name : schema + "." + name));
            }
        }

        private void fail(String detail) {
            if (problem == null) {
                problem = detail;
            }
        }
    }

    /**
     * Why the validator cannot read JSqlParser's syntax trees in this JVM, or empty when it can.
     * The walk reads every node's fields by reflection (so no field is ever skipped, whatever the
     * JSqlParser version adds); on the module path JSqlParser is a named module that exports its
     * packages but opens none, so each must be opened to this module with {@code --add-opens}.
     * On the class path everything is open.
     */
    public static Optional<String> reflectiveAccessProblem() {
        Module parser = net.sf.jsqlparser.statement.Statement.class.getModule();
        Module self = SqlValidator.class.getModule();
        if (!parser.isNamed()) {
            return Optional.empty();
        }
        List<String> closed = new ArrayList<>();
        for (String pkg : new java.util.TreeSet<>(parser.getPackages())) {
            if (!parser.isOpen(pkg, self)) {
                closed.add(pkg);
            }
        }
        if (closed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("relay-policy reads JSqlParser's syntax trees by reflection, and module " + parser.getName()
                + " does not open " + closed.size() + " of its packages to " + (self.isNamed() ? self.getName() : "relay-policy")
                + ": start the JVM with --add-opens " + parser.getName() + "/<package>=" + (self.isNamed() ? self.getName() : "ALL-UNNAMED")
                + " for each of them (first: " + closed.get(0) + "; docs/connectors.md shows how to generate the list),"
                + " or run on the class path (java -jar relay.jar)");
    }

    /** Instance fields of every class in a JSqlParser node's hierarchy, made accessible once. */
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() || f.getType() == String.class) {
                        continue;
                    }
                    f.setAccessible(true);
                    fields.add(f);
                }
            }
            return fields.toArray(new Field[0]);
        }
    };

    /** Helpers shared with {@link RowLimit}. */
    static @Nullable Long literalRowCount(@Nullable Limit limit, @Nullable Fetch fetch) {
        if (limit != null) {
            if (limit.isLimitAll() || limit.isLimitNull()) {
                return null;
            }
            return limit.getRowCount() instanceof LongValue lv ? lv.getValue() : null;
        }
        if (fetch != null) {
            for (String p : fetch.getFetchParameters()) {
                if (p.toUpperCase(Locale.ROOT).contains("TIES")) {
                    return null;
                }
            }
            if (fetch.getExpression() == null) {
                return 1L;
            }
            return fetch.getExpression() instanceof LongValue lv ? lv.getValue() : null;
        }
        return null;
    }
}
