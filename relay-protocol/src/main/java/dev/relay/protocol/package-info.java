/**
 * JSON-RPC 2.0 and Relay's methods. Start here: the codec and the message model.
 */
@NullMarked
package dev.relay.protocol;

import org.jspecify.annotations.NullMarked;
