package dev.relay.masking;

import org.jspecify.annotations.Nullable;

/**
 * Where a value comes from, for column rules: the resource id, the table or collection (when known)
 * and the column or field path. Traversal extends the path as it descends into maps (dotted:
 * {@code address.zip}); list elements keep the path of their list.
 *
 * @param resource resource id, or null when unknown
 * @param table table (optionally schema-qualified) or collection, or null when unknown (a join)
 * @param path column name or dotted field path, or null at the top of a value
 */
public record MaskScope(@Nullable String resource, @Nullable String table, @Nullable String path) {

    /** No resource, table or path: only detectors apply (column rules without a column never match). */
    public static final MaskScope NONE = new MaskScope(null, null, null);

    public static MaskScope of(@Nullable String resource, @Nullable String table) {
        return new MaskScope(resource, table, null);
    }

    /** This scope one level down, at field {@code name}. */
    public MaskScope child(String name) {
        return new MaskScope(resource, table, path == null ? name : path + "." + name);
    }
}
