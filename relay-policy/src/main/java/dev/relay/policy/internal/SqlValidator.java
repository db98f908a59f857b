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
import net.sf.jsqlparser.expression.RowGetExpression;
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
 * The PostgreSQL validator: lexes with {@link PgLexer}, parses the {@link ParserInput} (literals
 * emptied, plain integers numbered) with {@link BoundedParser}, walks every node of JSqlParser's
 * AST, and plans the row-limit rewrite, which it applies to the query's own text. Thread-safe and stateless apart from its rules.
 */
public final class SqlValidator {

    /** What the validator enforces. */
    public record Rules(boolean allowlistMode, Set<String> extraBlocked, Set<String> extraAllowed, TableRules tables,
            int maxRows, int maxQueryLength, int maxNestingDepth, Duration parseTimeout) {
    }

    /** The validator's verdict. */
    public sealed interface Result permits Ok, Blocked, Invalid, Unchecked {
    }

    /**
     * Approved: the SQL to run (rewritten for the row cap) and how many {@code $n} parameters it
     * takes. {@code template} approves every query with the same {@link ParserInput} (see
     * {@link #approve}).
     */
    public record Ok(String sql, boolean clampedByRewrite, int parameterCount, Template template) implements Result {
        @Override
        public String toString() {
            return "Ok[<sql redacted>, clampedByRewrite=" + clampedByRewrite + "]";
        }
    }

    /**
     * What an approval depends on besides the query's own text: how to apply the row cap and the
     * parameter count. Holds no text and no literal.
     */
    public record Template(RowLimit.Plan rowLimit, int parameterCount, boolean explain) {
    }

    /**
     * Approvals shared between queries with the same {@link ParserInput#text() parser input}; the
     * engine's cache. Only approvals are shared: a rejection's detail may quote a position or a
     * token of the text it was about.
     */
    public interface SharedApprovals {
        /** The template approved for this parser input, or null. */
        @Nullable Template get(String parserInput, boolean explain);

        void put(String parserInput, boolean explain, Template template);
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

    private final Rules rules;
    private final BoundedParser parser;

    public SqlValidator(Rules rules, BoundedParser parser) {
        this.rules = rules;
        this.parser = parser;
    }

    /** Validates {@code sql}; for {@code explain} the approved statement is {@code EXPLAIN (FORMAT JSON) ...}. */
    public Result validate(String sql, boolean explain) {
        return validate(sql, explain, null);
    }

    /**
     * As {@link #validate(String, boolean)}, first looking the query's {@link ParserInput} up in
     * {@code shared}: a query whose parser input was approved before is approved without parsing,
     * with its own text ({@link #approve}); a new approval is added to {@code shared}.
     */
    public Result validate(String sql, boolean explain, @Nullable SharedApprovals shared) {
        if (sql.length() > rules.maxQueryLength()) {
            return new Blocked("query is longer than maxQueryLength (" + rules.maxQueryLength() + " characters)");
        }
        PgLexer.Result lexed = PgLexer.lex(sql);
        Result lexical = lexicalChecks(lexed);
        if (lexical != null) {
            return lexical;
        }
        ParserInput input = ParserInput.of(lexed);
        Template template = shared == null ? null : shared.get(input.text(), explain);
        if (template != null) {
            return approve(lexed, input, template);
        }
        Result result = check(lexed, input, explain);
        if (shared != null && result instanceof Ok ok) {
            shared.put(input.text(), explain, ok.template());
        }
        return result;
    }

    /** The checks the lexer's output alone decides; null when the query is to be parsed. */
    private @Nullable Result lexicalChecks(PgLexer.Result lexed) {
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
        return null;
    }

    /** Parses the parser input, walks the tree and plans the row limit. */
    private Result check(PgLexer.Result lexed, ParserInput input, boolean explain) {
        int depth = Math.max(lexed.maxDepth(), lexed.maxCaseDepth());
        BoundedParser.Outcome outcome = parser.parse(input.text(), rules.parseTimeout(), COMPLEX_RETRY_MAX_DEPTH, depth);
        Statements statements = outcome.statements();
        if (statements == null) {
            String failure = outcome.failure() == null ? "query could not be parsed"
                    : positionsInCanonicalText(outcome.failure(), input, lexed.canonical());
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
        for (PgLexer.Token t : lexed.tokens()) {
            if (t.kind() == PgLexer.Kind.PARAM) {
                try {
                    parameterCount = Math.max(parameterCount, Integer.parseInt(lexed.text(t).substring(1)));
                } catch (NumberFormatException e) {
                    return new Invalid("parameter number out of range");
                }
            }
        }
        return approve(lexed, input, new Template(RowLimit.plan(lexed, input, select), parameterCount, explain));
    }

    /**
     * Approves a query under a template: its own canonical text, with the row cap applied as the
     * template plans it. Call only with a template from {@link Ok#template()} of a query with the
     * same {@link ParserInput}, or from {@link #check}.
     */
    private Ok approve(PgLexer.Result lexed, ParserInput input, Template template) {
        RowLimit.Rewrite rewrite = RowLimit.apply(template.rowLimit(), lexed, input, rules.maxRows());
        String approved = template.explain() ? "EXPLAIN (FORMAT JSON) " + rewrite.sql() : rewrite.sql();
        return new Ok(approved, rewrite.clamped(), template.parameterCount(), template);
    }

    private static final java.util.regex.Pattern POSITION = java.util.regex.Pattern.compile(" at line (\\d{1,9}), column (\\d{1,9})");

    /**
     * JSqlParser reports positions in the parser input, whose literals are shorter than the
     * query's: the position is moved to the same place in the canonical text (which keeps the
     * query's own lines and columns, comments aside).
     */
    static String positionsInCanonicalText(String failure, ParserInput input, String canonical) {
        java.util.regex.Matcher m = POSITION.matcher(failure);
        if (!m.find()) {
            return failure;
        }
        int offset = offsetOf(input.text(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (offset < 0) {
            return failure.substring(0, m.start()) + failure.substring(m.end());
        }
        int target = Math.min(input.canonicalOffset(offset), canonical.length());
        int line = 1;
        int column = 1;
        for (int i = 0; i < target; i++) {
            char c = canonical.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= canonical.length() || canonical.charAt(i + 1) != '\n'))) {
                line++;
                column = 1;
            } else if (c != '\r') {
                column++;
            }
        }
        return failure.substring(0, m.start()) + " at line " + line + ", column " + column + failure.substring(m.end());
    }

    /** The offset of a 1-based line and column in {@code text} (JavaCC counts \r, \n and \r\n as one break), or -1. */
    private static int offsetOf(String text, int line, int column) {
        int l = 1;
        int i = 0;
        while (l < line && i < text.length()) {
            char c = text.charAt(i++);
            if (c == '\n' || (c == '\r' && !(i < text.length() && text.charAt(i) == '\n'))) {
                l++;
            }
        }
        int offset = i + column - 1;
        return l == line && offset >= 0 && offset <= text.length() ? offset : -1;
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

    /** PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated to this many bytes. */
    static final int MAX_IDENTIFIER_BYTES = 63;

    /**
     * Normalises an identifier as PostgreSQL resolves it: quoted keeps case, unquoted folds to
     * lower; then truncated to 63 UTF-8 bytes (whole characters), as PostgreSQL's lexer truncates
     * it, so {@code secrets_...x} longer than 63 bytes is checked as the table PostgreSQL reads.
     */
    static String identifier(@Nullable String raw) {
        if (raw == null) {
            return "";
        }
        String s = raw.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return truncate(s.substring(1, s.length() - 1).replace("\"\"", "\""));
        }
        return truncate(s.toLowerCase(Locale.ROOT));
    }

    private static String truncate(String name) {
        if (name.length() * 3 <= MAX_IDENTIFIER_BYTES) {
            return name;
        }
        int bytes = 0;
        int i = 0;
        while (i < name.length()) {
            int cp = name.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_IDENTIFIER_BYTES) {
                return name.substring(0, i);
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return name;
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
            if (node instanceof Map.Entry<?, ?> e) {
                // JsonExpression keeps the operands of -> ->> #> #>> as entries of a list: '{}'::jsonb
                // -> pg_read_file(...) hid the call from a walk that skipped them
                push(e.getKey(), ctes);
                push(e.getValue(), ctes);
                return;
            }
            Class<?> type = node.getClass();
            if (type.getName().startsWith("net.sf.jsqlparser.parser.") || type.isEnum()) {
                return; // the parser's own nodes and tokens (the tree's source positions), constants
            }
            if (!type.getName().startsWith("net.sf.jsqlparser.")) {
                if (!isLeaf(node)) {
                    // a container this walk does not know could hold an expression: fail closed
                    internalError |= problem == null;
                    fail("internal error while checking the query (unexpected " + type.getSimpleName() + " in the syntax tree)");
                }
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
            } else if (node instanceof RowGetExpression r) {
                // PostgreSQL's attribute notation: (expr).f is f(expr) when expr has no field f, so
                // ('/etc/passwd'::text).pg_read_file is a call; checked as one
                checkFunction(List.of(r.getColumnName()));
            } else if (node instanceof Column || node instanceof AllTableColumns) {
                // the Table inside a column reference is a qualifier (alias or table name), not a table read
                skip = Set.of("table");
                if (node instanceof Column c && c.getTable() != null && c.getTable().getName() != null) {
                    // t.f is f(t) when t has no column f: a blocked name is never read as a column
                    checkBlockedName(c.getColumnName(), "called with attribute notation");
                }
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

        /** Values that hold no expression: text, numbers, flags, dates, enum constants. */
        private static boolean isLeaf(Object node) {
            return node instanceof CharSequence || node instanceof Number || node instanceof Boolean
                    || node instanceof Character || node instanceof Enum<?> || node instanceof java.util.Date
                    || node instanceof java.time.temporal.TemporalAccessor || node instanceof Class<?>
                    || node.getClass().isEnum() || node instanceof java.util.EnumSet<?>;
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

        /** The blocked-function check alone (both modes): for names that may be a call or a column. */
        private void checkBlockedName(@Nullable String raw, String how) {
            String name = functionName(raw);
            if (name.isEmpty() || rules.extraAllowed().contains(name)) {
                return;
            }
            if (rules.extraBlocked().contains(name)) {
                fail("blocked function: " + name + " (blocked by this resource's policy; " + how + ")");
                return;
            }
            FunctionCatalog.blockedFamily(name).ifPresent(f -> fail("blocked function: " + name + " (" + f.label() + "; " + how + ")"));
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
            return limit.getRowCount() instanceof LongValue lv ? longValue(lv) : null;
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
            return fetch.getExpression() instanceof LongValue lv ? longValue(lv) : null;
        }
        return null;
    }

    /** A literal's value; null (the limit is wrapped) when it does not fit a long. */
    private static @Nullable Long longValue(LongValue value) {
        try {
            return value.getValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
