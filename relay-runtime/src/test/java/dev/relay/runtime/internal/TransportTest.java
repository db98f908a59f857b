package dev.relay.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;

class TransportTest {

    @Test
    void nioWhenAskedFor() {
        Transport t = Transport.select("nio");
        assertThat(t.name()).isEqualTo("nio");
        assertThat(t.socketChannel()).isEqualTo(NioSocketChannel.class);
        assertThat(t.fallbackReason()).isNull();
    }

    @Test
    void autoIsEpollWhereItLoadsAndSilentlyNioElsewhere() {
        Transport t = Transport.select("auto");
        if (Epoll.isAvailable()) {
            assertThat(t.name()).isEqualTo("epoll");
            assertThat(t.socketChannel()).isEqualTo(EpollSocketChannel.class);
        } else {
            assertThat(t.name()).isEqualTo("nio");
        }
        assertThat(t.fallbackReason()).isNull();
    }

    @Test
    void epollWhereItCannotLoadFallsBackToNioAndSaysWhy() {
        Transport t = Transport.select("epoll");
        if (Epoll.isAvailable()) {
            assertThat(t.name()).isEqualTo("epoll");
        } else {
            assertThat(t.name()).isEqualTo("nio");
            assertThat(t.fallbackReason()).startsWith("native epoll is not available here");
        }
    }

    @Test
    void anUnknownValueIsNamedAndNioUsed() {
        Transport t = Transport.select("io_uring");
        assertThat(t.name()).isEqualTo("nio");
        assertThat(t.fallbackReason()).isEqualTo("relay.transport: unknown value 'io_uring' (auto, nio, epoll); using nio");
    }
}
