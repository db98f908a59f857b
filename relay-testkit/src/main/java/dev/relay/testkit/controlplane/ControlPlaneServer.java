package dev.relay.testkit.controlplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A local control plane for tests, the demo and the console: a Netty WebSocket server on loopback
 * that relays dial into. Start here.
 *
 * <pre>{@code
 * try (ControlPlaneServer cp = ControlPlaneServer.builder().token("s3cret").build().start()) {
 *   // point a relay at cp.url() with token "s3cret"
 *   RelaySession relay = cp.awaitConnection(Duration.ofSeconds(10));
 *   JsonNode resources = relay.call("list_resources", null, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>The handshake is checked in this order: path (404 when not {@link Builder#path}), an injected
 * refusal ({@link #refuseHandshakes}), then the bearer token (401 when missing, 401 or the
 * configured {@link Builder#wrongTokenStatus} when wrong). Every attempt is recorded in
 * {@link #handshakes()}. Faults for single connections live on {@link RelaySession}; the
 * server-wide ones here apply to connections made after they are set.
 *
 * <p>{@link #stop()} drops every connection and unbinds; {@link #start()} binds the same port
 * again, for reconnect tests. {@link #close()} releases the threads.
 */
public final class ControlPlaneServer implements AutoCloseable {

  /** The path relays connect to unless the builder says otherwise. */
  public static final String DEFAULT_PATH = "/v1/relay/connect";

  private final @Nullable String token;
  private final int wrongTokenStatus;
  private final String path;
  private final InetAddress bindAddress;
  private final @Nullable SslContext sslContext;
  private final int maxMessageBytes;
  private final ObjectMapper mapper;
  private final boolean recordHistory;
  private final EventLoopGroup group;
  private final String transport;
  private final Class<? extends ServerChannel> serverChannelClass;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final BlockingQueue<RelaySession> newSessions = new LinkedBlockingQueue<>();
  private final CopyOnWriteArrayList<RelaySession> sessions = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Handshake> handshakes = new CopyOnWriteArrayList<>();

  private volatile int refuseStatus;
  private volatile int closeAfterMessages = -1;
  private volatile Duration readDelay = Duration.ZERO;
  private volatile boolean stallNew;
  private volatile @Nullable Channel serverChannel;
  private volatile int port;
  private volatile boolean closed;

  private ControlPlaneServer(Builder b) {
    this.token = b.token;
    this.wrongTokenStatus = b.wrongTokenStatus;
    this.path = b.path;
    this.bindAddress = InetAddress.getLoopbackAddress();
    this.sslContext = b.buildSslContext();
    this.maxMessageBytes = b.maxMessageBytes;
    this.recordHistory = b.recordHistory;
    this.mapper = b.mapper;
    this.port = b.port;
    boolean epoll = b.nativeTransport && epollAvailable();
    this.transport = epoll ? "epoll" : "nio";
    this.serverChannelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    this.group = new MultiThreadIoEventLoopGroup(2, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts accepting relays. The first start binds the configured port (0: any free
   * port); a start after {@link #stop()} binds the same port again.
   */
  public synchronized ControlPlaneServer start() {
    if (closed) {
      throw new IllegalStateException("server is closed");
    }
    if (serverChannel != null) {
      return this;
    }
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(serverChannelClass)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.add(ch);
            ChannelPipeline p = ch.pipeline();
            if (sslContext != null) {
              p.addLast("tls", sslContext.newHandler(ch.alloc()));
            }
            p.addLast("http", new HttpServerCodec());
            p.addLast("aggregator", new HttpObjectAggregator(64 * 1024));
            p.addLast("relay", new ControlPlaneHandler(ControlPlaneServer.this));
          }
        });
    ChannelFuture bound = bootstrap.bind(new InetSocketAddress(bindAddress, port)).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new UncheckedIOException(new IOException(
          "cannot bind control plane to " + bindAddress.getHostAddress() + ":" + port, bound.cause()));
    }
    Channel ch = bound.channel();
    port = ((InetSocketAddress) ch.localAddress()).getPort();
    serverChannel = ch;
    return this;
  }

  /** Drops every connection (no close frame) and stops listening; {@link #start()} resumes on the same port. */
  public synchronized void stop() {
    Channel ch = serverChannel;
    serverChannel = null;
    if (ch != null) {
      ch.close().awaitUninterruptibly();
    }
    connections.close().awaitUninterruptibly();
  }

  /** Stops and releases the event loop threads. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    stop();
    closed = true;
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  /** Whether the server is accepting connections. */
  public boolean isRunning() {
    return serverChannel != null;
  }

  /** The port bound (the actual one when the builder said 0). */
  public int port() {
    return port;
  }

  /** The URL a relay connects to: {@code ws://127.0.0.1:PORT/v1/relay/connect} ({@code wss} with TLS). */
  public URI url() {
    return url(bindAddress.getHostAddress());
  }

  /** The URL with another host name for the loopback address (e.g. {@code localhost}, to match a certificate). */
  public URI url(String host) {
    return URI.create((sslContext != null ? "wss" : "ws") + "://" + host + ":" + port + path);
  }

  /** The bearer token relays must present, or {@code null} when any (or none) is accepted. */
  public @Nullable String token() {
    return token;
  }

  /**
   * Waits for the next relay to connect that no earlier call returned. Connections made before
   * the call count: the first call returns the first relay ever connected.
   */
  public RelaySession awaitConnection(Duration timeout) {
    try {
      RelaySession s = newSessions.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (s == null) {
        throw new ControlPlaneTimeoutException("no relay connected within " + timeout
            + " (" + handshakes.size() + " handshake attempt(s) seen)");
      }
      return s;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlPlaneTimeoutException("interrupted while awaiting a relay");
    }
  }

  /** Every session ever accepted, in order, open or not. */
  public List<RelaySession> sessions() {
    return List.copyOf(sessions);
  }

  /** Every upgrade request received, accepted or refused, in order. */
  public List<Handshake> handshakes() {
    return List.copyOf(handshakes);
  }

  /** Waits until at least {@code count} handshake attempts have been seen; returns them all. */
  public List<Handshake> awaitHandshakes(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (handshakes.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new ControlPlaneTimeoutException(
            "saw " + handshakes.size() + " of " + count + " handshake attempts within " + timeout);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ControlPlaneTimeoutException("interrupted while awaiting handshakes");
      }
    }
    return handshakes();
  }

  // ---------------------------------------------------------------- server-wide faults

  /** Answers every upgrade request from now on with this HTTP status (e.g. 503, 403) until {@link #acceptHandshakes()}. */
  public void refuseHandshakes(int status) {
    if (status < 200 || status > 599 || status == 101) {
      throw new IllegalArgumentException("status: must be an HTTP status 200..599, was " + status);
    }
    refuseStatus = status;
  }

  /** Undoes {@link #refuseHandshakes}. */
  public void acceptHandshakes() {
    refuseStatus = 0;
  }

  /** Each connection made from now on is closed (1001) after it has sent this many messages; {@code -1} turns it off. */
  public void closeNewConnectionsAfter(int messages) {
    closeAfterMessages = messages;
  }

  /** Connections made from now on are read slowly, pausing this long after each message. */
  public void readNewConnectionsSlowly(Duration delay) {
    readDelay = delay;
  }

  /** Connections made from now on are upgraded and then never read ({@link RelaySession#stall()}). */
  public void stallNewConnections(boolean stall) {
    stallNew = stall;
  }

  /** Clears every server-wide fault. */
  public void resetFaults() {
    refuseStatus = 0;
    closeAfterMessages = -1;
    readDelay = Duration.ZERO;
    stallNew = false;
  }

  // ---------------------------------------------------------------- used by the handler

  String path() {
    return path;
  }

  int refuseStatus() {
    return refuseStatus;
  }

  int wrongTokenStatus() {
    return wrongTokenStatus;
  }

  boolean recordHistory() {
    return recordHistory;
  }

  /** The Netty transport serving relays: {@code nio}, or {@code epoll} when asked for and available. */
  public String transport() {
    return transport;
  }

  private static boolean epollAvailable() {
    try {
      return Epoll.isAvailable();
    } catch (LinkageError e) {
      return false;
    }
  }

  int maxMessageBytes() {
    return maxMessageBytes;
  }

  boolean tls() {
    return sslContext != null;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  void recordHandshake(Handshake h) {
    handshakes.add(h);
  }

  void accepted(RelaySession session) {
    if (closeAfterMessages > 0) {
      session.closeAfterMessages(closeAfterMessages);
    }
    if (!readDelay.isZero()) {
      session.readSlowly(readDelay);
    }
    if (stallNew) {
      session.stall();
    }
    sessions.add(session);
    newSessions.add(session);
  }

  /** Builds a {@link ControlPlaneServer}; every setting is optional. */
  public static final class Builder {
    private @Nullable String token;
    private int wrongTokenStatus = 401;
    private String path = DEFAULT_PATH;
    private int port;
    private int maxMessageBytes = 64 * 1024 * 1024;
    private boolean recordHistory = true;
    private boolean nativeTransport;
    private @Nullable KeyManagerFactory keyManagerFactory;
    private @Nullable Path certChainPem;
    private @Nullable Path privateKeyPem;
    private @Nullable TrustManagerFactory clientTrust;
    private @Nullable Path clientCaPem;
    private ObjectMapper mapper = new ObjectMapper();

    private Builder() {}

    /** The bearer token relays must send ({@code Authorization: Bearer <token>}); unset: any or none accepted. */
    public Builder token(@Nullable String token) {
      this.token = token;
      return this;
    }

    /** The status for a present but wrong token: 401 (default) or 403. A missing token is always 401. */
    public Builder wrongTokenStatus(int status) {
      if (status != 401 && status != 403) {
        throw new IllegalArgumentException("wrongTokenStatus: must be 401 or 403, was " + status);
      }
      this.wrongTokenStatus = status;
      return this;
    }

    /** The upgrade path; default {@value ControlPlaneServer#DEFAULT_PATH}. */
    public Builder path(String path) {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path: must start with '/', was " + path);
      }
      this.path = path;
      return this;
    }

    /** The loopback port to bind; 0 (default) picks a free one, see {@link ControlPlaneServer#port()}. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Whether sessions keep every message received ({@link RelaySession#received()},
     * {@link RelaySession#receivedTexts()}, {@link RelaySession#notifications(String)}); on by
     * default. Load generators turn it off so a long session does not hold every reply (nor a
     * reply {@link RelaySession#call} has returned).
     */
    public Builder recordHistory(boolean record) {
      this.recordHistory = record;
      return this;
    }

    /**
     * Serve with Netty's native epoll transport where it is available (Linux x86_64/aarch64), NIO
     * elsewhere; off (NIO) by default. {@link ControlPlaneServer#transport()} says which one runs.
     */
    public Builder nativeTransport(boolean nativeTransport) {
      this.nativeTransport = nativeTransport;
      return this;
    }

    /** The largest message accepted from a relay; default 64 MiB. */

    public Builder maxMessageBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxMessageBytes: must be at least 1024, was " + bytes);
      }
      this.maxMessageBytes = bytes;
      return this;
    }

    /** Serve TLS ({@code wss://}) with this key and certificate. */
    public Builder tls(KeyManagerFactory keyManagerFactory) {
      this.keyManagerFactory = keyManagerFactory;
      return this;
    }

    /** Serve TLS ({@code wss://}) with a PEM certificate chain and an unencrypted PKCS#8 PEM key. */
    public Builder tls(Path certChainPem, Path privateKeyPem) {
      this.certChainPem = certChainPem;
      this.privateKeyPem = privateKeyPem;
      return this;
    }

    /** Require a client certificate (mutual TLS) trusted by this trust manager. Needs {@code tls(...)}. */
    public Builder requireClientCertificate(TrustManagerFactory trust) {
      this.clientTrust = trust;
      return this;
    }

    /** Require a client certificate (mutual TLS) issued by a CA in this PEM file. Needs {@code tls(...)}. */
    public Builder requireClientCertificate(Path caPem) {
      this.clientCaPem = caPem;
      return this;
    }

    /** The Jackson mapper used to read and write messages. */
    public Builder objectMapper(ObjectMapper mapper) {
      this.mapper = mapper;
      return this;
    }

    public ControlPlaneServer build() {
      return new ControlPlaneServer(this);
    }

    private @Nullable SslContext buildSslContext() {
      boolean clientAuth = clientTrust != null || clientCaPem != null;
      if (keyManagerFactory == null && certChainPem == null) {
        if (clientAuth) {
          throw new IllegalStateException("requireClientCertificate: needs tls(...) as well");
        }
        return null;
      }
      try {
        SslContextBuilder b = keyManagerFactory != null
            ? SslContextBuilder.forServer(keyManagerFactory)
            : SslContextBuilder.forServer(certChainPem.toFile(), privateKeyPem.toFile());
        b.protocols("TLSv1.3", "TLSv1.2");
        if (clientTrust != null) {
          b.trustManager(clientTrust).clientAuth(ClientAuth.REQUIRE);
        } else if (clientCaPem != null) {
          b.trustManager(clientCaPem.toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        return b.build();
      } catch (SSLException | IllegalArgumentException e) {
        throw new IllegalStateException("tls: cannot build the server TLS context: " + e.getMessage(), e);
      }
    }
  }
}
