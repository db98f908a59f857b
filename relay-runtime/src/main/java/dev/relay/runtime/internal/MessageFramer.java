package dev.relay.runtime.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the frames of each outbound WebSocket message together on the wire (RFC 6455 §5.4: the
 * fragments of one message may not interleave with another message's).
 *
 * <p>A large message is written frame by frame, as it is encoded, by a worker thread: each frame
 * wrapped in a {@link Fragment} naming its message. The first fragment of a message puts it "on
 * the wire"; until its final fragment, frames of other messages (whole one-frame messages, other
 * fragmented messages) wait here in the order they arrived and follow it. Control frames (ping,
 * pong, close) pass at once, as the RFC allows between fragments.
 *
 * <p>A message cannot be taken back once a fragment has left: an {@link Abort} of the message on
 * the wire sends close {@code 1011} and closes the connection, so the peer drops the partial
 * message; an abort of a message still waiting here drops its frames (nothing of it left).
 * After a close frame no data frame is sent. Like every handler it runs on the event loop.
 */
final class MessageFramer extends ChannelDuplexHandler {

    /** Close status sent when a message is aborted after part of it left: internal error. */
    static final int ABORT_STATUS = 1011;
    static final String ABORT_REASON = "response aborted";

    /** One frame of the fragmented message {@code message} (any object identifying it). */
    record Fragment(Object message, WebSocketFrame frame) {
        @Override
        public String toString() {
            return "Fragment[" + frame.content().readableBytes() + " bytes, fin=" + frame.isFinalFragment() + "]";
        }
    }

    /** Withdraw {@code message}: dropped if none of it left, else the connection is closed with 1011. */
    record Abort(Object message) {
    }

    private @Nullable Object onWire;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private boolean closeSent;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Fragment f) {
            data(ctx, f.message(), f.frame(), promise);
        } else if (msg instanceof Abort a) {
            abort(ctx, a.message(), promise);
        } else if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
                || msg instanceof ContinuationWebSocketFrame) {
            WebSocketFrame frame = (WebSocketFrame) msg;
            if (!frame.isFinalFragment() || frame instanceof ContinuationWebSocketFrame) {
                ReferenceCountUtil.release(frame);
                promise.setFailure(new IllegalArgumentException("a fragment must be written as a Fragment of its message"));
                return;
            }
            data(ctx, new Object(), frame, promise);
        } else if (msg instanceof CloseWebSocketFrame close) {
            if (closeSent) {
                // one close frame per connection (the answer to the peer's close after our own)
                close.release();
                promise.setSuccess();
                return;
            }
            closeSent = true;
            onWire = null;
            dropWaiting(new ClosedChannelException());
            ctx.write(close, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    private void data(ChannelHandlerContext ctx, Object message, WebSocketFrame frame, ChannelPromise promise) {
        if (closeSent) {
            frame.release();
            promise.setFailure(new ClosedChannelException());
            return;
        }
        if (onWire == message || onWire == null && waiting.isEmpty()) {
            ctx.write(frame, promise);
            onWire = frame.isFinalFragment() ? null : message;
            if (onWire == null && !waiting.isEmpty()) {
                promote(ctx);
            }
            return;
        }
        Waiting w = null;
        for (Waiting candidate : waiting) {
            if (candidate.message == message) {
                w = candidate;
                break;
            }
        }
        if (w == null) {
            w = new Waiting(message);
            waiting.add(w);
        }
        w.frames.add(frame);
        w.promises.add(promise);
    }

    /** The message on the wire is complete: send the waiting ones, in order, until one is incomplete. */
    private void promote(ChannelHandlerContext ctx) {
        while (onWire == null && !waiting.isEmpty()) {
            Waiting w = waiting.poll();
            boolean complete = false;
            for (int i = 0; i < w.frames.size(); i++) {
                WebSocketFrame frame = w.frames.get(i);
                complete = frame.isFinalFragment();
                ctx.write(frame, w.promises.get(i));
            }
            if (!complete) {
                onWire = w.message;
            }
        }
        ctx.flush();
    }

    private void abort(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        promise.setSuccess();
        if (onWire == message) {
            // Part of it left and a WebSocket message cannot be cancelled: end the connection, so
            // the peer discards the partial message (and treats its requests as lost).
            onWire = null;
            closeSent = true;
            dropWaiting(new ClosedChannelException());
            ctx.writeAndFlush(new CloseWebSocketFrame(ABORT_STATUS, ABORT_REASON))
                    .addListener(f -> ctx.executor().schedule(() -> ctx.close(), 2, TimeUnit.SECONDS));
            return;
        }
        for (var it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.message == message) {
                it.remove();
                w.drop(new IllegalStateException("message aborted"));
                return;
            }
        }
    }

    private void dropWaiting(Throwable why) {
        Waiting w;
        while ((w = waiting.poll()) != null) {
            w.drop(why);
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
        dropWaiting(new ClosedChannelException());
        super.close(ctx, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        dropWaiting(new ClosedChannelException());
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropWaiting(new ClosedChannelException());
    }

    /** Frames of one message that arrived while another message was on the wire. */
    private static final class Waiting {
        final Object message;
        final List<WebSocketFrame> frames = new ArrayList<>(4);
        final List<ChannelPromise> promises = new ArrayList<>(4);

        Waiting(Object message) {
            this.message = message;
        }

        void drop(Throwable why) {
            for (int i = 0; i < frames.size(); i++) {
                frames.get(i).release();
                promises.get(i).tryFailure(why);
            }
            frames.clear();
            promises.clear();
        }
    }
}
