package dev.relay.runtime.internal;

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
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One established WebSocket connection to the control plane. {@link #send} may be called from any
 * thread. Large messages go out as a text frame followed by continuation frames of at most
 * {@link #FRAGMENT_BYTES}, so neither side needs one giant frame.
 */
public final class Connection {

    /** Largest single WebSocket frame the relay writes. */
    public static final int FRAGMENT_BYTES = 64 * 1024;

    private final Channel channel;
    private final long id;
    private final Instant connectedAt;

    Connection(Channel channel, long id, Instant connectedAt) {
        this.channel = channel;
        this.id = id;
        this.connectedAt = connectedAt;
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

    /** Sends one JSON-RPC message as WebSocket text (fragmented when large). */
    public ChannelFuture send(String text) {
        if (text.length() <= FRAGMENT_BYTES / 3) {
            return channel.writeAndFlush(new TextWebSocketFrame(text));
        }
        ByteBuf all = ByteBufUtil.writeUtf8(channel.alloc(), text);
        if (all.readableBytes() <= FRAGMENT_BYTES) {
            return channel.writeAndFlush(new TextWebSocketFrame(all));
        }
        // The fragments of one message must not interleave with another message's: write them all
        // in one task on the event loop. They split at any byte; the peer decodes the whole message.
        ChannelPromise done = channel.newPromise();
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
                    if (fin) {
                        channel.writeAndFlush(frame, done);
                    } else {
                        channel.write(frame);
                    }
                }
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

    @Override
    public String toString() {
        return "Connection#" + id;
    }
}
