package dev.relay.policy.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The MongoDB validator: find and aggregate only. Works on a deep, immutable copy of the request
 * (so what was checked is what runs), rejects write stages ({@code $out}, {@code $merge}) and
 * administrative or never-ending stages at any depth, server-side JavaScript unless allowed,
 * collections outside the table rules (including {@code $lookup}/{@code $graphLookup}/
 * {@code $unionWith} targets), and clamps the row limit.
 */
public final class MongoValidator {

    /** What the validator enforces. */
    public record Rules(boolean allowServerSideJavaScript, TableRules collections, int maxRows, int maxDepth) {
    }

    /** The verdict. */
    public sealed interface Result permits Find, Aggregate, Blocked, Invalid {
    }

    /** An approved find. */
    public record Find(String collection, @Nullable Map<String, @Nullable Object> filter,
            @Nullable Map<String, @Nullable Object> projection, @Nullable Map<String, @Nullable Object> sort,
            @Nullable Integer skip, int limit, boolean clampedByRewrite) implements Result {
        @Override
        public String toString() {
            return "Find[collection=" + collection + ", <documents redacted>]";
        }
    }

    /** An approved aggregate, with the clamp's {@code $limit} appended when needed. */
    public record Aggregate(String collection, List<Map<String, @Nullable Object>> pipeline, boolean clampedByRewrite)
            implements Result {
        @Override
        public String toString() {
            return "Aggregate[collection=" + collection + ", <pipeline redacted>]";
        }
    }

    public record Blocked(String detail) implements Result {
    }

    public record Invalid(String detail) implements Result {
    }

    static final Set<String> WRITE_STAGES = Set.of("$out", "$merge");
    static final Set<String> JAVASCRIPT = Set.of("$where", "$function", "$accumulator");
    static final Set<String> ADMIN_STAGES = Set.of("$changeStream", "$changeStreamSplitLargeEvent", "$currentOp",
            "$listSessions", "$listLocalSessions", "$planCacheStats", "$collStats", "$indexStats", "$listSearchIndexes",
            "$shardedDataDistribution", "$listSampledQueries", "$queryStats", "$listClusterCatalog", "$querySettings",
            "$listCachedAndActiveUsers", "$backupCursor", "$backupCursorExtend", "$listCatalog", "$operationMetrics",
            "$_internalSplitPipeline");

    /**
     * The aggregation stages known to only read (MongoDB 8.0's list, plus Atlas Search's). The
     * check is an allowlist: a stage named nowhere here, including a misspelling ({@code $OUT}) or
     * a stage a later server version adds, is refused rather than trusted.
     */
    static final Set<String> READ_STAGES = Set.of("$addFields", "$bucket", "$bucketAuto", "$count", "$densify",
            "$documents", "$facet", "$fill", "$geoNear", "$graphLookup", "$group", "$limit", "$lookup", "$match",
            "$project", "$redact", "$replaceRoot", "$replaceWith", "$sample", "$search", "$searchMeta", "$set",
            "$setWindowFields", "$skip", "$sort", "$sortByCount", "$unionWith", "$unset", "$unwind", "$vectorSearch");

    private final Rules rules;

    public MongoValidator(Rules rules) {
        this.rules = rules;
    }

    /** Validates a find ({@code pipeline == null}) or an aggregate. */
    public Result validate(@Nullable String collection, @Nullable Map<String, @Nullable Object> filter,
            @Nullable Map<String, @Nullable Object> projection, @Nullable Map<String, @Nullable Object> sort,
            @Nullable Integer skip, @Nullable Integer limit, @Nullable List<@Nullable Object> pipeline) {
        if (collection == null || collection.isBlank()) {
            return new Invalid("collection: required");
        }
        String collectionProblem = checkCollection(collection);
        if (collectionProblem != null) {
            return new Blocked(collectionProblem);
        }
        Copy copy = new Copy();
        if (pipeline != null) {
            if (filter != null || projection != null || sort != null || skip != null || limit != null) {
                return new Invalid("pipeline: cannot be combined with filter, projection, sort, skip or limit");
            }
            List<@Nullable Object> stages = copy.list(pipeline, 0);
            if (copy.problem != null) {
                return new Invalid(copy.problem);
            }
            List<Map<String, @Nullable Object>> typed = new ArrayList<>();
            for (int i = 0; i < stages.size(); i++) {
                if (!(stages.get(i) instanceof Map<?, ?> m) || m.size() != 1) {
                    return new Invalid("pipeline[" + i + "]: a stage must be an object with exactly one key");
                }
                @SuppressWarnings("unchecked")
                Map<String, @Nullable Object> stage = (Map<String, @Nullable Object>) m;
                typed.add(stage);
            }
            String problem = checkPipeline(typed, "pipeline");
            if (problem != null) {
                return new Blocked(problem);
            }
            return clampAggregate(collection, typed);
        }
        Map<String, @Nullable Object> f = filter == null ? null : copy.map(filter, 0);
        Map<String, @Nullable Object> p = projection == null ? null : copy.map(projection, 0);
        Map<String, @Nullable Object> s = sort == null ? null : copy.map(sort, 0);
        if (copy.problem != null) {
            return new Invalid(copy.problem);
        }
        for (Object part : new Object[] {f, p, s}) {
            String problem = checkOperators(part, "filter");
            if (problem != null) {
                return new Blocked(problem);
            }
        }
        if (skip != null && skip < 0) {
            return new Invalid("skip: must not be negative");
        }
        if (limit != null && limit < 0) {
            return new Invalid("limit: must not be negative");
        }
        if (limit != null && limit > 0 && limit <= rules.maxRows()) {
            return new Find(collection, f, p, s, skip, limit, false);
        }
        return new Find(collection, f, p, s, skip, rules.maxRows() + 1, true);
    }

    private Result clampAggregate(String collection, List<Map<String, @Nullable Object>> stages) {
        if (!stages.isEmpty()) {
            Map<String, @Nullable Object> last = stages.get(stages.size() - 1);
            Object n = last.get("$limit");
            if (n instanceof Number num && num.doubleValue() >= 1 && num.doubleValue() <= rules.maxRows()
                    && num.doubleValue() == Math.rint(num.doubleValue())) {
                return new Aggregate(collection, List.copyOf(stages), false);
            }
        }
        List<Map<String, @Nullable Object>> out = new ArrayList<>(stages);
        Map<String, @Nullable Object> limitStage = new LinkedHashMap<>();
        limitStage.put("$limit", rules.maxRows() + 1);
        out.add(Collections.unmodifiableMap(limitStage));
        return new Aggregate(collection, List.copyOf(out), true);
    }

    private @Nullable String checkCollection(String name) {
        if (name.startsWith("system.") || name.contains("$") || name.indexOf('\0') >= 0) {
            return "collection not permitted: " + safeName(name);
        }
        if (!rules.collections().permits(null, name)) {
            return "collection not permitted: " + safeName(name);
        }
        return null;
    }

    private @Nullable String checkPipeline(List<Map<String, @Nullable Object>> stages, String path) {
        for (int i = 0; i < stages.size(); i++) {
            Map<String, @Nullable Object> stage = stages.get(i);
            String name = stage.keySet().iterator().next();
            Object body = stage.get(name);
            String at = path + "[" + i + "]";
            if (WRITE_STAGES.contains(name)) {
                return "stage " + name + " writes data and is not allowed (" + at + ")";
            }
            if (ADMIN_STAGES.contains(name)) {
                return "stage " + name + " is not allowed (" + at + ")";
            }
            if (!READ_STAGES.contains(name)) {
                String shown = name.matches("\\$[A-Za-z_]{1,60}") ? name : "(invalid name)";
                return "stage " + shown + " is not a known read-only stage (" + at + ")";
            }
            String problem = switch (name) {
                case "$lookup", "$graphLookup" -> lookup(name, body, at);
                case "$unionWith" -> unionWith(body, at);
                case "$facet" -> facet(body, at);
                default -> null;
            };
            if (problem != null) {
                return problem;
            }
            problem = checkOperators(body, at);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private @Nullable String lookup(String stage, @Nullable Object body, String at) {
        if (!(body instanceof Map<?, ?> m)) {
            return null;
        }
        Object from = m.get("from");
        if (from != null) {
            if (!(from instanceof String s)) {
                return stage + ".from must name a collection of this database (" + at + ")";
            }
            String problem = checkCollection(s);
            if (problem != null) {
                return problem + " (" + stage + " in " + at + ")";
            }
        }
        return subPipeline(m.get("pipeline"), at + "." + stage.substring(1) + ".pipeline");
    }

    private @Nullable String unionWith(@Nullable Object body, String at) {
        if (body instanceof String s) {
            String problem = checkCollection(s);
            return problem == null ? null : problem + " ($unionWith in " + at + ")";
        }
        if (body instanceof Map<?, ?> m) {
            Object coll = m.get("coll");
            if (coll != null) {
                if (!(coll instanceof String s)) {
                    return "$unionWith.coll must name a collection (" + at + ")";
                }
                String problem = checkCollection(s);
                if (problem != null) {
                    return problem + " ($unionWith in " + at + ")";
                }
            }
            return subPipeline(m.get("pipeline"), at + ".unionWith.pipeline");
        }
        return "$unionWith must name a collection (" + at + ")";
    }

    private @Nullable String facet(@Nullable Object body, String at) {
        if (!(body instanceof Map<?, ?> m)) {
            return null;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String problem = subPipeline(e.getValue(), at + ".facet." + e.getKey());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private @Nullable String subPipeline(@Nullable Object pipeline, String at) {
        if (pipeline == null) {
            return null;
        }
        if (!(pipeline instanceof List<?> list)) {
            return "sub-pipeline must be an array (" + at + ")";
        }
        List<Map<String, @Nullable Object>> stages = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m) || m.size() != 1) {
                return "a stage must be an object with exactly one key (" + at + "[" + i + "])";
            }
            @SuppressWarnings("unchecked")
            Map<String, @Nullable Object> stage = (Map<String, @Nullable Object>) m;
            stages.add(stage);
        }
        return checkPipeline(stages, at);
    }

    /** Operators anywhere in a value: write stages, admin stages and JavaScript at any depth. */
    private @Nullable String checkOperators(@Nullable Object value, String at) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (WRITE_STAGES.contains(key)) {
                    return "stage " + key + " writes data and is not allowed (" + at + ")";
                }
                if (ADMIN_STAGES.contains(key)) {
                    return "stage " + key + " is not allowed (" + at + ")";
                }
                if (JAVASCRIPT.contains(key) && !rules.allowServerSideJavaScript()) {
                    return "operator " + key + " runs server-side JavaScript and is not allowed (" + at + ")";
                }
                if ((key.equals("$lookup") || key.equals("$graphLookup") || key.equals("$unionWith") || key.equals("$facet"))
                        && !at.endsWith("]")) {
                    // a stage nested somewhere unexpected: check its targets too
                    String problem = key.equals("$unionWith") ? unionWith(e.getValue(), at)
                            : key.equals("$facet") ? facet(e.getValue(), at) : lookup(key, e.getValue(), at);
                    if (problem != null) {
                        return problem;
                    }
                }
                String problem = checkOperators(e.getValue(), at);
                if (problem != null) {
                    return problem;
                }
            }
        } else if (value instanceof List<?> l) {
            for (Object o : l) {
                String problem = checkOperators(o, at);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    static String safeName(String name) {
        return name.matches("[A-Za-z0-9_.\\-]{1,120}") ? name : "(invalid name)";
    }

    /** A deep copy into unmodifiable maps and lists; records the first structural problem. */
    private final class Copy {
        @Nullable String problem;

        Map<String, @Nullable Object> map(Map<?, ?> in, int depth) {
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : in.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    problem = "document keys must be strings";
                    continue;
                }
                out.put(k, value(e.getValue(), depth + 1));
            }
            return Collections.unmodifiableMap(out);
        }

        List<@Nullable Object> list(List<?> in, int depth) {
            List<@Nullable Object> out = new ArrayList<>(in.size());
            for (Object o : in) {
                out.add(value(o, depth + 1));
            }
            return Collections.unmodifiableList(out);
        }

        @Nullable Object value(@Nullable Object v, int depth) {
            if (depth > rules.maxDepth()) {
                problem = "document nested deeper than " + rules.maxDepth() + " levels";
                return null;
            }
            if (v instanceof Map<?, ?> m) {
                return map(m, depth);
            }
            if (v instanceof List<?> l) {
                return list(l, depth);
            }
            if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
                return v;
            }
            problem = "unsupported value type in document: " + v.getClass().getSimpleName();
            return null;
        }
    }
}
