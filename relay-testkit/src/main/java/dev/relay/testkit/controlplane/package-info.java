/**
 * A local, scriptable control plane: the WebSocket server a relay dials into, for tests, the demo
 * and the local console. Start here: {@link dev.relay.testkit.controlplane.ControlPlaneServer};
 * in JUnit 5 tests, {@link dev.relay.testkit.controlplane.ControlPlaneExtension}.
 */
@NullMarked
package dev.relay.testkit.controlplane;

import org.jspecify.annotations.NullMarked;
