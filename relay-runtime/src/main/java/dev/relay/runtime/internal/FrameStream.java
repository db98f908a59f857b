package dev.relay.runtime.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of one outbound WebSocket text message, sent as they are written: every
 * {@link Connection#FRAGMENT_BYTES} bytes become a frame (a text frame, then continuation frames)
 * handed to the {@link MessageFramer}. A message that ends within its first fragment goes out as
 * one ordinary text frame when {@link #finish()} is called.
 *
 * <p>Backpressure: at most {@link #FRAMES_IN_FLIGHT} frames of a message are handed to Netty and
 * not yet written to the socket, and no frame is handed over while the channel is not writable
 * (its outbound buffer above the high water mark); the writing thread waits (a worker thread may
 * block; on the event loop nothing waits, see {@link Connection}). Waiting ends with an
 * {@link IOException} when the connection closes, or when nothing at all was written on the
 * connection for the stall timeout (a peer that stopped reading). The caller then calls
 * {@link #abort()}. Memory per message is thus a few frames, whatever the message's size.
 *
 * <p>Used by one thread; not thread-safe.
 */
final class FrameStream extends OutputStream {

    /** Frames of one message handed to Netty and not yet on the socket, at most. */
    static final int FRAMES_IN_FLIGHT = 4;

    private final Connection connection;
    private final Channel channel;
    private final boolean mayWait;
    private final int fragmentBytes;
    private final Semaphore credits = new Semaphore(FRAMES_IN_FLIGHT);
    private @Nullable ByteBuf buffer;
    private int framesSent;
    private boolean done;
    private volatile @Nullable Throwable writeFailure;

    FrameStream(Connection connection, Channel channel, boolean mayWait, int fragmentBytes) {
        this.connection = connection;
        this.channel = channel;
        this.mayWait = mayWait;
        this.fragmentBytes = fragmentBytes;
    }

    /** Whether any frame of this message was handed to the connection (then it can only be aborted). */
    boolean started() {
        return framesSent > 0;
    }

    int framesSent() {
        return framesSent;
    }

    @Override
    public void write(int b) throws IOException {
        ByteBuf buf = room();
        buf.writeByte(b);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        while (len > 0) {
            ByteBuf buf = room();
            int n = Math.min(len, fragmentBytes - buf.readableBytes());
            buf.writeBytes(bytes, off, n);
            off += n;
            len -= n;
        }
    }

    /** A buffer with room for at least one byte; a full one is sent first (not the last frame). */
    private ByteBuf room() throws IOException {
        if (done) {
            throw new IOException("message already finished or aborted");
        }
        ByteBuf buf = buffer;
        if (buf != null && buf.readableBytes() >= fragmentBytes) {
            send(false);
            buf = null;
        }
        if (buf == null) {
            buf = channel.alloc().buffer(fragmentBytes, fragmentBytes);
            buffer = buf;
        }
        return buf;
    }

    /** Sends what is buffered as the message's final frame. */
    void finish() throws IOException {
        if (done) {
            throw new IOException("message already finished or aborted");
        }
        if (buffer == null) {
            buffer = channel.alloc().buffer(0);
        }
        send(true);
        done = true;
    }

    private void send(boolean fin) throws IOException {
        ByteBuf buf = buffer;
        buffer = null;
        if (buf == null) {
            throw new IllegalStateException("nothing to send");
        }
        WebSocketFrame frame = framesSent == 0 ? new TextWebSocketFrame(fin, 0, buf) : new ContinuationWebSocketFrame(fin, 0, buf);
        if (framesSent == 0 && fin) {
            // the whole message in one frame: an ordinary message, nothing to keep together
            try {
                awaitRoom(false);
            } catch (IOException e) {
                frame.release();
                throw e;
            }
            channel.writeAndFlush(frame).addListener(f -> {
                if (f.isSuccess()) {
                    connection.progressed();
                }
            });
            framesSent = 1;
            return;
        }
        try {
            awaitRoom(true);
        } catch (IOException e) {
            frame.release();
            throw e;
        }
        ChannelPromise promise = channel.newPromise();
        promise.addListener(f -> {
            if (f.isSuccess()) {
                connection.progressed();
            } else {
                writeFailure = f.cause();
            }
            credits.release();
        });
        channel.writeAndFlush(new MessageFramer.Fragment(this, frame), promise);
        framesSent++;
    }

    /**
     * Waits for one of this message's frame credits (when {@code credit}) and for the channel to be
     * writable (its outbound buffer below the high water mark), so neither one reply nor many small
     * ones pile up in memory in front of a slow control plane.
     */
    private void awaitRoom(boolean credit) throws IOException {
        if (!mayWait) {
            return; // on the event loop: never wait (only small messages are sent from there)
        }
        long waitStarted = connection.nanoTime();
        boolean haveCredit = !credit;
        try {
            while (true) {
                if (!haveCredit) {
                    haveCredit = credits.tryAcquire(20, TimeUnit.MILLISECONDS);
                }
                if (haveCredit && channel.isWritable()) {
                    break;
                }
                if (haveCredit) {
                    Thread.sleep(2);
                }
                failIfBroken();
                long now = connection.nanoTime();
                long quietSince = Math.max(waitStarted, connection.lastProgressNanos());
                if (now - quietSince > connection.stallTimeout().toNanos()) {
                    throw new IOException("nothing could be written to the control plane for "
                            + connection.stallTimeout().toMillis() + " ms (it stopped reading)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending");
        }
        failIfBroken();
    }

    private void failIfBroken() throws IOException {
        Throwable failure = writeFailure;
        if (failure != null) {
            throw new IOException("a frame could not be written: " + failure.getClass().getSimpleName());
        }
        if (!channel.isActive()) {
            throw new IOException("the connection closed");
        }
    }

    /**
     * Withdraws the message: frames not yet on the wire are dropped; if part of it already left,
     * the connection is closed with 1011 (see {@link MessageFramer}).
     */
    void abort() {
        done = true;
        discardBuffer();
        if (framesSent > 0) {
            channel.writeAndFlush(new MessageFramer.Abort(this));
        }
    }

    /** Drops the unsent buffer when nothing was sent (nothing to withdraw). */
    void discardBuffer() {
        ByteBuf buf = buffer;
        buffer = null;
        if (buf != null) {
            buf.release();
        }
    }

    @Override
    public void close() {
        // finish() or abort() end a message; closing the stream alone sends nothing
    }
}
