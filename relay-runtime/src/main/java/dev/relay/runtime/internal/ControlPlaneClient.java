package dev.relay.runtime.internal;

import dev.relay.runtime.RelayConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound WebSocket connection to the control plane, kept up forever: connect (through an
 * HTTP CONNECT proxy when configured), TLS with hostname verification, the upgrade with the
 * bearer token and the relay's identity, then frames in and out. Dead connections are detected by
 * WebSocket pings on write-idle and an inbound idle timeout; every loss schedules a reconnect on
 * the {@link Backoff} schedule. Only framing happens on the event loop: each inbound message is
 * handed to the {@link Listener}, which must not block.
 */
public final class ControlPlaneClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneClient.class);

    /** Receives connection events and messages, on the event loop: never block here. */
    public interface Listener {
        void onConnected(Connection connection);

        void onMessage(Connection connection, String text);

        void onDisconnected(Connection connection);

        /** {@code exitAfterFailedAttempts} was reached; the client has stopped. */
        default void onGiveUp(int failedAttempts) {
        }
    }

    private final RelayConfig.ControlPlane config;
    private final String relayId;
    private final String version;
    private final long maxMessageBytes;
    private final Listener listener;
    private final Backoff backoff;
    private final @Nullable SslContext sslContext;
    private final Transport transport;
    private final EventLoopGroup group;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final AtomicLong connectionIds = new AtomicLong();
    private volatile boolean stopped;
    private volatile @Nullable Channel channel;
    private volatile @Nullable Connection current;
    private int failedAttempts;

    public ControlPlaneClient(RelayConfig.ControlPlane config, String relayId, String version, long maxMessageBytes,
            Listener listener, Clock clock, LongSupplier nanoTime, RandomGenerator random) {
        this.config = config;
        this.relayId = relayId;
        this.version = version;
        this.maxMessageBytes = maxMessageBytes;
        this.listener = listener;
        this.clock = clock;
        this.nanoTime = nanoTime;
        RelayConfig.Reconnect rc = config.reconnect();
        this.backoff = new Backoff(rc.initialDelay(), rc.maxDelay(), rc.resetAfter(), rc.authFailureDelay(), clock, random);
        this.sslContext = "wss".equals(config.url().getScheme()) ? TlsContexts.client(config.tls()) : null;
        this.transport = Transport.select();
        if (transport.fallbackReason() != null) {
            LOG.warn("{}", transport.fallbackReason());
        }
        this.group = new MultiThreadIoEventLoopGroup(1, new NamedThreadFactory("relay-io"), transport.ioHandlerFactory());
    }

    /** Starts connecting; returns at once. */
    public void start() {
        group.execute(this::connect);
    }

    /** The current connection, if established. */
    public @Nullable Connection current() {
        return current;
    }

    private void connect() {
        if (stopped) {
            return;
        }
        URI url = config.url();
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : sslContext != null ? 443 : 80;
        RelayConfig.Proxy proxy = config.proxy();
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 8 << 20))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initPipeline(ch, host, port);
                    }
                });
        InetSocketAddress target;
        if (proxy != null) {
            // the proxy resolves the control plane's name, as curl does with HTTPS_PROXY
            b.resolver(NoopAddressResolverGroup.INSTANCE);
            target = InetSocketAddress.createUnresolved(host, port);
        } else {
            target = new InetSocketAddress(host, port);
        }
        LOG.info("connecting to {}{}", redactedUrl(), proxy == null ? "" : " through proxy " + proxy.host() + ":" + proxy.port());
        ChannelFuture f = b.connect(target);
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                failed("cannot connect: " + describe(done.cause()), false);
            }
        });
    }

    /** The whole pipeline, in order, for one connection. */
    void initPipeline(Channel ch, String host, int port) {
        ChannelPipeline p = ch.pipeline();
        RelayConfig.Proxy proxy = config.proxy();
        if (proxy != null) {
            InetSocketAddress proxyAddress = new InetSocketAddress(proxy.host(), proxy.port());
            HttpProxyHandler handler = proxy.username() == null || proxy.password() == null
                    ? new HttpProxyHandler(proxyAddress)
                    : new HttpProxyHandler(proxyAddress, proxy.username(), proxy.password().reveal());
            handler.setConnectTimeoutMillis(config.connectTimeout().toMillis());
            p.addLast("proxy", handler);
        }
        if (sslContext != null) {
            SslHandler tls = sslContext.newHandler(ch.alloc(), host, port);
            SSLEngine engine = tls.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
            tls.setHandshakeTimeoutMillis(config.connectTimeout().toMillis());
            p.addLast("tls", tls);
        }
        p.addLast("http", new HttpClientCodec());
        p.addLast("http-aggregator", new HttpObjectAggregator(64 * 1024));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator((int) Math.min(Integer.MAX_VALUE, maxMessageBytes)));
        p.addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), config.pingInterval().toMillis(), 0,
                TimeUnit.MILLISECONDS));
        p.addLast("messages", new MessageFramer());
        p.addLast("relay", new Handler(newHandshaker()));
    }

    private WebSocketClientHandshaker newHandshaker() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + config.token().reveal())
                .set("X-Relay-Id", relayId)
                .set("X-Relay-Version", version)
                .set(HttpHeaderNames.USER_AGENT, "relay/" + version);
        // no extensions: compression stays off (results are masked JSON; CRIME-style risks, CPU)
        int maxFrame = (int) Math.min(Integer.MAX_VALUE, maxMessageBytes);
        return new WebSocketClientHandshaker13(config.url(), WebSocketVersion.V13, null, false, headers, maxFrame) {
            @Override
            protected WebSocketFrameDecoder newWebsocketDecoder() {
                // a violation (oversize frame) is reported to our handler, which closes with 1009
                // through the whole pipeline; the default decoder's own close frame skips the encoder
                return new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                        .expectMaskedFrames(false)
                        .allowMaskMismatch(false)
                        .allowExtensions(false)
                        .maxFramePayloadLength(maxFrame)
                        .closeOnProtocolViolation(false)
                        .build());
            }
        };
    }

    private String redactedUrl() {
        URI u = config.url();
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getRawPath();
    }

    /** An attempt failed before or during the handshake, or an established connection ended. */
    private void failed(String why, boolean authFailure) {
        if (stopped) {
            return;
        }
        failedAttempts++;
        backoff.disconnected();
        int limit = config.reconnect().exitAfterFailedAttempts();
        if (limit > 0 && failedAttempts >= limit) {
            LOG.error("{}; giving up after {} failed attempt(s) (controlPlane.reconnect.exitAfterFailedAttempts)", why,
                    failedAttempts);
            stopped = true;
            listener.onGiveUp(failedAttempts);
            return;
        }
        Duration delay = backoff.nextDelay(authFailure);
        LOG.warn("{}; reconnecting in {} ms (attempt {})", why, delay.toMillis(), failedAttempts);
        group.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void lost(Connection connection, String why) {
        current = null;
        listener.onDisconnected(connection);
        if (stopped) {
            return;
        }
        backoff.disconnected();
        Duration delay = backoff.nextDelay(false);
        LOG.warn("connection to the control plane lost ({}); reconnecting in {} ms", why, delay.toMillis());
        group.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends close 1001 (going away) on the current connection and stops reconnecting. */
    public void stop(int status, String reason) {
        stopped = true;
        Connection c = current;
        if (c != null) {
            c.close(status, reason);
        } else {
            Channel ch = channel;
            if (ch != null) {
                ch.close();
            }
        }
    }

    /** Drops the current connection at once (it will be re-established), e.g. after a config change. */
    public void reconnect() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public void close() {
        stopped = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** A log-safe account of why a connection attempt failed; TLS failures named by their cause. */
    static String describe(@Nullable Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        StringBuilder chain = new StringBuilder();
        boolean tls = false;
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            root = c;
            tls |= c instanceof SSLException || c instanceof java.security.cert.CertificateException;
            if (c.getMessage() != null) {
                chain.append(c.getMessage()).append(" | ");
            }
        }
        String all = chain.toString();
        if (all.contains("No subject alternative") || all.contains("No name matching")) {
            return "TLS: the server certificate does not match the host name " + "(" + root.getMessage() + ")";
        }
        if (all.contains("PKIX") || all.contains("unable to find valid certification path")) {
            return "TLS: the server certificate is not trusted (set controlPlane.tls.caFile to its CA?)";
        }
        if (all.contains("certificate_required") || all.contains("bad_certificate")) {
            return "TLS: the control plane refused the relay's client certificate (mutual TLS: check "
                    + "controlPlane.tls.clientCertFile and clientKeyFile)";
        }
        if (tls) {
            return "TLS handshake failed: " + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage());
        }
        if (t instanceof io.netty.handler.proxy.ProxyConnectException) {
            return "proxy: " + t.getMessage();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** One connection's state machine: upgrade, then frames. */
    private final class Handler extends SimpleChannelInboundHandler<Object> {

        private final WebSocketClientHandshaker handshaker;
        private @Nullable Connection connection;
        private @Nullable String failure;
        private boolean authFailure;

        Handler(WebSocketClientHandshaker handshaker) {
            this.handshaker = handshaker;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            handshaker.handshake(ctx.channel());
            ctx.executor().schedule(() -> {
                if (connection == null && ctx.channel().isActive()) {
                    failure = "the WebSocket upgrade did not complete within " + config.connectTimeout().toMillis() + " ms";
                    ctx.close();
                }
            }, config.connectTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (!handshaker.isHandshakeComplete()) {
                if (msg instanceof FullHttpResponse response) {
                    int status = response.status().code();
                    if (status == 101) {
                        try {
                            handshaker.finishHandshake(ctx.channel(), response);
                        } catch (RuntimeException e) {
                            failure = "the WebSocket upgrade was invalid: " + e.getMessage();
                            ctx.close();
                            return;
                        }
                        Connection c = new Connection(ctx.channel(), connectionIds.incrementAndGet(), clock.instant(),
                                config.idleTimeout(), nanoTime);
                        connection = c;
                        current = c;
                        failedAttempts = 0;
                        backoff.connected();
                        LOG.info("connected to the control plane as {} (connection #{})", relayId, c.id());
                        listener.onConnected(c);
                        return;
                    }
                    if (status == 401) {
                        failure = "the control plane refused the token (HTTP 401 Unauthorized): check controlPlane.token";
                        authFailure = true;
                    } else if (status == 403) {
                        failure = "the control plane refused relay " + relayId
                                + " (HTTP 403 Forbidden): this relay or its token is not allowed; check controlPlane.token and relayId";
                        authFailure = true;
                    } else {
                        failure = "the control plane refused the WebSocket upgrade (HTTP " + status + ")";
                    }
                    ctx.close();
                }
                return;
            }
            if (!(msg instanceof WebSocketFrame frame)) {
                return;
            }
            if (frame instanceof TextWebSocketFrame text) {
                Connection c = connection;
                if (c != null) {
                    listener.onMessage(c, text.text());
                }
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame close) {
                failure = "the control plane closed the connection (" + close.statusCode()
                        + (close.reasonText().isEmpty() ? "" : " " + close.reasonText()) + ")";
                ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), ""))
                        .addListener(f -> ctx.close());
            } else if (!(frame instanceof PongWebSocketFrame)) {
                LOG.warn("ignoring a binary frame: the relay speaks JSON text only");
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent idle && connection != null) {
                if (idle.state() == IdleState.WRITER_IDLE) {
                    ctx.writeAndFlush(new PingWebSocketFrame());
                } else if (idle.state() == IdleState.READER_IDLE) {
                    failure = "nothing received for " + config.idleTimeout().toMillis()
                            + " ms (not even a pong): closing the dead connection";
                    ctx.close();
                }
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException) {
                failure = "the control plane sent a message over limits.maxRequestBytes (" + maxMessageBytes
                        + " bytes) or a malformed frame: closing with 1009";
                if (connection != null) {
                    connection.close(1009, "message too big");
                    return;
                }
            } else if (failure == null) {
                failure = describe(cause);
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Connection c = connection;
            if (c != null) {
                lost(c, failure == null ? "closed" : failure);
            } else {
                failed(failure == null ? "the connection closed during the handshake" : failure, authFailure);
            }
            ctx.fireChannelInactive();
        }
    }

    static boolean isClosed(Throwable t) {
        return t instanceof ClosedChannelException;
    }
}
