package dev.relay.policy;

import dev.relay.policy.internal.TableRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The policy of one resource: which operations it allows, how many rows a query may return, the
 * table and function rules. Immutable; built with {@link #builder(String, String)}, which checks
 * everything and reports every problem at once in a {@link PolicyConfigException}.
 *
 * <pre>{@code
 * ResourcePolicy pg = ResourcePolicy.builder("main-pg", "postgres")
 *         .allowedOperations(Set.of(Operation.QUERY, Operation.EXPLAIN))
 *         .maxRowsPerQuery(500)
 *         .tablesDeny(List.of("*.secrets", "pg_catalog.pg_authid"))
 *         .build();
 * }</pre>
 */
public final class ResourcePolicy {

    /** Resource type served by the PostgreSQL validator. */
    public static final String TYPE_POSTGRES = "postgres";
    /** Resource type served by the MongoDB validator. */
    public static final String TYPE_MONGODB = "mongodb";

    public static final int DEFAULT_MAX_ROWS = 1000;
    /** The largest {@code maxRowsPerQuery} accepted. */
    public static final int MAX_MAX_ROWS = 1_000_000;
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_QUERY_LENGTH = 100_000;
    /** The largest {@code maxQueryLength} accepted. */
    public static final int MAX_MAX_QUERY_LENGTH = 1_000_000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_\\-]{0,31}");
    private static final Pattern FUNCTION = Pattern.compile("([a-z_][a-z0-9_$]*\\.)?[a-z_][a-z0-9_$]*");

    private final String id;
    private final String type;
    private final Set<Operation> allowedOperations;
    private final int maxRowsPerQuery;
    private final Duration statementTimeout;
    private final List<String> tablesAllow;
    private final List<String> tablesDeny;
    private final FunctionPolicy functionPolicy;
    private final Set<String> blockedFunctions;
    private final Set<String> allowedFunctions;
    private final boolean allowServerSideJavaScript;
    private final int maxQueryLength;
    private final TableRules tableRules;

    private ResourcePolicy(Builder b) {
        this.id = b.id;
        this.type = b.type;
        this.allowedOperations = Set.copyOf(b.allowedOperations);
        this.maxRowsPerQuery = b.maxRowsPerQuery;
        this.statementTimeout = b.statementTimeout;
        this.tablesAllow = List.copyOf(b.tablesAllow);
        this.tablesDeny = List.copyOf(b.tablesDeny);
        this.functionPolicy = b.functionPolicy;
        this.blockedFunctions = normalise(b.blockedFunctions);
        this.allowedFunctions = normalise(b.allowedFunctions);
        this.allowServerSideJavaScript = b.allowServerSideJavaScript;
        this.maxQueryLength = b.maxQueryLength;
        this.tableRules = TableRules.of(tablesAllow, tablesDeny, TYPE_POSTGRES.equals(type) ? "public" : null);
    }

    /** Starts a policy for resource {@code id} of {@code type} ({@code postgres}, {@code mongodb} or a third-party type). */
    public static Builder builder(String id, String type) {
        return new Builder(id, type);
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public Set<Operation> allowedOperations() {
        return allowedOperations;
    }

    public int maxRowsPerQuery() {
        return maxRowsPerQuery;
    }

    public Duration statementTimeout() {
        return statementTimeout;
    }

    public List<String> tablesAllow() {
        return tablesAllow;
    }

    public List<String> tablesDeny() {
        return tablesDeny;
    }

    public FunctionPolicy functionPolicy() {
        return functionPolicy;
    }

    public Set<String> blockedFunctions() {
        return blockedFunctions;
    }

    public Set<String> allowedFunctions() {
        return allowedFunctions;
    }

    public boolean allowServerSideJavaScript() {
        return allowServerSideJavaScript;
    }

    public int maxQueryLength() {
        return maxQueryLength;
    }

    /** Whether the table rules permit {@code schema.table} (or {@code database.collection}, or a bare name). */
    public boolean permitsTable(String qualifiedName) {
        return tableRules.permitsQualified(qualifiedName);
    }

    TableRules tableRules() {
        return tableRules;
    }

    @Override
    public String toString() {
        return "ResourcePolicy[id=" + id + ", type=" + type + ", allowedOperations=" + allowedOperations
                + ", maxRowsPerQuery=" + maxRowsPerQuery + ", functionPolicy=" + functionPolicy + "]";
    }

    private static Set<String> normalise(Set<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            out.add(n.trim().toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(out);
    }

    /** Builds a {@link ResourcePolicy}; not thread-safe. */
    public static final class Builder {
        private final String id;
        private final String type;
        private Set<Operation> allowedOperations = EnumSet.of(Operation.QUERY, Operation.LIST_TABLES,
                Operation.DESCRIBE_TABLE, Operation.EXPLAIN);
        private int maxRowsPerQuery = DEFAULT_MAX_ROWS;
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
        private List<String> tablesAllow = List.of();
        private List<String> tablesDeny = List.of();
        private FunctionPolicy functionPolicy = FunctionPolicy.DENYLIST;
        private Set<String> blockedFunctions = Set.of();
        private Set<String> allowedFunctions = Set.of();
        private boolean allowServerSideJavaScript;
        private int maxQueryLength = DEFAULT_MAX_QUERY_LENGTH;

        private Builder(String id, String type) {
            this.id = Objects.requireNonNull(id, "id");
            this.type = Objects.requireNonNull(type, "type");
        }

        /** Operations the control plane may ask for; default all four. */
        public Builder allowedOperations(Set<Operation> operations) {
            this.allowedOperations = EnumSet.noneOf(Operation.class);
            this.allowedOperations.addAll(Objects.requireNonNull(operations, "operations"));
            return this;
        }

        /** The most rows a query returns (default 1000); larger results are clamped, never rejected. */
        public Builder maxRowsPerQuery(int maxRows) {
            this.maxRowsPerQuery = maxRows;
            return this;
        }

        /** How long a statement may run on the database (default 30 s); enforced by the connector. */
        public Builder statementTimeout(Duration timeout) {
            this.statementTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** {@code tables.allow}: schema-qualified globs; when non-empty only matching tables may be read. */
        public Builder tablesAllow(List<String> globs) {
            this.tablesAllow = List.copyOf(globs);
            return this;
        }

        /** {@code tables.deny}: schema-qualified globs of tables no query may read; wins over allow. */
        public Builder tablesDeny(List<String> globs) {
            this.tablesDeny = List.copyOf(globs);
            return this;
        }

        /** {@code functionPolicy}: DENYLIST (default) or ALLOWLIST. */
        public Builder functionPolicy(FunctionPolicy policy) {
            this.functionPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Extra functions to block on top of the built-in families. */
        public Builder blockedFunctions(Set<String> names) {
            this.blockedFunctions = Set.copyOf(names);
            return this;
        }

        /** Extra functions to allow: in ALLOWLIST mode added to the catalog; in DENYLIST mode exempted from the built-in families. */
        public Builder allowedFunctions(Set<String> names) {
            this.allowedFunctions = Set.copyOf(names);
            return this;
        }

        /** MongoDB: allow {@code $where}, {@code $function}, {@code $accumulator} (default false). */
        public Builder allowServerSideJavaScript(boolean allow) {
            this.allowServerSideJavaScript = allow;
            return this;
        }

        /** The longest query text accepted (default 100,000 characters). */
        public Builder maxQueryLength(int length) {
            this.maxQueryLength = length;
            return this;
        }

        /** Checks everything and freezes the policy; throws {@link PolicyConfigException} listing every problem. */
        public ResourcePolicy build() {
            List<String> problems = new ArrayList<>();
            if (!ID.matcher(id).matches()) {
                problems.add("id: must be 1-64 characters of letters, digits, '_', '-' or '.', starting with a letter or digit");
            }
            if (!TYPE.matcher(type).matches()) {
                problems.add("type: must be a lower-case name such as 'postgres' or 'mongodb'");
            }
            if (maxRowsPerQuery < 1 || maxRowsPerQuery > MAX_MAX_ROWS) {
                problems.add("maxRowsPerQuery: must be between 1 and " + MAX_MAX_ROWS + " (got " + maxRowsPerQuery + ")");
            }
            if (statementTimeout.isNegative() || statementTimeout.isZero()) {
                problems.add("statementTimeout: must be positive");
            } else if (statementTimeout.compareTo(Duration.ofHours(1)) > 0) {
                problems.add("statementTimeout: must be at most 1h");
            }
            if (maxQueryLength < 16 || maxQueryLength > MAX_MAX_QUERY_LENGTH) {
                problems.add("maxQueryLength: must be between 16 and " + MAX_MAX_QUERY_LENGTH + " (got " + maxQueryLength + ")");
            }
            checkGlobs("tables.allow", tablesAllow, problems);
            checkGlobs("tables.deny", tablesDeny, problems);
            checkFunctions("blockedFunctions", blockedFunctions, problems);
            checkFunctions("allowedFunctions", allowedFunctions, problems);
            boolean sql = TYPE_POSTGRES.equals(type);
            if (!sql && (functionPolicy != FunctionPolicy.DENYLIST || !blockedFunctions.isEmpty() || !allowedFunctions.isEmpty())) {
                problems.add("functionPolicy: only applies to postgres resources");
            }
            if (allowServerSideJavaScript && !TYPE_MONGODB.equals(type)) {
                problems.add("allowServerSideJavaScript: only applies to mongodb resources");
            }
            if (!problems.isEmpty()) {
                throw new PolicyConfigException(problems);
            }
            return new ResourcePolicy(this);
        }

        private static void checkGlobs(String key, List<String> globs, List<String> problems) {
            for (int i = 0; i < globs.size(); i++) {
                String g = globs.get(i);
                int index = i;
                if (g == null) {
                    problems.add(key + "[" + i + "]: must not be null");
                    continue;
                }
                TableRules.checkGlob(g).ifPresent(p -> problems.add(key + "[" + index + "]: " + p));
            }
        }

        private static void checkFunctions(String key, Set<String> names, List<String> problems) {
            for (String n : names) {
                if (n == null || !FUNCTION.matcher(n.trim().toLowerCase(Locale.ROOT)).matches()) {
                    problems.add(key + ": '" + (n == null ? "null" : n.replaceAll("[^A-Za-z0-9_.$]", "?"))
                            + "' is not a function name");
                }
            }
        }
    }
}
