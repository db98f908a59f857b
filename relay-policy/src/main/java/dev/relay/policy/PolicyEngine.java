package dev.relay.policy;

import dev.relay.policy.internal.BoundedParser;
import dev.relay.policy.internal.MongoValidator;
import dev.relay.policy.internal.SqlValidator;
import dev.relay.policy.internal.VerdictCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Start here: decides whether a request may run and, if so, in what exact form.
 *
 * <pre>{@code
 * try (PolicyEngine engine = PolicyEngine.builder()
 *         .resource(ResourcePolicy.builder("main-pg", "postgres").maxRowsPerQuery(500).build())
 *         .build()) {
 *     Decision d = engine.evaluate(PolicyRequest.sql("main-pg", "query", "SELECT id FROM users", List.of()));
 *     if (d instanceof Decision.Allowed allowed) {
 *         connector.query(allowed.query(), context);
 *     }
 * }
 * }</pre>
 *
 * <p>The decision flow is SPEC §4's, in order: resource check ({@code RESOURCE_NOT_FOUND}) →
 * operation allowlist ({@code OPERATION_NOT_ALLOWED}) → row limit (computed, never rejects) →
 * query safety ({@code QUERY_BLOCKED}). Malformed requests get {@code INVALID_INPUT}. The engine
 * never opens a connection and never logs.
 *
 * <p>Thread-safe. {@link #evaluate} <b>blocks</b> the calling thread while SQL is parsed on the
 * engine's bounded parser pool (at most {@link Builder#parseTimeout(Duration)}, default 1 s):
 * call it from a worker thread, never from a network I/O event loop. {@link #close()} stops the
 * parser pool.
 */
public final class PolicyEngine implements AutoCloseable {

    /** Default deadline for parsing one query. */
    public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofSeconds(1);
    /** Default deepest nesting of parentheses/brackets or CASE accepted before parsing. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 32;
    /** Default most SQL verdicts the engine remembers (see {@link Builder#verdictCache(int, long)}). */
    public static final int DEFAULT_VERDICT_CACHE_ENTRIES = 10_000;
    /** Default most characters (query texts plus approved SQL and details) the verdict cache holds: 16 Mi. */
    public static final long DEFAULT_VERDICT_CACHE_CHARS = 16L * 1024 * 1024;

    private final Map<String, Entry> resources;
    private final BoundedParser parser;
    /**
     * SQL verdicts by exact query text; null when disabled. Never invalidated, and it needs no
     * invalidation: an engine is immutable, built for one configuration, and a configuration
     * reload builds a new engine (with an empty cache) rather than changing this one.
     */
    private final @Nullable VerdictCache<VerdictKey, SqlValidator.Result> verdicts;
    /**
     * Approvals by parser input (the query with every string literal emptied and every plain
     * integer numbered, see {@code ParserInput}): a query that differs from an approved one only
     * in its literals is approved without parsing, under its own text. Null when disabled.
     */
    private final @Nullable VerdictCache<ShapeKey, SqlValidator.Template> approvals;

    private record Entry(ResourcePolicy policy, @Nullable SqlValidator sql, @Nullable MongoValidator mongo) {
    }

    /**
     * The exact text as received, never a normalised form: two texts that differ in any character
     * (whitespace, case, comments) are separate entries. (Approvals, and only approvals, are
     * also shared by parser input: see {@link #approvals}.)
     */
    private record VerdictKey(String resourceId, Operation operation, String query) {
        @Override
        public String toString() {
            return "VerdictKey[" + resourceId + ", " + operation + ", <query redacted>]";
        }
    }

    /** The text JSqlParser parsed (no literal in it), with the resource id and the operation. */
    private record ShapeKey(String resourceId, boolean explain, String parserInput) {
        @Override
        public String toString() {
            return "ShapeKey[" + resourceId + ", " + explain + ", <text redacted>]";
        }
    }

    private PolicyEngine(Builder b) {
        int inlineChars = b.inlineParsing ? BoundedParser.DEFAULT_INLINE_MAX_CHARS : 0;
        int inlineDepth = b.inlineParsing ? BoundedParser.DEFAULT_INLINE_MAX_DEPTH : -1;
        this.parser = b.parserExecutor != null ? new BoundedParser(b.parserExecutor, inlineChars, inlineDepth)
                : new BoundedParser(b.parserThreads, b.parserQueueLength, inlineChars, inlineDepth);
        Map<String, Entry> map = new LinkedHashMap<>();
        for (ResourcePolicy p : b.resources) {
            SqlValidator sql = null;
            MongoValidator mongo = null;
            if (ResourcePolicy.TYPE_POSTGRES.equals(p.type())) {
                sql = new SqlValidator(new SqlValidator.Rules(p.functionPolicy() == FunctionPolicy.ALLOWLIST,
                        p.blockedFunctions(), p.allowedFunctions(), p.tableRules(), p.maxRowsPerQuery(),
                        p.maxQueryLength(), b.maxNestingDepth, b.parseTimeout), parser);
            } else if (ResourcePolicy.TYPE_MONGODB.equals(p.type())) {
                mongo = new MongoValidator(new MongoValidator.Rules(p.allowServerSideJavaScript(), p.tableRules(),
                        p.maxRowsPerQuery(), 100));
            }
            map.put(p.id(), new Entry(p, sql, mongo));
        }
        this.resources = Map.copyOf(map);
        boolean caching = b.verdictCacheEntries != 0 && b.verdictCacheChars != 0;
        this.verdicts = caching ? new VerdictCache<>(b.verdictCacheEntries, b.verdictCacheChars) : null;
        this.approvals = caching && b.sharedApprovals ? new VerdictCache<>(b.verdictCacheEntries, b.verdictCacheChars) : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configured policy of a resource. */
    public Optional<ResourcePolicy> resource(String id) {
        Entry e = resources.get(id);
        return e == null ? Optional.empty() : Optional.of(e.policy());
    }

    /** Every configured resource policy. */
    public List<ResourcePolicy> resources() {
        List<ResourcePolicy> out = new ArrayList<>();
        for (Entry e : resources.values()) {
            out.add(e.policy());
        }
        return List.copyOf(out);
    }

    /**
     * Decides one request. Never throws on any request content; blocks while SQL is parsed (see
     * the class comment).
     */
    public Decision evaluate(PolicyRequest request) {
        Objects.requireNonNull(request, "request");
        // 1. resource check
        Entry entry = resources.get(request.resourceId());
        if (entry == null) {
            return reject(RejectReason.RESOURCE_NOT_FOUND, "resource is not configured: " + safe(request.resourceId()));
        }
        ResourcePolicy policy = entry.policy();
        // 2. operation allowlist
        Optional<Operation> op = Operation.fromWireName(request.operation());
        if (op.isEmpty() || !policy.allowedOperations().contains(op.get())) {
            return reject(RejectReason.OPERATION_NOT_ALLOWED,
                    "operation not allowed on " + policy.id() + ": " + safe(request.operation()));
        }
        Operation operation = op.get();
        switch (operation) {
            case LIST_TABLES:
                return allowMetadata(policy, operation, null);
            case DESCRIBE_TABLE: {
                String table = request.table() != null ? request.table() : request.collection();
                if (table == null || table.isBlank()) {
                    return reject(RejectReason.INVALID_INPUT, "table: required for describe_table");
                }
                if (!policy.permitsTable(table)) {
                    return reject(RejectReason.QUERY_BLOCKED, "table not permitted: " + safe(table));
                }
                return allowMetadata(policy, operation, table);
            }
            default:
                break;
        }
        // 3. row limit and 4. query safety: both come out of one validation pass
        if (entry.sql() != null) {
            return evaluateSql(entry.sql(), policy, operation, request);
        }
        if (entry.mongo() != null) {
            return evaluateMongo(entry.mongo(), policy, operation, request);
        }
        return reject(RejectReason.QUERY_BLOCKED, "no query validator for resource type " + policy.type()
                + ": only list_tables and describe_table are available");
    }

    private Decision evaluateSql(SqlValidator validator, ResourcePolicy policy, Operation operation, PolicyRequest request) {
        if (request.query() == null) {
            return reject(RejectReason.INVALID_INPUT, "query: required for a " + policy.type() + " resource");
        }
        if (request.pipeline() != null || request.filter() != null) {
            return reject(RejectReason.INVALID_INPUT, "query: a " + policy.type() + " resource takes SQL, not a MongoDB request");
        }
        String query = request.query();
        // texts over the length limit are rejected before lexing: nothing to save, no room to waste
        @Nullable VerdictKey key = verdicts == null || query.length() > policy.maxQueryLength() ? null
                : new VerdictKey(policy.id(), operation, query);
        SqlValidator.@Nullable Result result = key == null ? null : verdicts.get(key);
        if (result == null) {
            try {
                result = validator.validate(query, operation == Operation.EXPLAIN, shared(policy.id()));
            } catch (RuntimeException | StackOverflowError e) {
                // fail closed: a validator bug must never let a query through (and never echoes it); not cached
                return reject(RejectReason.QUERY_BLOCKED, "query could not be checked (" + e.getClass().getSimpleName() + ")");
            }
            if (key != null && !(result instanceof SqlValidator.Unchecked)) {
                verdicts.put(key, result, weight(query, result));
            }
        }
        // the per-request part below (parameters) is never cached
        if (result instanceof SqlValidator.Unchecked u) {
            return reject(RejectReason.QUERY_BLOCKED, u.detail());
        }
        if (result instanceof SqlValidator.Blocked b) {
            return reject(RejectReason.QUERY_BLOCKED, b.detail());
        }
        if (result instanceof SqlValidator.Invalid i) {
            return reject(RejectReason.INVALID_INPUT, i.detail());
        }
        SqlValidator.Ok ok = (SqlValidator.Ok) result;
        List<@Nullable Object> parameters = request.parameters() == null ? List.of() : request.parameters();
        if (parameters.size() != ok.parameterCount()) {
            return reject(RejectReason.INVALID_INPUT, "parameters: the query uses " + ok.parameterCount()
                    + " positional parameter(s) but " + parameters.size() + " were given");
        }
        for (int i = 0; i < parameters.size(); i++) {
            Object v = parameters.get(i);
            if (!(v == null || v instanceof String || v instanceof Number || v instanceof Boolean)) {
                return reject(RejectReason.INVALID_INPUT, "parameters[" + i + "]: must be a string, number, boolean or null");
            }
        }
        return new Decision.Allowed(new ApprovedQuery(policy.id(), operation, ApprovedQuery.Kind.SQL,
                policy.maxRowsPerQuery(), ok.clampedByRewrite(), ok.sql(), parameters, null, null, null, null, null,
                null, null, null, policy::permitsTable));
    }

    private SqlValidator.@Nullable SharedApprovals shared(String resourceId) {
        VerdictCache<ShapeKey, SqlValidator.Template> cache = approvals;
        if (cache == null) {
            return null;
        }
        return new SqlValidator.SharedApprovals() {
            @Override
            public SqlValidator.@Nullable Template get(String parserInput, boolean explain) {
                return cache.get(new ShapeKey(resourceId, explain, parserInput));
            }

            @Override
            public void put(String parserInput, boolean explain, SqlValidator.Template template) {
                cache.put(new ShapeKey(resourceId, explain, parserInput), template, parserInput.length());
            }
        };
    }

    /** Characters an entry holds: the key's text and the approved SQL or the rejection detail. */
    private static long weight(String query, SqlValidator.Result result) {
        String held = result instanceof SqlValidator.Ok ok ? ok.sql()
                : result instanceof SqlValidator.Blocked b ? b.detail()
                : result instanceof SqlValidator.Invalid i ? i.detail() : "";
        return (long) query.length() + held.length();
    }

    /** Verdicts the cache holds now (0 when it is disabled); for tests and metrics. */
    int cachedVerdicts() {
        return verdicts == null ? 0 : verdicts.size();
    }

    /** Characters the cache holds now; for tests and metrics. */
    long cachedVerdictChars() {
        return verdicts == null ? 0 : verdicts.weight();
    }

    private Decision evaluateMongo(MongoValidator validator, ResourcePolicy policy, Operation operation,
            PolicyRequest request) {
        if (request.query() != null) {
            return reject(RejectReason.INVALID_INPUT, "query: a mongodb resource takes collection with filter or pipeline, not SQL");
        }
        MongoValidator.Result result;
        try {
            result = validator.validate(request.collection(), request.filter(), request.projection(), request.sort(),
                    request.skip(), request.limit(), request.pipeline());
        } catch (RuntimeException | StackOverflowError e) {
            return reject(RejectReason.QUERY_BLOCKED, "request could not be checked (" + e.getClass().getSimpleName() + ")");
        }
        if (result instanceof MongoValidator.Blocked b) {
            return reject(RejectReason.QUERY_BLOCKED, b.detail());
        }
        if (result instanceof MongoValidator.Invalid i) {
            return reject(RejectReason.INVALID_INPUT, i.detail());
        }
        if (result instanceof MongoValidator.Find f) {
            return new Decision.Allowed(new ApprovedQuery(policy.id(), operation, ApprovedQuery.Kind.MONGO_FIND,
                    policy.maxRowsPerQuery(), f.clampedByRewrite(), null, List.of(), f.collection(), f.filter(),
                    f.projection(), f.sort(), f.skip(), f.limit(), null, null, policy::permitsTable));
        }
        MongoValidator.Aggregate a = (MongoValidator.Aggregate) result;
        return new Decision.Allowed(new ApprovedQuery(policy.id(), operation, ApprovedQuery.Kind.MONGO_AGGREGATE,
                policy.maxRowsPerQuery(), a.clampedByRewrite(), null, List.of(), a.collection(), null, null, null, null,
                null, a.pipeline(), null, policy::permitsTable));
    }

    private static Decision allowMetadata(ResourcePolicy policy, Operation operation, @Nullable String table) {
        return new Decision.Allowed(new ApprovedQuery(policy.id(), operation, ApprovedQuery.Kind.METADATA,
                policy.maxRowsPerQuery(), false, null, List.of(), null, null, null, null, null, null, null, table,
                policy::permitsTable));
    }

    private static Decision reject(RejectReason reason, String detail) {
        return new Decision.Rejected(reason, detail);
    }

    /** Echoes a name from the request only when it looks like a name, never arbitrary text. */
    static String safe(@Nullable String name) {
        if (name == null) {
            return "(none)";
        }
        return name.matches("[A-Za-z0-9_.\\-]{1,128}") ? name : "(invalid name)";
    }

    /** Stops the parser pool. Idempotent. */
    @Override
    public void close() {
        parser.close();
    }

    /** Builds a {@link PolicyEngine}. */
    public static final class Builder {
        private final List<ResourcePolicy> resources = new ArrayList<>();
        private Duration parseTimeout = DEFAULT_PARSE_TIMEOUT;
        private int maxNestingDepth = DEFAULT_MAX_NESTING_DEPTH;
        private int parserThreads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        private int parserQueueLength = 256;
        private @Nullable ExecutorService parserExecutor;
        private boolean inlineParsing = true;
        private int verdictCacheEntries = DEFAULT_VERDICT_CACHE_ENTRIES;
        private long verdictCacheChars = DEFAULT_VERDICT_CACHE_CHARS;
        private boolean sharedApprovals = true;

        private Builder() {
        }

        /** Adds a resource; ids must be unique. */
        public Builder resource(ResourcePolicy policy) {
            resources.add(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** Adds resources; ids must be unique. */
        public Builder resources(List<ResourcePolicy> policies) {
            policies.forEach(this::resource);
            return this;
        }

        /** Deadline for parsing one query (default 1 s, at most 1 s). */
        public Builder parseTimeout(Duration timeout) {
            this.parseTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Deepest nesting of parentheses/brackets or CASE accepted before parsing (default 32). */
        public Builder maxNestingDepth(int depth) {
            this.maxNestingDepth = depth;
            return this;
        }

        /** Parser threads (default: CPUs, between 2 and 8) and how many queries may wait for one (default 256). */
        public Builder parserThreads(int threads, int queueLength) {
            this.parserThreads = threads;
            this.parserQueueLength = queueLength;
            return this;
        }

        /**
         * Parses on the given executor instead of a pool of the engine's own. It should be bounded
         * (threads and queue); the engine never shuts it down. Its threads should have a generous
         * stack (JSqlParser recurses deeply on nested input).
         */
        public Builder parserExecutor(ExecutorService executor) {
            this.parserExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Whether small, shallow queries (at most 4,000 characters, nested at most 6 deep) are
         * parsed on the calling thread, under the engine's watchdog, rather than handed to a
         * parser thread (default {@code true}: no hand-off, less CPU per query). Every parse keeps
         * its deadline either way; {@code false} sends every parse to the parser pool, as before.
         */
        public Builder inlineParsing(boolean inline) {
            this.inlineParsing = inline;
            return this;
        }

        /**
         * Bounds the cache of PostgreSQL {@code query}/{@code explain} verdicts (default 10,000
         * entries and 16 Mi characters; {@code 0} for either disables the cache). A verdict is the
         * outcome of validation and row-limit rewrite for one exact query text on one resource
         * and operation; parameters are still checked on every request. Deadlines, a busy parser
         * pool and internal errors are never cached. The same bounds apply to the cache of shared
         * approvals ({@link #sharedApprovals}); {@code 0} disables both.
         */
        public Builder verdictCache(int maxEntries, long maxChars) {
            this.verdictCacheEntries = maxEntries;
            this.verdictCacheChars = maxChars;
            return this;
        }

        /**
         * Whether an approval is shared between queries that differ only in their literals (default
         * true; needs the verdict cache). The validator parses the query with every string literal
         * emptied and every plain integer replaced by its ordinal, so its checks cannot depend on
         * a literal; a query whose parser input was approved before is approved without parsing,
         * under its own text, with the row cap applied to its own {@code LIMIT} value. A second
         * cache of the same bounds as {@link #verdictCache}; rejections are never shared.
         */
        public Builder sharedApprovals(boolean share) {
            this.sharedApprovals = share;
            return this;
        }

        /** Checks the settings and starts the engine's parser pool; throws {@link PolicyConfigException}. */
        public PolicyEngine build() {
            List<String> problems = new ArrayList<>();
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (int i = 0; i < resources.size(); i++) {
                Integer before = seen.putIfAbsent(resources.get(i).id(), i);
                if (before != null) {
                    problems.add("resources[" + i + "].id: duplicate of resources[" + before + "] (" + resources.get(i).id() + ")");
                }
            }
            if (parseTimeout.isNegative() || parseTimeout.isZero() || parseTimeout.compareTo(Duration.ofSeconds(1)) > 0) {
                problems.add("parseTimeout: must be positive and at most 1s");
            }
            if (maxNestingDepth < 4 || maxNestingDepth > 256) {
                problems.add("maxNestingDepth: must be between 4 and 256");
            }
            if (parserThreads < 1 || parserThreads > 64) {
                problems.add("parserThreads: must be between 1 and 64");
            }
            if (parserQueueLength < 1) {
                problems.add("parserQueueLength: must be at least 1");
            }
            if (verdictCacheEntries < 0) {
                problems.add("verdictCache.maxEntries: must be 0 (disabled) or more");
            }
            if (verdictCacheChars < 0) {
                problems.add("verdictCache.maxChars: must be 0 (disabled) or more");
            }
            if (!problems.isEmpty()) {
                throw new PolicyConfigException(problems);
            }
            // fail at start, not by rejecting every query: the validator walks JSqlParser's tree by reflection
            SqlValidator.reflectiveAccessProblem().ifPresent(problem -> {
                throw new IllegalStateException(problem);
            });
            return new PolicyEngine(this);
        }
    }
}
