/**
 * JSON-RPC 2.0 and Relay's methods, as a standalone artifact that depends on Jackson alone and
 * knows no transport.
 *
 * <p>Start here: {@link dev.relay.protocol.JsonRpcCodec} reads any text into
 * {@link dev.relay.protocol.Decoded} messages (never throwing, answering exactly what the
 * specification requires) and writes replies; {@link dev.relay.protocol.JsonRpcDispatcher} does
 * both around per-method handlers for synchronous users. The message model is the sealed
 * {@link dev.relay.protocol.Message} hierarchy with a real {@link dev.relay.protocol.JsonRpcId};
 * {@link dev.relay.protocol.RelayRequest} and {@link dev.relay.protocol.RelayNotification} are
 * the typed views of the relay's methods ({@link dev.relay.protocol.ExecuteParams},
 * {@link dev.relay.protocol.ExecuteResult}, ...). Errors: {@link dev.relay.protocol.ErrorCode},
 * {@link dev.relay.protocol.RelayReason}, {@link dev.relay.protocol.JsonRpcError}, carried by
 * {@link dev.relay.protocol.JsonRpcException}. No type prints a payload in {@code toString()}.
 * The wire contract is docs/protocol.md.
 */
@NullMarked
package dev.relay.protocol;

import org.jspecify.annotations.NullMarked;
