package dev.relay.policy.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to {@code describe_table}. For MongoDB the fields are inferred from a bounded
 * sample: {@link Field#type()} lists the BSON types seen ({@code string|int32}) and
 * {@link Field#presence()} the fraction of sampled documents holding the field.
 */
public record TableDescription(
        String schema,
        String name,
        String kind,
        List<Field> fields,
        List<String> primaryKey,
        List<Index> indexes,
        @Nullable Long estimatedRows) {

    /** A column or a (dotted) document field path. */
    public record Field(String name, String type, boolean nullable, @Nullable Double presence) {
    }

    /** An index: name, the columns or field paths it covers, whether it is unique. */
    public record Index(String name, List<String> columns, boolean unique) {
    }
}
