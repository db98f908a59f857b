package dev.relay.runtime;

import dev.relay.audit.AuditConfig;
import dev.relay.audit.AuditLog;
import dev.relay.audit.AuditRecord;
import dev.relay.masking.Masker;
import dev.relay.policy.spi.ConnectorRegistry;
import dev.relay.protocol.JsonRpcCodec;
import dev.relay.protocol.Notification;
import dev.relay.protocol.RelayMethods;
import dev.relay.runtime.internal.ActiveConfig;
import dev.relay.runtime.internal.Assembly;
import dev.relay.runtime.internal.ConfigWatcher;
import dev.relay.runtime.internal.Connection;
import dev.relay.runtime.internal.ControlPlaneClient;
import dev.relay.runtime.internal.Dispatcher;
import dev.relay.runtime.internal.NamedThreadFactory;
import dev.relay.runtime.internal.RequestPipeline;
import dev.relay.runtime.internal.ResourceMonitor;
import dev.relay.runtime.internal.RuntimeStats;
import dev.relay.runtime.internal.SafeListener;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay. Start here: build one from a {@link RelayConfig}, {@link #start()} it, and it dials
 * the control plane, answers its requests and stays connected until {@link #shutdown()}.
 *
 * <pre>{@code
 * RelayConfig config = RelayConfigLoader.create().load(Path.of("relay-config.yaml"));
 * try (RelayRuntime relay = RelayRuntime.builder(config).build().start()) {
 *     relay.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Invariants: work never runs on the I/O event loop; no result leaves without its audit
 * record; every error text sent out is masked; nothing is logged that holds a row value, a query
 * literal or a secret.
 */
public final class RelayRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayRuntime.class);

    private final Clock clock;
    private final RandomGenerator random;
    private final LongSupplier nanoTime;
    private final ConnectorRegistry registry;
    private final AtomicReference<ActiveConfig> active = new AtomicReference<>();
    private final AuditLog audit;
    private final RuntimeStats stats = new RuntimeStats();
    private final RelayListener listener;
    private final ScheduledExecutorService timers;
    private final ThreadPoolExecutor side;
    private final ScheduledExecutorService probes;
    private final ResourceMonitor monitor;
    private final Dispatcher dispatcher;
    private final ControlPlaneClient client;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final long startedNanos;
    private final Object lifecycle = new Object();
    private final RelayConfigLoader loader;
    private volatile @Nullable ConfigWatcher watcher;
    private volatile @Nullable ScheduledFuture<?> heartbeat;
    private volatile boolean shuttingDown;
    private volatile int exitCode;

    private RelayRuntime(Builder b) {
        this.clock = b.clock;
        this.random = b.random;
        this.nanoTime = b.nanoTime;
        this.registry = b.registry != null ? b.registry : ConnectorRegistry.load(RelayRuntime.class.getClassLoader());
        for (String failure : registry.failures()) {
            LOG.warn("connector provider not loaded: {}", failure);
        }
        RelayConfig config = b.config;
        this.loader = b.loader != null ? b.loader : Assembly.withModuleChecks(RelayConfigLoader.create(), registry);
        this.timers = Executors.newScheduledThreadPool(1, new NamedThreadFactory("relay-timer"));
        // Free text and sender-chosen fields of every record go through the masker in force at
        // the time of writing (a reload swaps it). With signed checkpoints, the timer writes one
        // every checkpointInterval while records are waiting for a signature, also when idle.
        AuditLog.Builder auditBuilder = AuditLog.builder(AuditConfig.fromMap(config.audit())).clock(clock)
                .textFilter(this::maskAuditText)
                .scheduler(timers);
        if (b.auditOut != null) {
            auditBuilder.stdout(b.auditOut);
        }
        if (b.auditSink != null) {
            auditBuilder.sink(b.auditSink);
        }
        this.audit = auditBuilder.build();
        this.active.set(Assembly.assemble(config, registry, null));
        this.startedNanos = nanoTime.getAsLong();
        this.side = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000),
                new NamedThreadFactory("relay-side"));
        this.probes = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("relay-probe"));
        this.listener = SafeListener.of(b.listener);
        this.monitor = new ResourceMonitor(active::get, probes, audit, this::sendResourceUpdate, listener);
        RelayConfig.Limits limits = config.limits();
        JsonRpcCodec codec = JsonRpcCodec.builder()
                .knownMethods(RelayMethods.RELAY_METHODS)
                .maxMessageBytes((int) Math.min(Integer.MAX_VALUE, limits.maxRequestBytes()))
                .build();
        RequestPipeline pipeline = new RequestPipeline(audit, monitor, stats, nanoTime);
        this.dispatcher = new Dispatcher(codec, pipeline, audit, stats, active::get, limits.maxConcurrentRequests(),
                limits.queueSize(), limits.requestTimeout(), side, timers, Dispatcher.DEADLINE_CHECK_INTERVAL, nanoTime, listener);
        this.client = new ControlPlaneClient(config.controlPlane(), config.relayId(), RelayVersion.get(),
                limits.maxRequestBytes(), new Events(), clock, nanoTime, random);
    }

    public static Builder builder(RelayConfig config) {
        return new Builder(config);
    }

    /** Connects (in the background) and starts the probe loop. Returns at once. */
    public RelayRuntime start() {
        RelayConfig config = active.get().config();
        LOG.info("relay {} {} starting: {} resource(s), control plane {}", config.relayId(), RelayVersion.get(),
                config.resources().size(), config.controlPlane().url().getHost());
        monitor.start(config.health().probeInterval());
        client.start();
        if (config.source() != null && config.reload().watch()) {
            watcher = new ConfigWatcher(config.source(), this::reloadFromFile).start(timers, config.reload().pollInterval());
        }
        return this;
    }

    /** The config in force. */
    public RelayConfig config() {
        return active.get().config();
    }

    /** A snapshot of the counters a heartbeat carries. */
    public Stats stats() {
        return new Stats(stats.total(), stats.rejectedCount(), stats.failedCount(), stats.inFlight(), stats.reconnects(),
                stats.connectedSince());
    }

    /**
     * Counters since start: requests received, rejected (policy, overload, shutdown, invalid),
     * failed (database, timeout, internal), in flight now, reconnects, and since when the current
     * connection is up (null while disconnected).
     */
    public record Stats(long requestsTotal, long requestsRejected, long requestsFailed, long inFlight, long reconnects,
            java.time.@Nullable Instant connectedSince) {
    }

    /** Whether a WebSocket connection to the control plane is established now. */
    public boolean isConnected() {
        Connection c = client.current();
        return c != null && c.isOpen();
    }

    /**
     * Swaps in a new config: resources added, changed or removed take effect for new requests at
     * once; running requests of a removed resource are cancelled; a {@code resource_update} goes
     * out. Changes to {@code controlPlane}, {@code limits}, {@code audit} or {@code logging} need a
     * restart and are reported as such. Returns false (old config kept) when the new one cannot
     * be assembled.
     */
    public boolean reload(RelayConfig next) {
        synchronized (lifecycle) {
            if (shuttingDown) {
                return false;
            }
            ActiveConfig old = active.get();
            ActiveConfig assembled;
            try {
                assembled = Assembly.assemble(next, registry, old);
            } catch (RuntimeException e) {
                LOG.error("config reload refused; keeping the running config: {}", e.getMessage());
                auditQuietly(AuditRecord.configReloaded(false, "refused: " + e.getClass().getSimpleName()));
                listener.configReloaded(false);
                return false;
            }
            RelayConfig prev = old.config();
            if (!Objects.equals(prev.controlPlane(), next.controlPlane()) || !prev.limits().equals(next.limits())
                    || !prev.audit().equals(next.audit()) || !prev.relayId().equals(next.relayId())) {
                LOG.warn("config reload: changes to relayId, controlPlane, limits or audit take effect after a restart");
            }
            active.set(assembled);
            for (String id : old.connectors().keySet()) {
                if (assembled.connector(id) == null || assembled.connector(id) != old.connector(id)) {
                    dispatcher.resourceRemoved(id);
                }
            }
            Assembly.retire(old, assembled);
            LOG.info("config reloaded: {} resource(s)", next.resources().size());
            auditQuietly(AuditRecord.configReloaded(true, next.resources().size() + " resource(s)"));
        }
        listener.configReloaded(true);
        sendResourceUpdate();
        timers.execute(monitor::probeAll);
        return true;
    }

    /**
     * Re-reads the config file this runtime was started from (what a file edit or SIGHUP does); an
     * invalid file is refused, logged with its problems, and the running config kept.
     */
    public boolean reloadFromFile() {
        RelayConfig current = active.get().config();
        if (current.source() == null) {
            return false;
        }
        try {
            return reload(loader.load(current.source()));
        } catch (RelayConfigException e) {
            LOG.error("config reload refused; keeping the running config. {}", e.getMessage());
            auditQuietly(AuditRecord.configReloaded(false, e.problems().size() + " problem(s) in the new file"));
            listener.configReloaded(false);
            return false;
        }
    }

    /**
     * Stops taking work ({@code SHUTTING_DOWN}), waits for in-flight requests up to
     * {@code limits.shutdownGracePeriod}, closes the connection with 1001 and flushes the audit.
     */
    public void shutdown() {
        synchronized (lifecycle) {
            if (shuttingDown) {
                return;
            }
            shuttingDown = true;
        }
        Duration grace = active.get().config().limits().shutdownGracePeriod();
        LOG.info("shutting down: draining {} request(s) for up to {} ms", dispatcher.inFlightCount(), grace.toMillis());
        ConfigWatcher w = watcher;
        if (w != null) {
            w.close();
        }
        boolean drained = dispatcher.drain(grace);
        ScheduledFuture<?> hb = heartbeat;
        if (hb != null) {
            hb.cancel(false);
        }
        client.stop(1001, "relay shutting down");
        auditQuietly(AuditRecord.shutdown(drained ? "drained" : "grace period expired; requests cancelled"));
        sleepQuietly(200);
        client.close();
        timers.shutdownNow();
        probes.shutdownNow();
        try {
            probes.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        side.shutdown();
        try {
            side.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Assembly.retire(active.get(), null);
        try {
            audit.close();
        } catch (RuntimeException e) {
            LOG.error("flushing the audit trail failed", e);
            exitCode = 1;
        }
        LOG.info("relay stopped");
        terminated.countDown();
    }

    /** Blocks until {@link #shutdown()} has finished; returns the exit code (0, or 1 after giving up). */
    public int awaitTermination() throws InterruptedException {
        terminated.await();
        return exitCode;
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        shutdown();
    }

    private void sendResourceUpdate() {
        Connection c = client.current();
        if (c == null || !c.isOpen()) {
            return;
        }
        Map<String, Object> params = Map.of("resources", monitor.resourceList(active.get()));
        c.send(encodeNotification(RelayMethods.RESOURCE_UPDATE, params));
    }

    private void sendHeartbeat() {
        Connection c = client.current();
        if (c == null || !c.isOpen()) {
            return;
        }
        RelayConfig config = active.get().config();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("relayId", config.relayId());
        params.put("version", RelayVersion.get());
        params.put("uptimeSeconds", (nanoTime.getAsLong() - startedNanos) / 1_000_000_000L);
        params.put("stats", stats.toWire());
        c.send(encodeNotification(RelayMethods.HEARTBEAT, params));
    }

    private static String encodeNotification(String method, Map<String, Object> params) {
        return NOTIFICATION_CODEC.encode(Notification.of(method, params));
    }

    private static final JsonRpcCodec NOTIFICATION_CODEC = JsonRpcCodec.defaults();

    /** The audit log's text filter: the active config's masker (the defaults until the first config is assembled). */
    private String maskAuditText(String text) {
        ActiveConfig current = active.get();
        return (current == null ? Masker.defaults() : current.masker()).maskMessage(text);
    }

    private void auditQuietly(AuditRecord.Builder record) {
        try {
            audit.record(record.build());
        } catch (RuntimeException e) {
            LOG.error("could not write a lifecycle audit record", e);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Connection events, on the event loop: hand off, never block. */
    private final class Events implements ControlPlaneClient.Listener {
        @Override
        public void onConnected(Connection connection) {
            stats.connected(connection.connectedAt());
            listener.connected();
            side.execute(() -> {
                auditQuietly(AuditRecord.connected("connection #" + connection.id()));
                sendResourceUpdate();
            });
            Duration interval = active.get().config().controlPlane().heartbeatInterval();
            ScheduledFuture<?> previous = heartbeat;
            if (previous != null) {
                previous.cancel(false);
            }
            heartbeat = timers.scheduleAtFixedRate(RelayRuntime.this::sendHeartbeat, interval.toMillis(),
                    interval.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void onMessage(Connection connection, String text) {
            dispatcher.onMessage(connection, text);
        }

        @Override
        public void onDisconnected(Connection connection) {
            stats.disconnected();
            listener.disconnected();
            ScheduledFuture<?> hb = heartbeat;
            if (hb != null) {
                hb.cancel(false);
            }
            dispatcher.connectionLost(connection);
            side.execute(() -> auditQuietly(AuditRecord.disconnected("CONNECTION_LOST", "connection #" + connection.id())));
        }

        @Override
        public void onGiveUp(int failedAttempts) {
            exitCode = 1;
            new Thread(RelayRuntime.this::shutdown, "relay-shutdown").start();
        }
    }

    /** Builds a {@link RelayRuntime}; everything but the config is optional. */
    public static final class Builder {
        private final RelayConfig config;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = new java.util.SplittableRandom();
        private LongSupplier nanoTime = System::nanoTime;
        private @Nullable OutputStream auditOut;
        private @Nullable ConnectorRegistry registry;
        private @Nullable RelayConfigLoader loader;
        private dev.relay.audit.spi.@Nullable AuditSink auditSink;
        private RelayListener listener = RelayListener.NONE;

        private Builder(RelayConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder random(RandomGenerator r) {
            this.random = r;
            return this;
        }

        public Builder nanoTime(LongSupplier n) {
            this.nanoTime = n;
            return this;
        }

        /** Where the audit trail's stdout sink writes (default {@code System.out}). */
        public Builder auditOut(OutputStream out) {
            this.auditOut = out;
            return this;
        }

        /** The connector providers (default: {@link ConnectorRegistry#load} on this class loader). */
        public Builder connectors(ConnectorRegistry r) {
            this.registry = r;
            return this;
        }

        /** An audit sink of one's own instead of the one {@code audit.sink} names (the log closes it). */
        public Builder auditSink(dev.relay.audit.spi.AuditSink sink) {
            this.auditSink = sink;
            return this;
        }

        /** How reloads read the file (default: the process environment, with every module's checks). */
        public Builder configLoader(RelayConfigLoader l) {
            this.loader = l;
            return this;
        }

        /** Observability hooks (default {@link RelayListener#NONE}); never given a query or a value. */
        public Builder listener(RelayListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        public RelayRuntime build() {
            return new RelayRuntime(this);
        }
    }
}
