package dev.relay.connectors.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.AggregateIterable;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoIterable;
import com.mongodb.client.model.EstimatedDocumentCountOptions;
import dev.relay.connectors.mongo.internal.BsonValues;
import dev.relay.connectors.mongo.internal.MongoErrors;
import dev.relay.connectors.mongo.internal.MongoSettings;
import dev.relay.connectors.mongo.internal.SchemaInference;
import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.ConnectorException.Kind;
import dev.relay.policy.spi.HealthReport;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.policy.spi.TableDescription;
import dev.relay.policy.spi.TableInfo;
import dev.relay.policy.spi.TruncatedBy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ResourceConnector} for one MongoDB database on the sync driver. One {@link MongoClient} (and its
 * connection pool) per resource, created lazily without blocking: the driver connects in the background.
 */
final class MongoConnector implements ResourceConnector {

    private static final Logger LOG = LoggerFactory.getLogger(MongoConnector.class);

    /** Top-level explain keys never returned: execution statistics (never requested), echoes and server noise. */
    private static final List<String> EXPLAIN_DROPPED_KEYS = List.of("executionStats", "command", "serverInfo",
            "serverParameters", "ok", "$clusterTime", "operationTime", "explainVersion");

    /** Server error codes that mean "this server has no such command": CommandNotFound, and older forms. */
    private static final List<Integer> COMMAND_NOT_FOUND = List.of(59, 115);

    private final MongoSettings settings;
    private final MongoClient client;
    private final AtomicBoolean closed = new AtomicBoolean();

    MongoConnector(MongoSettings settings) {
        this.settings = settings;
        this.client = MongoClients.create(settings.clientSettings());
        LOG.info("mongodb resource {}: client created for hosts {} database {} (readPreference {}, pool.maxSize {})",
                settings.resourceId(), settings.hosts(), settings.database(), settings.readPreference(),
                settings.poolMaxSize());
    }

    private MongoDatabase database() {
        if (closed.get()) {
            throw new ConnectorException(Kind.RESOURCE_UNAVAILABLE, "the MongoDB connector is closed");
        }
        return client.getDatabase(settings.database());
    }

    private MongoCollection<BsonDocument> collection(ApprovedQuery query) {
        String name = query.collection();
        if (name == null) {
            throw new ConnectorException(Kind.QUERY_FAILED, "the approved request names no collection");
        }
        return database().getCollection(name, BsonDocument.class);
    }

    // ------------------------------------------------------------------ query

    @Override
    public QueryResult query(ApprovedQuery query, QueryContext context) {
        String what = query.kind() == ApprovedQuery.Kind.MONGO_AGGREGATE ? "aggregate" : "find";
        MongoIterable<BsonDocument> iterable;
        try {
            iterable = iterable(query, context);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(Kind.QUERY_FAILED, what + ": " + e.getMessage());
        }
        return collect(iterable, query, context, what);
    }

    private MongoIterable<BsonDocument> iterable(ApprovedQuery query, QueryContext context) {
        long maxTimeMs = Math.max(1, context.timeout().toMillis());
        int cap = query.maxRows() + 1;
        if (query.kind() == ApprovedQuery.Kind.MONGO_FIND) {
            MongoCollection<BsonDocument> coll = collection(query);
            Map<String, @Nullable Object> filter = query.filter();
            FindIterable<BsonDocument> find = coll.find(filter == null ? new BsonDocument() : BsonValues.toBson(filter));
            if (query.projection() != null) {
                find.projection(BsonValues.toBson(Objects.requireNonNull(query.projection())));
            }
            if (query.sort() != null) {
                find.sort(BsonValues.toBson(Objects.requireNonNull(query.sort())));
            }
            Integer skip = query.skip();
            if (skip != null && skip > 0) {
                find.skip(skip);
            }
            Integer limit = query.limit();
            // the policy always sets the limit; keep the row cap as a second guard (SPEC §4)
            int effective = limit == null || limit <= 0 || limit > cap ? cap : limit;
            find.limit(effective);
            find.maxTime(maxTimeMs, TimeUnit.MILLISECONDS);
            if (settings.batchSize() > 0) {
                find.batchSize(Math.min(settings.batchSize(), effective));
            }
            return find;
        }
        if (query.kind() == ApprovedQuery.Kind.MONGO_AGGREGATE) {
            List<Map<String, @Nullable Object>> pipeline = query.pipeline();
            if (pipeline == null) {
                throw new ConnectorException(Kind.QUERY_FAILED, "aggregate: the approved request has no pipeline");
            }
            AggregateIterable<BsonDocument> agg = collection(query).aggregate(BsonValues.toBson(pipeline))
                    .allowDiskUse(false)
                    .maxTime(maxTimeMs, TimeUnit.MILLISECONDS);
            if (settings.batchSize() > 0) {
                agg.batchSize(settings.batchSize());
            }
            return agg;
        }
        throw new ConnectorException(Kind.QUERY_FAILED, "a MongoDB resource runs only find and aggregate requests");
    }

    private QueryResult collect(MongoIterable<BsonDocument> iterable, ApprovedQuery query, QueryContext context,
            String what) {
        List<Map<String, @Nullable Object>> documents = new ArrayList<>();
        boolean clamped = false;
        TruncatedBy truncatedBy = null;
        long bytes = 2; // the enclosing [ ]
        AtomicBoolean cancelled = new AtomicBoolean();
        try (MongoCursor<BsonDocument> cursor = iterable.iterator()) {
            // The driver lets close() be called from another thread: an in-flight getMore finishes (bounded by
            // maxTimeMS), then the server cursor is killed and the next hasNext() fails.
            context.onCancel(() -> {
                cancelled.set(true);
                cursor.close();
            });
            while (true) {
                if (cancelled.get()) {
                    throw cancelledException(what, null);
                }
                if (!cursor.hasNext()) {
                    break;
                }
                BsonDocument doc = cursor.next();
                if (documents.size() >= query.maxRows()) {
                    // one more than allowed exists: the clamp is exact
                    clamped = true;
                    truncatedBy = TruncatedBy.ROWS;
                    break;
                }
                Map<String, @Nullable Object> value = BsonValues.toValue(doc);
                long size = BsonValues.jsonSize(value) + (documents.isEmpty() ? 0 : 1);
                if (bytes + size > context.maxResponseBytes()) {
                    clamped = true;
                    truncatedBy = TruncatedBy.BYTES;
                    break;
                }
                bytes += size;
                documents.add(value);
            }
        } catch (ConnectorException e) {
            throw e;
        } catch (RuntimeException e) {
            if (cancelled.get()) {
                throw cancelledException(what, e);
            }
            throw MongoErrors.map(e, what);
        }
        return new QueryResult.Documents(documents, clamped, truncatedBy);
    }

    private static ConnectorException cancelledException(String what, @Nullable RuntimeException cause) {
        String message = what + ": request cancelled (deadline passed or caller gone)";
        return cause == null ? new ConnectorException(Kind.QUERY_TIMEOUT, message)
                : new ConnectorException(Kind.QUERY_TIMEOUT, message, cause);
    }

    // ------------------------------------------------------------------ explain

    @Override
    public Object explain(ApprovedQuery query, QueryContext context) {
        String what = "explain";
        BsonDocument inner;
        try {
            inner = explainedCommand(query);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(Kind.QUERY_FAILED, what + ": " + e.getMessage());
        }
        BsonDocument command = new BsonDocument("explain", inner)
                .append("verbosity", new BsonString("queryPlanner"))
                .append("maxTimeMS", new BsonInt64(Math.max(1, context.timeout().toMillis())));
        try {
            BsonDocument plan = database().runCommand(command, BsonDocument.class);
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            out.put("explainSupported", true);
            out.put("verbosity", "queryPlanner");
            for (Map.Entry<String, BsonValue> e : plan.entrySet()) {
                if (!EXPLAIN_DROPPED_KEYS.contains(e.getKey())) {
                    out.put(e.getKey(), BsonValues.toValue(e.getValue()));
                }
            }
            return out;
        } catch (MongoCommandException e) {
            if (COMMAND_NOT_FOUND.contains(e.getErrorCode())) {
                // The in-process test server and some MongoDB-compatible servers have no explain: say so plainly
                // rather than fail the request or fall back to running the query.
                Map<String, @Nullable Object> out = new LinkedHashMap<>();
                out.put("explainSupported", false);
                out.put("verbosity", "queryPlanner");
                out.put("reason", "the server does not support the explain command: error "
                        + MongoErrors.describeCode(e));
                return out;
            }
            throw MongoErrors.map(e, what);
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, what);
        }
    }

    private static BsonDocument explainedCommand(ApprovedQuery query) {
        String collection = query.collection();
        if (collection == null) {
            throw new ConnectorException(Kind.QUERY_FAILED, "explain: the approved request names no collection");
        }
        if (query.kind() == ApprovedQuery.Kind.MONGO_AGGREGATE) {
            List<Map<String, @Nullable Object>> pipeline = query.pipeline();
            BsonArray stages = new BsonArray();
            for (BsonDocument stage : BsonValues.toBson(pipeline == null ? List.of() : pipeline)) {
                stages.add(stage);
            }
            return new BsonDocument("aggregate", new BsonString(collection)).append("pipeline", stages)
                    .append("cursor", new BsonDocument()).append("allowDiskUse", BsonBoolean.FALSE);
        }
        if (query.kind() != ApprovedQuery.Kind.MONGO_FIND) {
            throw new ConnectorException(Kind.QUERY_FAILED, "explain: a MongoDB resource explains only find and aggregate");
        }
        BsonDocument find = new BsonDocument("find", new BsonString(collection));
        Map<String, @Nullable Object> filter = query.filter();
        find.append("filter", filter == null ? new BsonDocument() : BsonValues.toBson(filter));
        if (query.projection() != null) {
            find.append("projection", BsonValues.toBson(Objects.requireNonNull(query.projection())));
        }
        if (query.sort() != null) {
            find.append("sort", BsonValues.toBson(Objects.requireNonNull(query.sort())));
        }
        Integer skip = query.skip();
        if (skip != null && skip > 0) {
            find.append("skip", new BsonInt32(skip));
        }
        Integer limit = query.limit();
        int cap = query.maxRows() + 1;
        find.append("limit", new BsonInt32(limit == null || limit <= 0 || limit > cap ? cap : limit));
        return find;
    }

    // ------------------------------------------------------------------ metadata

    @Override
    public List<TableInfo> listTables(ApprovedQuery request, QueryContext context) {
        MongoDatabase db = database();
        List<TableInfo> out = new ArrayList<>();
        try {
            for (CollectionEntry entry : collections(db, request::permitsTable, context)) {
                Long estimate = null;
                if (entry.kind.equals("collection")) {
                    estimate = estimatedCount(db, entry.name, context);
                }
                out.add(new TableInfo(settings.database(), entry.name, entry.kind, estimate));
            }
        } catch (ConnectorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, "listCollections");
        }
        return out;
    }

    /** The count command's metadata estimate; null when the server cannot give one cheaply. */
    private @Nullable Long estimatedCount(MongoDatabase db, String collection, QueryContext context) {
        try {
            return db.getCollection(collection, BsonDocument.class).estimatedDocumentCount(
                    new EstimatedDocumentCountOptions()
                            .maxTime(Math.max(1, context.timeout().toMillis()), TimeUnit.MILLISECONDS));
        } catch (MongoCommandException e) {
            // e.g. a time-series collection or a server without the count command: the estimate is optional
            return null;
        }
    }

    private record CollectionEntry(String name, String kind) {
    }

    /** Collections and views of the database, without system collections, filtered by the table rules. */
    private List<CollectionEntry> collections(MongoDatabase db, Predicate<String> permits, QueryContext context) {
        List<CollectionEntry> out = new ArrayList<>();
        for (BsonDocument info : db.listCollections(BsonDocument.class)
                .maxTime(Math.max(1, context.timeout().toMillis()), TimeUnit.MILLISECONDS)) {
            BsonValue nameValue = info.get("name");
            if (nameValue == null || !nameValue.isString()) {
                continue;
            }
            String name = nameValue.asString().getValue();
            if (name.startsWith("system.")) {
                continue;
            }
            if (!permits.test(settings.database() + "." + name)) {
                continue;
            }
            BsonValue type = info.get("type");
            String kind = type != null && type.isString() ? type.asString().getValue() : "collection";
            out.add(new CollectionEntry(name, kind));
        }
        out.sort((a, b) -> a.name.compareTo(b.name));
        return out;
    }

    @Override
    public TableDescription describeTable(ApprovedQuery request, QueryContext context) {
        String table = request.table();
        if (table == null) {
            table = request.collection();
        }
        if (table == null) {
            throw new ConnectorException(Kind.QUERY_FAILED, "describe_table: no collection named");
        }
        String name = table.startsWith(settings.database() + ".")
                ? table.substring(settings.database().length() + 1) : table;
        MongoDatabase db = database();
        try {
            String kind = null;
            for (CollectionEntry entry : collections(db, request::permitsTable, context)) {
                if (entry.name.equals(name)) {
                    kind = entry.kind;
                }
            }
            if (kind == null) {
                throw new ConnectorException(Kind.QUERY_FAILED, "describe_table: no such collection in database "
                        + settings.database() + ": " + name);
            }
            SchemaInference inference = sampleRandom(db, name, context);
            List<TableDescription.Index> indexes = indexes(db, name, kind);
            Long estimate = kind.equals("collection") ? estimatedCount(db, name, context) : null;
            return new TableDescription(settings.database(), name, kind, inference.fields(), List.of("_id"), indexes,
                    estimate);
        } catch (ConnectorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, "describe_table");
        }
    }

    /** A {@code $sample} of the collection; the first documents in natural order where {@code $sample} is missing. */
    private SchemaInference sampleRandom(MongoDatabase db, String collection, QueryContext context) {
        MongoCollection<BsonDocument> coll = db.getCollection(collection, BsonDocument.class);
        long maxTimeMs = Math.max(1, context.timeout().toMillis());
        SchemaInference inference = new SchemaInference();
        try {
            for (BsonDocument doc : coll.aggregate(List.of(new BsonDocument("$sample",
                    new BsonDocument("size", new BsonInt32(settings.sampleSize())))))
                    .allowDiskUse(false).maxTime(maxTimeMs, TimeUnit.MILLISECONDS)) {
                inference.add(doc);
            }
            return inference;
        } catch (MongoCommandException e) {
            LOG.debug("mongodb resource {}: $sample refused ({}); sampling the first documents instead",
                    settings.resourceId(), MongoErrors.describeCode(e));
        }
        return sampleFirst(coll, maxTimeMs, false);
    }

    /** The first documents, by {@code _id} when {@code ordered} (deterministic, for the fingerprint). */
    private SchemaInference sampleFirst(MongoCollection<BsonDocument> coll, long maxTimeMs, boolean ordered) {
        SchemaInference inference = new SchemaInference();
        FindIterable<BsonDocument> find = coll.find().limit(settings.sampleSize())
                .maxTime(maxTimeMs, TimeUnit.MILLISECONDS);
        if (ordered) {
            find.sort(new BsonDocument("_id", new BsonInt32(1)));
        }
        for (BsonDocument doc : find) {
            inference.add(doc);
        }
        return inference;
    }

    private List<TableDescription.Index> indexes(MongoDatabase db, String collection, String kind) {
        List<TableDescription.Index> out = new ArrayList<>();
        if (!kind.equals("collection")) {
            return out;
        }
        try {
            for (BsonDocument index : db.getCollection(collection).listIndexes(BsonDocument.class)) {
                BsonValue name = index.get("name");
                BsonValue key = index.get("key");
                if (name == null || !name.isString() || key == null || !key.isDocument()) {
                    continue;
                }
                BsonValue unique = index.get("unique");
                boolean isUnique = "_id_".equals(name.asString().getValue())
                        || (unique != null && unique.isBoolean() && unique.asBoolean().getValue());
                out.add(new TableDescription.Index(name.asString().getValue(),
                        new ArrayList<>(key.asDocument().keySet()), isUnique));
            }
        } catch (MongoCommandException e) {
            // indexes are informational; a server that cannot list them gets an empty list
        }
        return out;
    }

    // ------------------------------------------------------------------ fingerprint and health

    @Override
    public String schemaFingerprint(QueryContext context) {
        MongoDatabase db = database();
        long maxTimeMs = Math.max(1, context.timeout().toMillis());
        StringBuilder canonical = new StringBuilder("mongodb-schema-v1\n");
        try {
            for (CollectionEntry entry : collections(db, name -> true, context)) {
                canonical.append("collection ").append(entry.name).append(' ').append(entry.kind).append('\n');
                SchemaInference inference = sampleFirst(db.getCollection(entry.name, BsonDocument.class), maxTimeMs,
                        entry.kind.equals("collection"));
                for (TableDescription.Field field : inference.fields()) {
                    canonical.append("  ").append(field.name()).append(' ').append(field.type()).append('\n');
                }
            }
        } catch (ConnectorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, "schema fingerprint");
        }
        return sha256(canonical.toString());
    }

    @Override
    public HealthReport health(Duration timeout) {
        long start = System.nanoTime();
        MongoDatabase db;
        try {
            db = database().withTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (ConnectorException e) {
            return new HealthReport(false, false, 0, e.getMessage());
        }
        try {
            db.runCommand(new BsonDocument("ping", new BsonInt32(1)));
        } catch (MongoSecurityException e) {
            return new HealthReport(true, false, elapsedMs(start), "authentication with MongoDB failed");
        } catch (MongoTimeoutException e) {
            return new HealthReport(false, false, elapsedMs(start), "cannot connect to MongoDB at " + settings.hosts()
                    + " within " + timeout.toMillis() + " ms");
        } catch (RuntimeException e) {
            ConnectorException mapped = MongoErrors.map(e, "ping");
            return new HealthReport(false, false, elapsedMs(start), mapped.getMessage());
        }
        try {
            // an authenticated command: listing the collections the user may read
            db.runCommand(new BsonDocument("listCollections", new BsonInt32(1))
                    .append("nameOnly", BsonBoolean.TRUE)
                    .append("authorizedCollections", BsonBoolean.TRUE));
        } catch (MongoSecurityException e) {
            return new HealthReport(true, false, elapsedMs(start), "authentication with MongoDB failed");
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == 13 || e.getErrorCode() == 18) {
                return new HealthReport(true, false, elapsedMs(start), "MongoDB refused the credentials for database "
                        + settings.database() + " (" + MongoErrors.describeCode(e) + ")");
            }
            return new HealthReport(true, true, elapsedMs(start), MongoErrors.map(e, "listCollections").getMessage());
        } catch (RuntimeException e) {
            ConnectorException mapped = MongoErrors.map(e, "listCollections");
            return new HealthReport(true, false, elapsedMs(start), mapped.getMessage());
        }
        return new HealthReport(true, true, elapsedMs(start), null);
    }

    private static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "MongoConnector[" + settings + "]";
    }
}
