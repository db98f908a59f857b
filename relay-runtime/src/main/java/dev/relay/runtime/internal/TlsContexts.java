package dev.relay.runtime.internal;

import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/** Builds the client TLS context: TLS 1.2/1.3 only, the JDK's trust store or {@code caFile}, optional client certificate. */
final class TlsContexts {

    private TlsContexts() {
    }

    static SslContext client(RelayConfig.Tls tls) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols(tls.protocols())
                    .endpointIdentificationAlgorithm("HTTPS");
            if (tls.caFile() != null) {
                b.trustManager(tls.caFile().toFile());
            }
            if (tls.clientCertFile() != null && tls.clientKeyFile() != null) {
                b.keyManager(tls.clientCertFile().toFile(), tls.clientKeyFile().toFile(),
                        tls.clientKeyPassword() == null ? null : tls.clientKeyPassword().reveal());
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new RelayException("controlPlane.tls: cannot load the certificates or key ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
