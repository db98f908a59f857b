/**
 * The relay runtime. Start here: {@code RelayRuntime}.
 */
@NullMarked
package dev.relay.runtime;

import org.jspecify.annotations.NullMarked;
