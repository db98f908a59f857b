/**
 * The audit trail. Start here: {@code AuditLog}.
 */
@NullMarked
package dev.relay.audit;

import org.jspecify.annotations.NullMarked;
