package dev.relay.policy.spi;

import org.jspecify.annotations.Nullable;

/**
 * A health probe's outcome. {@code connect} is whether the server could be reached at all;
 * {@code auth} whether the credentials were accepted (false when not reached). {@code error}
 * is a safe message (no secret) telling the two apart, null when healthy.
 */
public record HealthReport(boolean connect, boolean auth, long latencyMs, @Nullable String error) {

    public boolean ok() {
        return connect && auth && error == null;
    }
}
