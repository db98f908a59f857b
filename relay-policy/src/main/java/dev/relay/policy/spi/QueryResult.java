package dev.relay.policy.spi;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a connector returns for an approved {@code query}: rows aligned with columns (SQL) or
 * documents (MongoDB). Values follow {@link ResultModel}. {@code clamped} is exact: true only
 * when more rows (or bytes) existed than were returned, and {@code truncatedBy} then says why.
 * {@code toString()} never prints values.
 */
public sealed interface QueryResult permits QueryResult.Rows, QueryResult.Documents {

    int rowCount();

    boolean clamped();

    @Nullable TruncatedBy truncatedBy();

    /** A tabular result; duplicate column names stay distinct because rows are positional. */
    record Rows(List<Column> columns, List<List<@Nullable Object>> rows, boolean clamped,
            @Nullable TruncatedBy truncatedBy) implements QueryResult {
        @Override
        public int rowCount() {
            return rows.size();
        }

        @Override
        public String toString() {
            return "Rows[columns=" + columns.size() + ", rows=" + rows.size() + ", clamped=" + clamped
                    + ", truncatedBy=" + truncatedBy + "]";
        }
    }

    /** A document result, each document in relaxed Extended JSON form as plain Java values. */
    record Documents(List<Map<String, @Nullable Object>> documents, boolean clamped,
            @Nullable TruncatedBy truncatedBy) implements QueryResult {
        @Override
        public int rowCount() {
            return documents.size();
        }

        @Override
        public String toString() {
            return "Documents[documents=" + documents.size() + ", clamped=" + clamped
                    + ", truncatedBy=" + truncatedBy + "]";
        }
    }
}
