package dev.relay.runtime.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Reconnect schedule: exponential backoff with full jitter ({@code uniform(0, min(cap, base·2^n))}),
 * reset once a connection has stayed up for {@code resetAfter}. Authentication failures (401/403)
 * wait at least {@code authFailureDelay}: retrying a revoked token every second helps nobody.
 * Time and randomness are injected, so the schedule is unit-tested exactly. Not thread-safe: the
 * client uses it from one event loop.
 */
public final class Backoff {

    private final Duration base;
    private final Duration cap;
    private final Duration resetAfter;
    private final Duration authFailureDelay;
    private final Clock clock;
    private final RandomGenerator random;
    private int attempt;
    private @Nullable Instant connectedAt;

    public Backoff(Duration base, Duration cap, Duration resetAfter, Duration authFailureDelay, Clock clock,
            RandomGenerator random) {
        this.base = base;
        this.cap = cap;
        this.resetAfter = resetAfter;
        this.authFailureDelay = authFailureDelay;
        this.clock = clock;
        this.random = random;
    }

    /** A connection was established (handshake done). */
    public void connected() {
        connectedAt = clock.instant();
    }

    /** The connection ended: if it had lasted {@code resetAfter}, the schedule starts over. */
    public void disconnected() {
        if (connectedAt != null && Duration.between(connectedAt, clock.instant()).compareTo(resetAfter) >= 0) {
            attempt = 0;
        }
        connectedAt = null;
    }

    /** The delay before the next attempt; advances the schedule. */
    public Duration nextDelay(boolean authFailure) {
        long ceiling = ceilingMillis(attempt);
        if (attempt < 62) {
            attempt++;
        }
        long delay = ceiling <= 0 ? 0 : random.nextLong(ceiling + 1);
        if (authFailure) {
            delay = Math.max(delay, authFailureDelay.toMillis());
        }
        return Duration.ofMillis(delay);
    }

    /** {@code min(cap, base·2^n)} in milliseconds: the upper bound of attempt {@code n}'s jitter. */
    public long ceilingMillis(int n) {
        long capMs = cap.toMillis();
        long b = base.toMillis();
        if (n >= 40 || b << Math.min(n, 40) > capMs || b << Math.min(n, 40) < 0) {
            return capMs;
        }
        return Math.min(capMs, b << n);
    }

    /** Attempts made since the last reset. */
    public int attempt() {
        return attempt;
    }
}
