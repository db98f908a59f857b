package dev.relay.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relay.audit.internal.MongoShape;
import dev.relay.audit.internal.Sha256;
import dev.relay.audit.internal.SqlNormalizer;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A query's fingerprint: SHA-256 (64 lower-case hex digits) of the query with its literals
 * removed. The same query with different literals, spacing, comments or keyword case has one
 * fingerprint; the fingerprint never depends on a literal, so it cannot reveal one. Stateless and
 * thread-safe; never throws on any text.
 *
 * <p>SQL: see {@link #normalizeSql(String)}. MongoDB: the shape of the filter, projection, sort
 * or pipeline, with every value replaced by {@code ?} (see {@link #ofMongo(String, Object)}).
 */
public final class QueryFingerprint {

    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

    private QueryFingerprint() {
    }

    /** The fingerprint of a SQL statement. */
    public static String ofSql(String sql) {
        return Sha256.hexOf("sql\n" + SqlNormalizer.normalize(sql));
    }

    /**
     * The normalised text that {@link #ofSql(String)} hashes: constants and parameters become
     * {@code ?}, comments and extra whitespace go, unquoted words are lower-cased, lists of
     * constants collapse ({@code in ( ? )}). For tests and docs; it is never written to a record.
     */
    public static String normalizeSql(String sql) {
        return SqlNormalizer.normalize(sql);
    }

    /**
     * The fingerprint of a MongoDB query given as its {@code execute} params (a Jackson object or
     * a {@code Map}): the collection plus the shapes of {@code filter}, {@code projection},
     * {@code sort} and {@code pipeline}; {@code limit} and {@code skip} are values and ignored.
     */
    public static String ofMongo(String collection, @Nullable Object params) {
        return Sha256.hexOf(normalizeMongo(collection, params));
    }

    /** The fingerprint of a MongoDB find. */
    public static String ofMongoFind(String collection, @Nullable Object filter, @Nullable Object projection,
            @Nullable Object sort) {
        return Sha256.hexOf(mongoText(collection, filter, projection, sort, null));
    }

    /** The fingerprint of a MongoDB aggregate. */
    public static String ofMongoAggregate(String collection, Object pipeline) {
        return Sha256.hexOf(mongoText(collection, null, null, null, pipeline));
    }

    /** The text {@link #ofMongo(String, Object)} hashes; for tests and docs. */
    public static String normalizeMongo(String collection, @Nullable Object params) {
        return mongoText(collection, get(params, "filter"), get(params, "projection"), get(params, "sort"),
                get(params, "pipeline"));
    }

    /** True if {@code s} looks like a fingerprint made here. */
    public static boolean isFingerprint(String s) {
        return FINGERPRINT.matcher(s).matches();
    }

    private static @Nullable Object get(@Nullable Object params, String key) {
        if (params instanceof JsonNode) {
            JsonNode v = ((JsonNode) params).get(key);
            return v == null || v.isNull() || v.isMissingNode() ? null : v;
        }
        if (params instanceof Map) {
            return ((Map<?, ?>) params).get(key);
        }
        return null;
    }

    private static String mongoText(String collection, @Nullable Object filter, @Nullable Object projection,
            @Nullable Object sort, @Nullable Object pipeline) {
        StringBuilder sb = new StringBuilder("mongo\n").append(collection);
        part(sb, "filter", filter);
        part(sb, "projection", projection);
        part(sb, "sort", sort);
        part(sb, "pipeline", pipeline);
        return sb.toString();
    }

    private static void part(StringBuilder sb, String name, @Nullable Object value) {
        if (value != null) {
            sb.append('\n').append(name).append('=');
            MongoShape.append(sb, value);
        }
    }
}
