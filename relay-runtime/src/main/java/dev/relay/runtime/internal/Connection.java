package dev.relay.runtime.internal;

import dev.relay.protocol.Decoded;
import dev.relay.protocol.ErrorCode;
import dev.relay.protocol.JsonRpcCodec;
import dev.relay.protocol.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One established WebSocket connection to the control plane; its methods may be called from any
 * thread.
 *
 * <p>Replies are written by {@link #sendReply} straight from the encoder into WebSocket frames of at
 * most {@link #FRAGMENT_BYTES}: a text frame, then continuation frames sent as they fill (see
 * {@link FrameStream}), so no message-sized buffer or string exists, and a slow control plane makes
 * the sending worker wait instead of queueing the whole message. The {@link MessageFramer} in the
 * pipeline keeps each message's frames together. Every value is checked before the first byte is
 * encoded (see {@link JsonRpcCodec#reply(Decoded, List, OutputStream)}); if sending still fails
 * after part of a message left (the connection closed, the peer stopped reading for the stall
 * timeout), the message is aborted: the connection is closed with 1011, as a WebSocket message
 * cannot be withdrawn.
 */
public final class Connection {

    /** Largest single WebSocket frame the relay writes. */
    public static final int FRAGMENT_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /** What became of a reply. */
    public enum SendOutcome {
        /** Handed to the connection whole (or there was nothing to send). */
        SENT,
        /** Not sent: part of it may have left, and the connection was closed (1011) or was lost. */
        ABORTED
    }

    private final Channel channel;
    private final long id;
    private final Instant connectedAt;
    private final Duration stallTimeout;
    private final LongSupplier nanoTime;
    private volatile long lastProgressNanos;

    Connection(Channel channel, long id, Instant connectedAt, Duration stallTimeout, LongSupplier nanoTime) {
        this.channel = channel;
        this.id = id;
        this.connectedAt = connectedAt;
        this.stallTimeout = stallTimeout;
        this.nanoTime = nanoTime;
        this.lastProgressNanos = nanoTime.getAsLong();
    }

    /** Sequence number of this connection in the relay's lifetime (1, 2, ...). */
    public long id() {
        return id;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /**
     * Encodes the reply to {@code decoded} and sends it, frame by frame as it is encoded. On a
     * worker thread this waits while the control plane is slow to read; on the event loop it never
     * waits (only small error replies are sent from there). Nothing is sent when the reply is
     * empty. An unexpected encoding failure before any frame left answers {@code -32603} for every
     * request instead; after a frame left, the message is aborted.
     */
    public SendOutcome sendReply(JsonRpcCodec codec, Decoded decoded, List<? extends Response> answers) {
        FrameStream out = new FrameStream(this, channel, !channel.eventLoop().inEventLoop(), FRAGMENT_BYTES);
        try {
            if (codec.reply(decoded, answers, out)) {
                out.finish();
            }
            return SendOutcome.SENT;
        } catch (IOException e) {
            out.abort();
            if (out.started()) {
                LOG.warn("a reply was aborted after {} frame(s): {}; closing the connection (1011)", out.framesSent(),
                        e.getMessage());
            }
            return SendOutcome.ABORTED;
        } catch (RuntimeException e) {
            out.abort();
            if (out.started()) {
                LOG.error("encoding a reply failed after {} frame(s) left; closing the connection (1011)", out.framesSent(), e);
                return SendOutcome.ABORTED;
            }
            LOG.error("encoding a reply failed before anything was sent; answering -32603", e);
            List<Response> failures = new ArrayList<>(answers.size());
            for (Response r : answers) {
                failures.add(Response.failure(r.id(), ErrorCode.INTERNAL_ERROR));
            }
            codec.reply(decoded, failures).ifPresent(this::send);
            return SendOutcome.SENT;
        } catch (Error e) {
            // never leave a message half-sent on the wire: the framer would hold every later one
            out.abort();
            throw e;
        }
    }

    /** Sends one small JSON-RPC message as WebSocket text (fragmented when large, without waiting). */
    public ChannelFuture send(String text) {
        if (text.length() <= FRAGMENT_BYTES / 3) {
            return channel.writeAndFlush(new TextWebSocketFrame(text));
        }
        ByteBuf all = ByteBufUtil.writeUtf8(channel.alloc(), text);
        if (all.readableBytes() <= FRAGMENT_BYTES) {
            return channel.writeAndFlush(new TextWebSocketFrame(all));
        }
        // Written in one task on the event loop; the framer keeps the fragments together. They
        // split at any byte; the peer decodes the whole message.
        ChannelPromise done = channel.newPromise();
        Object message = new Object();
        channel.eventLoop().execute(() -> {
            try {
                boolean first = true;
                while (all.isReadable()) {
                    int n = Math.min(FRAGMENT_BYTES, all.readableBytes());
                    ByteBuf part = all.readRetainedSlice(n);
                    boolean fin = !all.isReadable();
                    WebSocketFrame frame = first ? new TextWebSocketFrame(fin, 0, part)
                            : new ContinuationWebSocketFrame(fin, 0, part);
                    first = false;
                    channel.write(new MessageFramer.Fragment(message, frame), fin ? done : channel.newPromise());
                }
                channel.flush();
            } finally {
                all.release();
            }
        });
        return done;
    }

    /** Sends a close frame with this status and closes (after at most 2 s without the peer's reply). */
    public void close(int status, String reason) {
        if (!channel.isActive()) {
            return;
        }
        channel.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener((ChannelFutureListener) f ->
                channel.eventLoop().schedule(() -> channel.close(), 2, TimeUnit.SECONDS));
    }

    /** Closes the TCP connection at once. */
    public void abort() {
        channel.close();
    }

    Channel channel() {
        return channel;
    }

    void progressed() {
        lastProgressNanos = nanoTime.getAsLong();
    }

    long lastProgressNanos() {
        return lastProgressNanos;
    }

    long nanoTime() {
        return nanoTime.getAsLong();
    }

    Duration stallTimeout() {
        return stallTimeout;
    }

    @Override
    public String toString() {
        return "Connection#" + id;
    }
}
