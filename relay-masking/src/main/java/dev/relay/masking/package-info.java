/**
 * PII masking. Start here: {@code Masker}.
 */
@NullMarked
package dev.relay.masking;

import org.jspecify.annotations.NullMarked;
