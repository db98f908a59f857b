/**
 * Local control plane, database fixtures and the demo. Start here: {@code ControlPlaneServer}.
 */
@NullMarked
package dev.relay.testkit;

import org.jspecify.annotations.NullMarked;
