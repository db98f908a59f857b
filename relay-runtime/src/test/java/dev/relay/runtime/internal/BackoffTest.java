package dev.relay.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Always the top of the jitter range: shows the ceilings. */
    static final class Max implements RandomGenerator {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    }

    private final MutableClock clock = new MutableClock();

    private Backoff backoff(RandomGenerator random) {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMinutes(5),
                clock, random);
    }

    @Test
    void ceilingsDoubleFromOneSecondToTheSixtySecondCap() {
        Backoff b = backoff(new Max());
        long[] delays = new long[9];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = b.nextDelay(false).toMillis();
        }
        assertThat(delays).containsExactly(1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000);
    }

    @Test
    void fullJitterSpreadsOverZeroToTheCeiling() {
        Backoff b = backoff(new java.util.SplittableRandom(42));
        for (int i = 0; i < 200; i++) {
            long ceiling = b.ceilingMillis(b.attempt());
            long d = b.nextDelay(false).toMillis();
            assertThat(d).isBetween(0L, ceiling);
        }
        // with a fixed seed the schedule is reproducible
        Backoff again = backoff(new java.util.SplittableRandom(42));
        Backoff once = backoff(new java.util.SplittableRandom(42));
        for (int i = 0; i < 20; i++) {
            assertThat(again.nextDelay(false)).isEqualTo(once.nextDelay(false));
        }
    }

    @Test
    void resetsOnlyAfterAMinuteConnected() {
        Backoff b = backoff(new Max());
        b.nextDelay(false);
        b.nextDelay(false);
        b.nextDelay(false);
        b.connected();
        clock.now = clock.now.plusSeconds(59);
        b.disconnected();
        assertThat(b.nextDelay(false)).isEqualTo(Duration.ofSeconds(8));

        b.connected();
        clock.now = clock.now.plusSeconds(60);
        b.disconnected();
        assertThat(b.nextDelay(false)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void authFailuresWaitAtLeastTheAuthDelay() {
        Backoff b = backoff(new Max());
        assertThat(b.nextDelay(true)).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.nextDelay(false)).isEqualTo(Duration.ofSeconds(2));
    }
}
