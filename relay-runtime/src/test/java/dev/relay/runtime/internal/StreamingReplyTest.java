package dev.relay.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.protocol.Decoded;
import dev.relay.protocol.JsonRpcCodec;
import dev.relay.protocol.RelayMethods;
import dev.relay.protocol.Response;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Connection#sendReply} over a real loopback TCP connection (Netty on both ends, the server
 * decoding the raw WebSocket frames): large replies leave as 64 KiB fragments sent while they are
 * encoded, never interleaved; a peer that stops reading makes the worker wait (bounded memory) and,
 * past the stall timeout, the message is aborted with close 1011; an encoding failure after
 * fragments left aborts the same way, one before any fragment left answers -32603.
 */
class StreamingReplyTest {

    /** One frame as the peer received it. */
    record Received(String type, boolean fin, byte[] bytes, int closeStatus) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final JsonRpcCodec codec = JsonRpcCodec.builder().knownMethods(RelayMethods.RELAY_METHODS).build();
    private EventLoopGroup group;
    private Channel server;
    private volatile Channel serverChild;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void startPeer() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_RCVBUF, 32 * 1024)
                .childOption(ChannelOption.SO_RCVBUF, 32 * 1024)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        serverChild = ch;
                        ch.pipeline().addLast(new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                                .expectMaskedFrames(true).maxFramePayloadLength(1 << 20).build()));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<WebSocketFrame>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame f) {
                                String type = f instanceof TextWebSocketFrame ? "text"
                                        : f instanceof ContinuationWebSocketFrame ? "continuation"
                                        : f instanceof CloseWebSocketFrame ? "close" : f.getClass().getSimpleName();
                                int status = f instanceof CloseWebSocketFrame c ? c.statusCode() : 0;
                                received.add(new Received(type, f.isFinalFragment(), ByteBufUtil.getBytes(f.content()), status));
                            }
                        });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @AfterEach
    void stop() {
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private Connection connect(Duration stallTimeout) throws InterruptedException {
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.SO_SNDBUF, 32 * 1024)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        c.pipeline().addLast(new WebSocket13FrameEncoder(true), new MessageFramer());
                    }
                }).connect(server.localAddress()).sync().channel();
        return new Connection(ch, 1, Instant.EPOCH, stallTimeout, System::nanoTime);
    }

    private Decoded request(int id) {
        return codec.decode("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"params\":{},\"id\":" + id + "}");
    }

    /** A masked-result-like body: {@code rows} rows of 10 columns. */
    static Map<String, Object> body(int rows, String tag) {
        List<Object> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            out.add(List.of(i, tag + "-" + i, "***@***.***", "caf\u00e9", i * 1.5, true, "2024-01-01T00:00:00Z",
                    "0.10", "3f2a9c1e-0000-4000-8000-000000000000", "txt " + i));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rows", out);
        return body;
    }

    /** Takes frames until a message is complete; fails on a data frame out of place. */
    private String nextMessage(Duration timeout) throws InterruptedException {
        StringBuilder whole = new StringBuilder();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        boolean inMessage = false;
        while (true) {
            Received r = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(r).as("a frame within " + timeout).isNotNull();
            if (r.type().equals("close")) {
                throw new AssertionError("closed with " + r.closeStatus() + " inside a message");
            }
            assertThat(r.type()).isEqualTo(inMessage ? "continuation" : "text");
            assertThat(r.bytes().length).isLessThanOrEqualTo(Connection.FRAGMENT_BYTES);
            bytes.writeBytes(r.bytes());
            inMessage = !r.fin();
            if (r.fin()) {
                return whole.append(bytes.toString(StandardCharsets.UTF_8)).toString();
            }
        }
    }

    @Test
    void aLargeReplyLeavesAsFragmentsThatReassembleToTheReply() throws Exception {
        Connection c = connect(Duration.ofSeconds(10));
        Decoded d = request(1);
        List<Response> answers = List.of(Response.success(d.requests().get(0).id(), body(10_000, "r")));
        String expected = codec.reply(d, answers).orElseThrow();
        CompletableFuture<Connection.SendOutcome> sent = CompletableFuture.supplyAsync(() -> c.sendReply(codec, d, answers));
        assertThat(sent.get(20, TimeUnit.SECONDS)).isEqualTo(Connection.SendOutcome.SENT);
        assertThat(nextMessage(Duration.ofSeconds(10))).isEqualTo(expected);
        assertThat(expected.length()).isGreaterThan(10 * Connection.FRAGMENT_BYTES);
    }

    @Test
    void smallRepliesAreOneTextFrame() throws Exception {
        Connection c = connect(Duration.ofSeconds(10));
        Decoded d = request(2);
        List<Response> answers = List.of(Response.success(d.requests().get(0).id(), body(3, "s")));
        assertThat(CompletableFuture.supplyAsync(() -> c.sendReply(codec, d, answers)).get(10, TimeUnit.SECONDS))
                .isEqualTo(Connection.SendOutcome.SENT);
        Received r = received.poll(10, TimeUnit.SECONDS);
        assertThat(r.type()).isEqualTo("text");
        assertThat(r.fin()).isTrue();
        assertThat(r.text()).isEqualTo(codec.reply(d, answers).orElseThrow());
    }

    @Test
    void concurrentRepliesAndNotificationsNeverInterleave() throws Exception {
        Connection c = connect(Duration.ofSeconds(10));
        int workers = 4;
        List<CompletableFuture<Connection.SendOutcome>> sends = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Decoded d = request(100 + w);
            List<Response> answers = List.of(Response.success(d.requests().get(0).id(), body(3_000, "w" + w)));
            expected.add(codec.reply(d, answers).orElseThrow());
            sends.add(CompletableFuture.supplyAsync(() -> c.sendReply(codec, d, answers)));
        }
        AtomicInteger beats = new AtomicInteger();
        CompletableFuture<Void> heartbeats = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 50; i++) {
                c.send("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"n\":" + i + "}}");
                beats.incrementAndGet();
                Thread.yield();
            }
        });
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < workers + 50; i++) {
            messages.add(nextMessage(Duration.ofSeconds(20)));
        }
        heartbeats.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Connection.SendOutcome> s : sends) {
            assertThat(s.get(10, TimeUnit.SECONDS)).isEqualTo(Connection.SendOutcome.SENT);
        }
        assertThat(messages).containsAll(expected);
        assertThat(messages.stream().filter(m -> m.contains("heartbeat")).map(m -> m.replaceAll(".*\"n\":(\\d+).*", "$1"))
                .map(Integer::parseInt).toList()).isSorted().hasSize(50);
    }

    @Test
    void aPeerThatStopsReadingMakesTheWorkerWaitThenTheMessageIsAbortedWith1011() throws Exception {
        Connection c = connect(Duration.ofMillis(1500));
        awaitServerChild();
        serverChild.config().setAutoRead(false);
        Decoded d = request(3);
        List<Response> answers = List.of(Response.success(d.requests().get(0).id(), body(20_000, "slow")));
        long t0 = System.nanoTime();
        CompletableFuture<Connection.SendOutcome> sent = CompletableFuture.supplyAsync(() -> c.sendReply(codec, d, answers));
        Thread.sleep(700);
        assertThat(sent).isNotDone();
        // what waits in Netty for the socket is bounded by the frames in flight, not the message
        long pending = c.channel().unsafe().outboundBuffer() == null ? 0
                : c.channel().unsafe().outboundBuffer().totalPendingWriteBytes();
        assertThat(pending).isLessThanOrEqualTo((FrameStream.FRAMES_IN_FLIGHT + 1) * (Connection.FRAGMENT_BYTES + 16L));
        assertThat(sent.get(10, TimeUnit.SECONDS)).isEqualTo(Connection.SendOutcome.ABORTED);
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(1_400L, 8_000L);
        serverChild.config().setAutoRead(true);
        serverChild.read();
        Received last = drainUntilClose(Duration.ofSeconds(10));
        assertThat(last.closeStatus()).isEqualTo(1011);
        assertThat(c.channel().closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aWorkerWaitingBehindAStalledMessageIsNotAbortedWhileThePeerReadsSlowly() throws Exception {
        Connection c = connect(Duration.ofMillis(1500));
        awaitServerChild();
        Decoded d1 = request(4);
        Decoded d2 = request(5);
        List<Response> a1 = List.of(Response.success(d1.requests().get(0).id(), body(20_000, "one")));
        List<Response> a2 = List.of(Response.success(d2.requests().get(0).id(), body(20_000, "two")));
        // the peer reads in short bursts with pauses shorter than the stall timeout
        CompletableFuture<Void> slowReader = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 16; i++) {
                serverChild.config().setAutoRead(i % 2 == 0);
                if (i % 2 == 0) {
                    serverChild.read();
                }
                sleep(i % 2 == 0 ? 50 : 400);
            }
            serverChild.config().setAutoRead(true);
            serverChild.read();
        });
        CompletableFuture<Connection.SendOutcome> s1 = CompletableFuture.supplyAsync(() -> c.sendReply(codec, d1, a1));
        CompletableFuture<Connection.SendOutcome> s2 = CompletableFuture.supplyAsync(() -> c.sendReply(codec, d2, a2));
        List<String> messages = List.of(nextMessage(Duration.ofSeconds(30)), nextMessage(Duration.ofSeconds(30)));
        assertThat(s1.get(30, TimeUnit.SECONDS)).isEqualTo(Connection.SendOutcome.SENT);
        assertThat(s2.get(30, TimeUnit.SECONDS)).isEqualTo(Connection.SendOutcome.SENT);
        assertThat(messages).containsExactlyInAnyOrder(codec.reply(d1, a1).orElseThrow(), codec.reply(d2, a2).orElseThrow());
        slowReader.get(30, TimeUnit.SECONDS);
    }

    @Test
    void manySmallRepliesToAPeerThatStopsReadingWaitOnTheChannelsWritability() throws Exception {
        Connection c = connect(Duration.ofSeconds(20));
        awaitServerChild();
        serverChild.config().setAutoRead(false);
        Decoded d = request(12);
        List<Response> answers = List.of(Response.success(d.requests().get(0).id(), body(100, "small")));
        int replies = 2_000; // ~30 MB in all, each reply a single frame
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < replies; i++) {
                assertThat(c.sendReply(codec, d, answers)).isEqualTo(Connection.SendOutcome.SENT);
                sent.incrementAndGet();
            }
        });
        Thread.sleep(1_000);
        assertThat(sender).isNotDone();
        long pending = c.channel().unsafe().outboundBuffer().totalPendingWriteBytes();
        assertThat(pending).isLessThanOrEqualTo(128 * 1024 + Connection.FRAGMENT_BYTES);
        assertThat(sent.get()).isLessThan(replies / 2);
        serverChild.config().setAutoRead(true);
        serverChild.read();
        for (int i = 0; i < replies; i++) {
            nextMessage(Duration.ofSeconds(20));
        }
        sender.get(20, TimeUnit.SECONDS);
    }

    @Test
    void anEncodingFailureAfterFragmentsLeftAbortsWith1011AndNoFinalFrame() throws Exception {
        Connection c = connect(Duration.ofSeconds(10));
        Decoded d = request(6);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rows", new FailsOnSecondPass(body(20_000, "x"), 15_000));
        List<Response> answers = List.of(Response.success(d.requests().get(0).id(), body));
        assertThat(CompletableFuture.supplyAsync(() -> c.sendReply(codec, d, answers)).get(20, TimeUnit.SECONDS))
                .isEqualTo(Connection.SendOutcome.ABORTED);
        List<Received> frames = new ArrayList<>();
        Received last = drainUntilClose(Duration.ofSeconds(10), frames);
        assertThat(last.closeStatus()).isEqualTo(1011);
        assertThat(frames).isNotEmpty().allSatisfy(f -> assertThat(f.fin()).isFalse());
        assertThat(frames.get(0).type()).isEqualTo("text");
        assertThat(c.channel().closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anEncodingFailureBeforeAnyFragmentLeftAnswersInternalError() throws Exception {
        Connection c = connect(Duration.ofSeconds(10));
        Decoded d = request(7);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rows", new FailsOnSecondPass(body(20_000, "x"), 10));
        List<Response> answers = List.of(Response.success(d.requests().get(0).id(), body));
        assertThat(CompletableFuture.supplyAsync(() -> c.sendReply(codec, d, answers)).get(20, TimeUnit.SECONDS))
                .isEqualTo(Connection.SendOutcome.SENT);
        String reply = nextMessage(Duration.ofSeconds(10));
        assertThat(reply).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32603,\"message\":\"Internal error\"}}");
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void heapAllocatedPerStreamedReplyIsFarBelowTheMessageSize() throws Exception {
        Connection c = connect(Duration.ofSeconds(10));
        Decoded d = request(8);
        List<Response> answers = List.of(Response.success(d.requests().get(0).id(), body(10_000, "m")));
        CompletableFuture<long[]> measured = CompletableFuture.supplyAsync(() -> {
            long[] out = new long[2];
            for (int i = 0; i < 3; i++) {
                long before = allocated();
                c.sendReply(codec, d, answers);
                out[0] = allocated() - before;
            }
            long before = allocated();
            String text = codec.reply(d, answers).orElseThrow();
            out[1] = allocated() - before;
            assertThat(text).isNotEmpty();
            return out;
        });
        for (int i = 0; i < 3; i++) {
            nextMessage(Duration.ofSeconds(20));
        }
        long[] bytes = measured.get(30, TimeUnit.SECONDS);
        System.out.printf("heap allocated on the sending thread per 10,000 x 10 reply: streamed %,d bytes; "
                + "as one String (before) %,d bytes%n", bytes[0], bytes[1]);
        assertThat(bytes[0]).isLessThan(bytes[1] / 4);
    }

    /**
     * Side by side in one run, alternating: the reply as one String then UTF-8 then fragments (the
     * path before streaming, still what {@link Connection#send(String)} does) against
     * {@link Connection#sendReply}. Heap allocated on the sending thread and time until the peer
     * holds the whole message, 10,000 rows x 10 columns.
     */
    @Test
    void measureStreamedAgainstOneStringSideBySide() throws Exception {
        Connection c = connect(Duration.ofSeconds(10));
        Decoded d = request(11);
        List<Response> answers = List.of(Response.success(d.requests().get(0).id(), body(10_000, "m")));
        int rounds = 12;
        long[][] heap = new long[2][rounds];
        long[][] micros = new long[2][rounds];
        int bytes = codec.reply(d, answers).orElseThrow().getBytes(StandardCharsets.UTF_8).length;
        for (int round = -3; round < rounds; round++) { // 3 warm-up rounds
            for (int mode = 0; mode < 2; mode++) {
                int m = (round + mode) % 2 == 0 ? 0 : 1; // alternate which goes first
                long[] r = CompletableFuture.supplyAsync(() -> {
                    long t0 = System.nanoTime();
                    long a0 = allocated();
                    if (m == 0) {
                        c.send(codec.reply(d, answers).orElseThrow());
                    } else {
                        c.sendReply(codec, d, answers);
                    }
                    return new long[] {allocated() - a0, t0};
                }).get(30, TimeUnit.SECONDS);
                nextMessage(Duration.ofSeconds(20));
                if (round >= 0) {
                    heap[m][round] = r[0];
                    micros[m][round] = (System.nanoTime() - r[1]) / 1_000;
                }
            }
        }
        java.util.Arrays.sort(heap[0]);
        java.util.Arrays.sort(heap[1]);
        java.util.Arrays.sort(micros[0]);
        java.util.Arrays.sort(micros[1]);
        System.out.printf("reply of %,d bytes (10,000 x 10), median of %d alternating rounds:%n"
                + "  one String: heap %,d bytes on the sender, %,d us to the peer%n"
                + "  streamed:   heap %,d bytes on the sender, %,d us to the peer%n",
                bytes, rounds, heap[0][rounds / 2], micros[0][rounds / 2], heap[1][rounds / 2], micros[1][rounds / 2]);
        assertThat(heap[1][rounds / 2]).isLessThan(heap[0][rounds / 2] / 3);
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private void awaitServerChild() throws InterruptedException {
        for (int i = 0; i < 500 && serverChild == null; i++) {
            Thread.sleep(10);
        }
        assertThat(serverChild).isNotNull();
    }

    private Received drainUntilClose(Duration timeout) throws InterruptedException {
        return drainUntilClose(timeout, new ArrayList<>());
    }

    private Received drainUntilClose(Duration timeout, List<Received> before) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Received r = received.poll(100, TimeUnit.MILLISECONDS);
            if (r == null) {
                continue;
            }
            if (r.type().equals("close")) {
                return r;
            }
            before.add(r);
        }
        throw new AssertionError("no close frame within " + timeout);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A list that reads fine once (the codec's check) and fails at {@code failAt} the second time
     * (the writing): stands for a failure no check can foresee.
     */
    static final class FailsOnSecondPass extends AbstractList<Object> {
        private final List<Object> rows;
        private final int failAt;
        private int pass;

        FailsOnSecondPass(Map<String, Object> body, int failAt) {
            @SuppressWarnings("unchecked")
            List<Object> r = (List<Object>) body.get("rows");
            this.rows = r;
            this.failAt = failAt;
        }

        @Override
        public Object get(int index) {
            return rows.get(index);
        }

        @Override
        public int size() {
            return rows.size();
        }

        @Override
        public java.util.Iterator<Object> iterator() {
            int thisPass = ++pass;
            java.util.Iterator<Object> it = rows.iterator();
            return new java.util.Iterator<>() {
                int i;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Object next() {
                    if (thisPass >= 2 && i++ == failAt) {
                        throw new IllegalStateException("the result changed while it was written");
                    }
                    return it.next();
                }
            };
        }
    }
}
