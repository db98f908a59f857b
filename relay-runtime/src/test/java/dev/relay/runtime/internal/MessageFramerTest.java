package dev.relay.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MessageFramer} on an {@link EmbeddedChannel}: what leaves, in which order, and what is dropped. */
class MessageFramerTest {

    final EmbeddedChannel ch = new EmbeddedChannel(new MessageFramer());
    final Object a = "message A";
    final Object b = "message B";

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
    }

    private static WebSocketFrame first(String text, boolean fin) {
        return new TextWebSocketFrame(fin, 0, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private static WebSocketFrame next(String text, boolean fin) {
        return new ContinuationWebSocketFrame(fin, 0, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private ChannelFuture fragment(Object message, WebSocketFrame frame) {
        return ch.writeAndFlush(new MessageFramer.Fragment(message, frame));
    }

    /** What left, as "text(fin):payload" / "cont(fin):payload" / "ping" / "close:status". */
    private List<String> sent() {
        List<String> out = new ArrayList<>();
        Object m;
        while ((m = ch.readOutbound()) != null) {
            WebSocketFrame f = (WebSocketFrame) m;
            String fin = f.isFinalFragment() ? "(fin)" : "";
            if (f instanceof TextWebSocketFrame t) {
                out.add("text" + fin + ":" + t.text());
            } else if (f instanceof ContinuationWebSocketFrame c) {
                out.add("cont" + fin + ":" + c.text());
            } else if (f instanceof PingWebSocketFrame) {
                out.add("ping");
            } else if (f instanceof CloseWebSocketFrame c) {
                out.add("close:" + c.statusCode());
            }
            f.release();
        }
        return out;
    }

    @Test
    void otherMessagesWaitForTheFragmentedOneAndFollowInArrivalOrder() {
        fragment(a, first("a1", false));
        ch.writeAndFlush(first("heartbeat-1", true));
        fragment(b, first("b1", false));
        fragment(a, next("a2", false));
        ch.writeAndFlush(new PingWebSocketFrame());          // control frames may pass between fragments
        fragment(b, next("b2", false));
        ch.writeAndFlush(first("heartbeat-2", true));
        fragment(a, next("a3", true));
        fragment(b, next("b3", true));
        ch.writeAndFlush(first("heartbeat-3", true));
        assertThat(sent()).containsExactly(
                "text:a1", "cont:a2", "ping", "cont(fin):a3",
                "text(fin):heartbeat-1",
                "text:b1", "cont:b2", "cont(fin):b3",
                "text(fin):heartbeat-2",
                "text(fin):heartbeat-3");
    }

    @Test
    void wholeMessagesPassAtOnceWhenNothingIsOnTheWire() {
        ch.writeAndFlush(first("one", true));
        fragment(a, first("a1", true));
        ch.writeAndFlush(first("two", true));
        assertThat(sent()).containsExactly("text(fin):one", "text(fin):a1", "text(fin):two");
    }

    @Test
    void abortingAWaitingMessageDropsItsFramesAndNothingOfItLeaves() {
        fragment(a, first("a1", false));
        WebSocketFrame b1 = first("b1", false);
        ChannelFuture waiting = fragment(b, b1);
        ch.writeAndFlush(new MessageFramer.Abort(b));
        assertThat(waiting.isDone()).isTrue();
        assertThat(waiting.isSuccess()).isFalse();
        assertThat(b1.refCnt()).isZero();
        fragment(a, next("a2", true));
        assertThat(sent()).containsExactly("text:a1", "cont(fin):a2");
        assertThat(ch.isActive()).isTrue();
    }

    @Test
    void abortingTheMessageOnTheWireSends1011ThenClosesAndNothingFollows() {
        fragment(a, first("a1", false));
        fragment(a, next("a2", false));
        WebSocketFrame h = first("heartbeat", true);
        ChannelFuture heartbeat = ch.writeAndFlush(h);
        ch.writeAndFlush(new MessageFramer.Abort(a));
        assertThat(heartbeat.isSuccess()).isFalse();
        assertThat(h.refCnt()).isZero();
        ChannelFuture late = fragment(a, next("a3", true));
        assertThat(late.isSuccess()).isFalse();
        ChannelFuture after = ch.writeAndFlush(first("after", true));
        assertThat(after.isSuccess()).isFalse();
        assertThat(sent()).containsExactly("text:a1", "cont:a2", "close:1011");
        ch.advanceTimeBy(3, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void aSecondCloseFrameIsNotSent() {
        ch.writeAndFlush(new CloseWebSocketFrame(1001, "going away"));
        ChannelFuture echo = ch.writeAndFlush(new CloseWebSocketFrame(1000, ""));
        assertThat(echo.isSuccess()).isTrue();
        assertThat(sent()).containsExactly("close:1001");
    }

    @Test
    void aRawContinuationFrameIsRefused() {
        WebSocketFrame stray = next("x", true);
        ChannelFuture f = ch.writeAndFlush(stray);
        assertThat(f.isSuccess()).isFalse();
        assertThat(stray.refCnt()).isZero();
        assertThat(sent()).isEmpty();
    }

    @Test
    void framesWaitingWhenTheChannelClosesAreReleased() {
        fragment(a, first("a1", false));
        WebSocketFrame b1 = first("b1", false);
        ChannelFuture waiting = fragment(b, b1);
        ch.close();
        assertThat(waiting.isSuccess()).isFalse();
        assertThat(b1.refCnt()).isZero();
    }
}
