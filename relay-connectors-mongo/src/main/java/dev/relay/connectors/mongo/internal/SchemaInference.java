package dev.relay.connectors.mongo.internal;

import dev.relay.policy.spi.TableDescription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Infers a collection's fields from sampled documents. Field paths are dotted ({@code address.city});
 * documents inside arrays contribute their fields under the array's path, as MongoDB queries see them
 * ({@code orders.sku} for {@code orders: [{sku: ...}]}). For each path: the BSON type aliases seen (most frequent
 * first, ties by name), whether it was ever null or missing, and the fraction of sampled documents holding it.
 */
public final class SchemaInference {

    private static final int MAX_DEPTH = 20;

    private final Map<String, PathStats> paths = new TreeMap<>();
    private int documents;

    /** Adds one sampled document. */
    public void add(BsonDocument document) {
        documents++;
        Map<String, Boolean> seenInDoc = new TreeMap<>();
        walk("", document, seenInDoc, 0);
        for (String path : seenInDoc.keySet()) {
            paths.get(path).documentsHolding++;
        }
    }

    private void walk(String prefix, BsonDocument doc, Map<String, Boolean> seenInDoc, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        for (Map.Entry<String, BsonValue> e : doc.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            record(path, e.getValue(), seenInDoc, depth);
        }
    }

    private void record(String path, BsonValue value, Map<String, Boolean> seenInDoc, int depth) {
        PathStats stats = paths.computeIfAbsent(path, k -> new PathStats());
        stats.types.merge(BsonValues.typeAlias(value), 1, Integer::sum);
        seenInDoc.put(path, Boolean.TRUE);
        if (value.isDocument()) {
            walk(path, value.asDocument(), seenInDoc, depth + 1);
        } else if (value.isArray()) {
            BsonArray array = value.asArray();
            for (BsonValue item : array) {
                if (item.isDocument()) {
                    walk(path, item.asDocument(), seenInDoc, depth + 1);
                }
            }
        }
    }

    /** How many documents were sampled. */
    public int sampled() {
        return documents;
    }

    /** The inferred fields, sorted by path. */
    public List<TableDescription.Field> fields() {
        List<TableDescription.Field> out = new ArrayList<>(paths.size());
        for (Map.Entry<String, PathStats> e : paths.entrySet()) {
            PathStats s = e.getValue();
            double presence = documents == 0 ? 0.0 : (double) s.documentsHolding / documents;
            boolean nullable = s.types.containsKey("null") || s.types.containsKey("undefined")
                    || s.documentsHolding < documents;
            out.add(new TableDescription.Field(e.getKey(), s.typeString(), nullable, presence));
        }
        return out;
    }

    private static final class PathStats {
        final Map<String, Integer> types = new TreeMap<>();
        int documentsHolding;

        String typeString() {
            List<Map.Entry<String, Integer>> entries = new ArrayList<>(types.entrySet());
            entries.sort(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                    .thenComparing(Map.Entry::getKey));
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, Integer> t : entries) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(t.getKey());
            }
            return sb.toString();
        }
    }
}
