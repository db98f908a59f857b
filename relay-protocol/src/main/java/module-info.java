/**
 * JSON-RPC 2.0 and Relay's methods: the message model, the typed params and results, the error
 * codes and the codec. Depends on Jackson only; knows no transport.
 *
 * <p>Exports {@code dev.relay.protocol}; {@code dev.relay.protocol.internal} stays hidden. Jackson
 * databind is {@code requires transitive} because {@code JsonNode} is part of the API
 * ({@code Request.params()}, {@code JsonRpcError.data()}, {@code Response.Success.result()}).
 * Jackson reads and writes only trees, maps and lists here (no data binding of our types), so no
 * package is opened to it.
 */
module dev.relay.protocol {
    requires transitive com.fasterxml.jackson.databind;
    requires static transitive org.jspecify;

    exports dev.relay.protocol;
}
