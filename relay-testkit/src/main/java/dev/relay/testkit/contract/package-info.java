/**
 * The connector contract kit: abstract JUnit 5 tests every connector's test class extends, so
 * that each connector (bundled or third-party) is held to the same behaviour. Start here:
 * {@link dev.relay.testkit.contract.ResourceConnectorContract}.
 */
@NullMarked
package dev.relay.testkit.contract;

import org.jspecify.annotations.NullMarked;
