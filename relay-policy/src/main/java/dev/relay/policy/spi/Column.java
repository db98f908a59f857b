package dev.relay.policy.spi;

import org.jspecify.annotations.Nullable;

/**
 * A result column: its label, its database type name ({@code int8}, {@code text}, {@code jsonb}),
 * and, when the database can tell, the table it comes from (used by masking's column rules).
 */
public record Column(String name, String type, @Nullable String table) {
}
