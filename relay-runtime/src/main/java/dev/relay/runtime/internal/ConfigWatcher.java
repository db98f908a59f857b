package dev.relay.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config file by polling its content digest. Polling (not a WatchService) also sees
 * the symlink swaps Kubernetes uses for mounted ConfigMaps and Secrets, and costs one small read
 * per interval.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final Runnable onChange;
    private byte @Nullable [] digest;
    private @Nullable ScheduledFuture<?> task;

    public ConfigWatcher(Path file, Runnable onChange) {
        this.file = file;
        this.onChange = onChange;
        this.digest = digest(file);
    }

    public ConfigWatcher start(ScheduledExecutorService scheduler, Duration interval) {
        task = scheduler.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Checks once; runs {@code onChange} when the content differs from the last check. */
    public synchronized void check() {
        byte[] now = digest(file);
        if (now == null || Arrays.equals(now, digest)) {
            return;
        }
        digest = now;
        LOG.info("config file {} changed; reloading", file);
        try {
            onChange.run();
        } catch (RuntimeException e) {
            LOG.error("config reload failed", e);
        }
    }

    private static byte @Nullable [] digest(Path file) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
