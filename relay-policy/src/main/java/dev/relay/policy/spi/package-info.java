/**
 * The {@code ResourceConnector} SPI: what a connector implements and receives. Start here: {@link dev.relay.policy.spi.ConnectorProvider}.
 */
@NullMarked
package dev.relay.policy.spi;

import org.jspecify.annotations.NullMarked;
