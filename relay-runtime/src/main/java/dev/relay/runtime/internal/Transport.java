package dev.relay.runtime.internal;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The Netty transport of the control-plane client: native epoll on Linux (x86_64 and aarch64) when
 * its library loads, else NIO. The system property {@value #PROPERTY} ({@code auto}, the default;
 * {@code nio}; {@code epoll}) overrides the choice; {@code epoll} where it cannot load falls back to
 * NIO and says why ({@link #fallbackReason()}).
 *
 * @param name {@code epoll} or {@code nio}
 */
public record Transport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends SocketChannel> socketChannel,
        @Nullable String fallbackReason) {

    /** The system property that chooses the transport. */
    public static final String PROPERTY = "relay.transport";

    /** The transport chosen by {@value #PROPERTY} (read now) and what this platform supports. */
    public static Transport select() {
        return select(System.getProperty(PROPERTY, "auto"));
    }

    /** The transport for a {@value #PROPERTY} value: {@code auto}, {@code nio} or {@code epoll}. */
    public static Transport select(String wanted) {
        String w = wanted.trim().toLowerCase(Locale.ROOT);
        if (w.equals("nio")) {
            return nio(null);
        }
        if (!w.equals("auto") && !w.equals("epoll")) {
            return nio(PROPERTY + ": unknown value '" + wanted + "' (auto, nio, epoll); using nio");
        }
        if (epollAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class, null);
        }
        return nio(w.equals("epoll") ? "native epoll is not available here (" + epollUnavailabilityCause()
                + "); using nio" : null);
    }

    private static Transport nio(@Nullable String fallbackReason) {
        return new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class, fallbackReason);
    }

    private static boolean epollAvailable() {
        try {
            return Epoll.isAvailable();
        } catch (LinkageError e) { // netty-transport-classes-epoll left out of a custom class path
            return false;
        }
    }

    private static String epollUnavailabilityCause() {
        try {
            Throwable cause = Epoll.unavailabilityCause();
            return cause == null ? "unknown cause" : cause.getClass().getSimpleName();
        } catch (LinkageError e) {
            return "epoll classes missing";
        }
    }
}
