/**
 * Local control plane, database fixtures, sample data and the demo. Start here:
 * {@link dev.relay.testkit.controlplane.ControlPlaneServer}.
 */
@NullMarked
package dev.relay.testkit;

import org.jspecify.annotations.NullMarked;
