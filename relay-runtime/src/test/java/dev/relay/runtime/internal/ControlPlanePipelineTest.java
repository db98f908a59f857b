package dev.relay.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.protocol.Decoded;
import dev.relay.protocol.JsonRpcCodec;
import dev.relay.protocol.Response;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.Secret;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime's real client pipeline ({@link ControlPlaneClient#initPipeline}) on an
 * {@link EmbeddedChannel}, facing a second {@code EmbeddedChannel} with Netty's own WebSocket
 * server handshaker; the bytes between them are shuttled by hand, time is advanced on the
 * client's event loop. Real Netty on both sides, no mocks: inbound cap → close 1009, ping → pong,
 * pings on write-idle and the inbound idle timeout, the peer's close, and the frames of a streamed
 * reply on the wire.
 */
class ControlPlanePipelineTest {

    static final Duration PING = Duration.ofSeconds(15);
    static final Duration IDLE = Duration.ofSeconds(45);

    /** What the listener saw. */
    final List<String> events = new CopyOnWriteArrayList<>();
    ControlPlaneClient client;
    EmbeddedChannel relay;
    EmbeddedChannel peer;
    Connection connection;

    @AfterEach
    void close() {
        if (relay != null) {
            relay.finishAndReleaseAll();
        }
        if (peer != null) {
            peer.finishAndReleaseAll();
        }
        if (client != null) {
            client.close();
        }
    }

    private void connect(long maxMessageBytes) {
        RelayConfig.ControlPlane config = new RelayConfig.ControlPlane(URI.create("ws://cp.test/v1/relay/connect"),
                Secret.of("pipeline-token"), new RelayConfig.Tls(null, null, null, null, List.of()), null, true,
                Duration.ofSeconds(30), Duration.ofSeconds(5), PING, IDLE,
                new RelayConfig.Reconnect(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(1),
                        Duration.ofHours(1), 0));
        // a reconnect is scheduled on the client's own group after a loss: far in the future here
        RandomGenerator half = () -> Long.MAX_VALUE;
        client = new ControlPlaneClient(config, "relay-embedded", "9.9.9", maxMessageBytes, new ControlPlaneClient.Listener() {
            @Override
            public void onConnected(Connection c) {
                connection = c;
                events.add("connected");
            }

            @Override
            public void onMessage(Connection c, String text) {
                events.add("message:" + text);
            }

            @Override
            public void onDisconnected(Connection c) {
                events.add("disconnected");
            }
        }, Clock.systemUTC(), System::nanoTime, half);
        relay = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                client.initPipeline(ch, "cp.test", 80);
            }
        });
        relay.freezeTime();
        peer = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(65536));
        toPeer();
        FullHttpRequest upgrade = peer.readInbound();
        assertThat(upgrade.headers().get("Authorization")).isEqualTo("Bearer pipeline-token");
        assertThat(upgrade.headers().get("X-Relay-Id")).isEqualTo("relay-embedded");
        assertThat(upgrade.headers().get("X-Relay-Version")).isEqualTo("9.9.9");
        WebSocketServerHandshaker hs = new WebSocketServerHandshaker13("ws://cp.test/v1/relay/connect", null, false,
                1 << 24);
        hs.handshake(peer, upgrade);
        upgrade.release();
        toRelay();
        assertThat(events).containsExactly("connected");
        assertThat(connection).isNotNull();
    }

    /** Moves the relay's written bytes into the peer. */
    private void toPeer() {
        ByteBuf b;
        while ((b = relay.readOutbound()) != null) {
            peer.writeInbound(b);
        }
    }

    /** Moves the peer's written bytes into the relay. */
    private void toRelay() {
        ByteBuf b;
        while ((b = peer.readOutbound()) != null) {
            relay.writeInbound(b);
        }
    }

    /** Frames the peer received (after moving the relay's bytes over). */
    private List<WebSocketFrame> peerReceived() {
        toPeer();
        List<WebSocketFrame> frames = new ArrayList<>();
        Object m;
        while ((m = peer.readInbound()) != null) {
            frames.add((WebSocketFrame) m);
        }
        return frames;
    }

    private void peerSends(WebSocketFrame frame) {
        peer.writeOutbound(frame);
        toRelay();
    }

    @Test
    void aMessageIsHandedToTheListener() {
        connect(1024);
        peerSends(new TextWebSocketFrame("{\"jsonrpc\":\"2.0\",\"method\":\"list_resources\",\"id\":1}"));
        assertThat(events).containsExactly("connected", "message:{\"jsonrpc\":\"2.0\",\"method\":\"list_resources\",\"id\":1}");
    }

    @Test
    void aFragmentedInboundMessageIsAggregatedWithinTheCap() {
        connect(1024);
        peerSends(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("[\"abc", StandardCharsets.UTF_8)));
        peerSends(new ContinuationWebSocketFrame(false, 0, Unpooled.copiedBuffer("def", StandardCharsets.UTF_8)));
        peerSends(new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer("\"]", StandardCharsets.UTF_8)));
        assertThat(events).containsExactly("connected", "message:[\"abcdef\"]");
    }

    @Test
    void aFragmentedMessageOverTheCapClosesWith1009() {
        connect(1024);
        peerSends(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("x".repeat(600), StandardCharsets.UTF_8)));
        peerSends(new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer("y".repeat(600), StandardCharsets.UTF_8)));
        List<WebSocketFrame> out = peerReceived();
        assertThat(out).hasSize(1).first().isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) out.get(0)).statusCode()).isEqualTo(1009);
        assertThat(events).containsExactly("connected");
        release(out);
    }

    @Test
    void aSingleFrameOverTheCapClosesWith1009() {
        connect(1024);
        peerSends(new TextWebSocketFrame("z".repeat(2000)));
        List<WebSocketFrame> out = peerReceived();
        assertThat(out).hasSize(1).first().isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) out.get(0)).statusCode()).isEqualTo(1009);
        assertThat(events).containsExactly("connected");
        release(out);
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingItsPayload() {
        connect(1024);
        peerSends(new PingWebSocketFrame(Unpooled.copiedBuffer("are you there", StandardCharsets.UTF_8)));
        List<WebSocketFrame> out = peerReceived();
        assertThat(out).hasSize(1).first().isInstanceOf(PongWebSocketFrame.class);
        assertThat(out.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo("are you there");
        release(out);
    }

    @Test
    void pingsOnWriteIdleAndTheInboundIdleTimeoutClosesADeadConnection() {
        connect(1024);
        relay.advanceTimeBy(PING.toMillis() + 100, TimeUnit.MILLISECONDS);
        relay.runScheduledPendingTasks();
        List<WebSocketFrame> out = peerReceived();
        assertThat(out).hasSize(1).first().isInstanceOf(PingWebSocketFrame.class);
        release(out);
        // the peer answers: the connection is alive
        peerSends(new PongWebSocketFrame());
        relay.advanceTimeBy(IDLE.toMillis() - 1000, TimeUnit.MILLISECONDS);
        relay.runScheduledPendingTasks();
        assertThat(relay.isActive()).isTrue();
        release(peerReceived());
        // nothing more arrives, not even a pong
        relay.advanceTimeBy(IDLE.toMillis() + 100, TimeUnit.MILLISECONDS);
        relay.runScheduledPendingTasks();
        relay.runPendingTasks();
        assertThat(relay.isActive()).isFalse();
        assertThat(events).containsExactly("connected", "disconnected");
    }

    @Test
    void thePeersCloseIsEchoedAndTheConnectionEnds() {
        connect(1024);
        peerSends(new CloseWebSocketFrame(1000, "bye"));
        List<WebSocketFrame> out = peerReceived();
        assertThat(out).hasSize(1).first().isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) out.get(0)).statusCode()).isEqualTo(1000);
        release(out);
        relay.runPendingTasks();
        assertThat(relay.isActive()).isFalse();
        assertThat(events).containsExactly("connected", "disconnected");
    }

    @Test
    void aStreamedReplyIsATextFrameAndContinuationsOnTheWireMaskedAndWhole() {
        connect(1024);
        JsonRpcCodec codec = JsonRpcCodec.defaults();
        Decoded d = codec.decode("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":9}");
        List<Response> answers = List.of(Response.success(d.requests().get(0).id(), StreamingReplyTest.body(3_000, "e")));
        String expected = codec.reply(d, answers).orElseThrow();
        // a heartbeat sent while the reply is being written goes after it, never between its frames
        assertThat(connection.sendReply(codec, d, answers)).isEqualTo(Connection.SendOutcome.SENT);
        connection.send("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{}}");
        List<WebSocketFrame> out = peerReceived();
        assertThat(out.size()).isGreaterThan(3);
        assertThat(out.get(0)).isInstanceOf(TextWebSocketFrame.class);
        assertThat(out.get(0).isFinalFragment()).isFalse();
        StringBuilder whole = new StringBuilder();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int i = 0;
        for (; i < out.size(); i++) {
            WebSocketFrame f = out.get(i);
            if (i > 0) {
                assertThat(f).isInstanceOf(ContinuationWebSocketFrame.class);
            }
            assertThat(f.content().readableBytes()).isLessThanOrEqualTo(Connection.FRAGMENT_BYTES);
            bytes.writeBytes(ByteBufUtil.getBytes(f.content()));
            if (f.isFinalFragment()) {
                break;
            }
        }
        whole.append(bytes.toString(StandardCharsets.UTF_8));
        assertThat(whole.toString()).isEqualTo(expected);
        assertThat(out).hasSize(i + 2);
        assertThat(out.get(i + 1)).isInstanceOf(TextWebSocketFrame.class);
        assertThat(((TextWebSocketFrame) out.get(i + 1)).text()).contains("heartbeat");
        release(out);
    }

    @Test
    void anAbortAfterFragmentsLeftSends1011AndNothingAfterIt() {
        connect(1024);
        JsonRpcCodec codec = JsonRpcCodec.defaults();
        Decoded d = codec.decode("{\"jsonrpc\":\"2.0\",\"method\":\"execute\",\"id\":10}");
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("rows", new StreamingReplyTest.FailsOnSecondPass(StreamingReplyTest.body(3_000, "f"), 2_000));
        List<Response> answers = List.of(Response.success(d.requests().get(0).id(), body));
        assertThat(connection.sendReply(codec, d, answers)).isEqualTo(Connection.SendOutcome.ABORTED);
        connection.send("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{}}");
        List<WebSocketFrame> out = peerReceived();
        WebSocketFrame last = out.get(out.size() - 1);
        assertThat(last).isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) last).statusCode()).isEqualTo(1011);
        assertThat(out.subList(0, out.size() - 1)).isNotEmpty().allSatisfy(f -> assertThat(f.isFinalFragment()).isFalse());
        release(out);
        relay.advanceTimeBy(3, TimeUnit.SECONDS);
        relay.runScheduledPendingTasks();
        relay.runPendingTasks();
        assertThat(relay.isActive()).isFalse();
    }

    private static void release(List<WebSocketFrame> frames) {
        for (WebSocketFrame f : frames) {
            f.release();
        }
    }
}
