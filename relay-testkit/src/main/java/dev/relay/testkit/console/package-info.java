/**
 * The local console: a control plane on loopback where a person types SQL or MongoDB queries
 * for a relay running on their own config and sees the masked results as tables. Start here:
 * {@link dev.relay.testkit.console.Console}.
 */
@NullMarked
package dev.relay.testkit.console;

import org.jspecify.annotations.NullMarked;
