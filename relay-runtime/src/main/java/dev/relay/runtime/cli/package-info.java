/**
 * The {@code relay} command line (picocli). Start here: {@link dev.relay.runtime.cli.RelayCli}.
 * Exit codes: 0 ok, 1 failure, 2 usage.
 */
@NullMarked
package dev.relay.runtime.cli;

import org.jspecify.annotations.NullMarked;
