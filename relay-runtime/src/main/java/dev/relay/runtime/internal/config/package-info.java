/** Internals of configuration loading (YAML tree with marks, substitution, typed reading). Not API. */
@NullMarked
package dev.relay.runtime.internal.config;

import org.jspecify.annotations.NullMarked;
