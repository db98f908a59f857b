/**
 * The policy engine ({@code dev.relay.policy}) and the connector SPI ({@code dev.relay.policy.spi}).
 *
 * <p>JSqlParser is a plain {@code requires}: no JSqlParser type appears in the exported API.
 * {@link dev.relay.policy.spi.ConnectorRegistry} discovers connectors with
 * {@link java.util.ServiceLoader}, hence {@code uses}: on the module path a connector module
 * declares {@code provides dev.relay.policy.spi.ConnectorProvider with ...}; on the class path its
 * {@code META-INF/services} entry is read instead.
 */
module dev.relay.policy {
    requires net.sf.jsqlparser;
    requires static transitive org.jspecify;

    exports dev.relay.policy;
    exports dev.relay.policy.spi;

    uses dev.relay.policy.spi.ConnectorProvider;
}
