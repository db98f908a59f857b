/**
 * The relay: YAML config, the outbound WebSocket client, dispatch, lifecycle and the {@code relay}
 * command line. Start here: {@link dev.relay.runtime.RelayRuntime}; the CLI is
 * {@link dev.relay.runtime.cli.RelayCli} ({@code java -p <jars> -m dev.relay.runtime}).
 *
 * <p>Exports {@code dev.relay.runtime} and {@code dev.relay.runtime.cli}; every
 * {@code dev.relay.runtime.internal...} package stays hidden. The connector modules are not
 * required: they are bound as services of {@code dev.relay.policy} ({@code uses ConnectorProvider}),
 * exactly as a third-party connector module is. The CLI package is opened to picocli, which reads
 * its annotated fields and instantiates its classes reflectively. {@code jdk.unsupported} gives the
 * SIGHUP handler {@code sun.misc.Signal}. The runtime's own SLF4J provider is declared with
 * {@code provides} (and in {@code META-INF/services} for the class path).
 */
module dev.relay.runtime {
    requires transitive dev.relay.protocol;
    requires transitive dev.relay.policy;
    requires transitive dev.relay.masking;
    requires transitive dev.relay.audit;
    requires com.fasterxml.jackson.databind;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.handler.proxy;
    requires io.netty.resolver;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires org.snakeyaml.engine.v2;
    requires info.picocli;
    requires org.slf4j;
    requires jdk.unsupported;
    requires static transitive org.jspecify;

    exports dev.relay.runtime;
    exports dev.relay.runtime.cli;

    opens dev.relay.runtime.cli to info.picocli;

    provides org.slf4j.spi.SLF4JServiceProvider with dev.relay.runtime.internal.log.RelayLoggerProvider;
}
