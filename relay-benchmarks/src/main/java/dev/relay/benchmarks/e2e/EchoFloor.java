package dev.relay.benchmarks.e2e;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The cheapest WebSocket round trip this machine can do with the relay's stack: a Netty client and
 * server in one JVM over loopback (NIO, as the default relay.jar), no TLS, no JSON, no relay code.
 * The caller writes a text frame and waits for the echo, as the driver's control plane does. Two
 * server variants: the echo written on the server's event loop, or by a worker thread (one
 * hand-off in, one out: the shape of every relay request, whose database call cannot run on an
 * event loop). The gap between the two is the price of the hand-offs alone; the gap between the
 * worker variant and the relay's transport floor is the relay's own per-request work.
 */
final class EchoFloor implements AutoCloseable {

    /** About the size of a list_resources exchange. */
    private static final String PAYLOAD = "x".repeat(300);

    private final EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService worker = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "echo-worker");
        t.setDaemon(true);
        return t;
    });
    private final Channel server;
    private final Channel inline;
    private final Channel handedOff;
    private volatile CompletableFuture<String> pending = new CompletableFuture<>();

    EchoFloor() throws Exception {
        server = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler("/echo", null, false, 1 << 20),
                                new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                        String text = frame.text();
                                        if (text.startsWith("w")) {
                                            worker.execute(() -> ctx.writeAndFlush(new TextWebSocketFrame(text)));
                                        } else {
                                            ctx.writeAndFlush(new TextWebSocketFrame(text));
                                        }
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        inline = connect(port);
        handedOff = connect(port);
    }

    private Channel connect(int port) throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/echo");
        Channel ch = new Bootstrap().group(clientGroup).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(uri,
                                        WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 1 << 20)),
                                new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                            ready.complete(null);
                                        }
                                        ctx.fireUserEventTriggered(evt);
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                        pending.complete(frame.text());
                                    }
                                });
                    }
                }).connect("127.0.0.1", port).sync().channel();
        ready.get(10, TimeUnit.SECONDS);
        return ch;
    }

    /** One round trip; {@code handOff} has the server reply from a worker thread. Not thread-safe. */
    void roundTrip(boolean handOff) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        pending = reply;
        String text = (handOff ? "w" : "i") + PAYLOAD;
        (handOff ? handedOff : inline).writeAndFlush(new TextWebSocketFrame(text));
        if (reply.get(10, TimeUnit.SECONDS).length() != text.length()) {
            throw new IllegalStateException("echo: wrong reply");
        }
    }

    @Override
    public void close() {
        inline.close();
        handedOff.close();
        server.close();
        worker.shutdownNow();
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
