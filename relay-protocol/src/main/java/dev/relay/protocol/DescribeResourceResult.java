package dev.relay.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@code describe_resource}: the resource's members as in {@code list_resources}
 * plus {@code tables}, its tables (or collections) with their columns (or fields). Read
 * leniently: {@code tables} may be absent (listing not allowed) and entries beyond those the
 * relay described carry no columns.
 */
public record DescribeResourceResult(ResourceInfo resource, List<TableSchema> tables) implements WireObject {

    public DescribeResourceResult {
        Objects.requireNonNull(resource, "resource");
        tables = List.copyOf(tables);
    }

    @Override
    public Map<String, @Nullable Object> toWire() {
        Map<String, @Nullable Object> m = resource.toWire();
        m.put("tables", TableSchema.wire(tables));
        return m;
    }

    /** @throws InvalidParamsException naming the member at fault */
    public static DescribeResourceResult from(JsonNode result) {
        ParamReader r = ParamReader.of(result, "result");
        ResourceInfo info = ResourceInfo.read(r);
        List<TableSchema> tables = new ArrayList<>();
        for (ParamReader t : r.objectList("tables", false)) {
            tables.add(TableSchema.read(t));
        }
        r.rejectUnknown();
        return new DescribeResourceResult(info, tables);
    }

    @Override
    public String toString() {
        return "DescribeResourceResult[resource=" + resource.id() + ", tables=" + tables.size() + "]";
    }
}
