package dev.relay.policy.spi;

import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code list_tables}: schema (or database), name, kind ({@code table}, {@code view},
 * {@code materialized_view}, {@code collection}...) and the database's row estimate when known.
 */
public record TableInfo(String schema, String name, String kind, @Nullable Long estimatedRows) {
}
