package dev.relay.runtime.internal;

import dev.relay.runtime.RelayListener;

import dev.relay.audit.AuditLog;
import dev.relay.audit.AuditRecord;
import dev.relay.masking.Masker;
import dev.relay.policy.Operation;
import dev.relay.policy.spi.HealthReport;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.runtime.RelayConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe loop: every {@code health.probeInterval} each resource's health and schema
 * fingerprint are read on the probe thread (never the event loop); when a resource becomes
 * reachable or unreachable, or its fingerprint changes, {@code onChange} runs (the runtime sends
 * {@code resource_update}) and the change is audited.
 */
public final class ResourceMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceMonitor.class);

    /** What the relay last saw of a resource. */
    record State(boolean reachable, @Nullable String fingerprint, @Nullable String error) {
    }

    private final Supplier<ActiveConfig> active;
    private final ScheduledExecutorService scheduler;
    private final AuditLog audit;
    private final Runnable onChange;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final AtomicBoolean probing = new AtomicBoolean();

    private final RelayListener listener;

    public ResourceMonitor(Supplier<ActiveConfig> active, ScheduledExecutorService scheduler, AuditLog audit, Runnable onChange,
            RelayListener listener) {
        this.listener = listener;
        this.active = active;
        this.scheduler = scheduler;
        this.audit = audit;
        this.onChange = onChange;
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Probes again shortly (a query just found the database unavailable). */
    public void probeSoon() {
        scheduler.schedule(this::probeAll, 100, TimeUnit.MILLISECONDS);
    }

    /** Probes every resource now, on the calling thread; runs {@code onChange} if anything changed. */
    public void probeAll() {
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        try {
            ActiveConfig current = active.get();
            boolean changed = states.keySet().retainAll(current.connectors().keySet());
            for (RelayConfig.Resource r : current.config().resources()) {
                ResourceConnector connector = current.connector(r.id());
                if (connector == null) {
                    continue;
                }
                State next = probe(current, r, connector);
                State previous = states.put(r.id(), next);
                if (previous == null || previous.reachable() != next.reachable()
                        || !Objects.equals(previous.fingerprint(), next.fingerprint())) {
                    changed = true;
                    if (previous == null || previous.reachable() != next.reachable()) {
                        LOG.info("resource {} is {}", r.id(), next.reachable() ? "reachable" : "unreachable");
                        listener.resourceReachability(r.id(), next.reachable());
                        try {
                            audit.record((next.reachable() ? AuditRecord.resourceReachable(r.id())
                                    : AuditRecord.resourceUnreachable(r.id(), next.error())).build());
                        } catch (RuntimeException e) {
                            LOG.warn("could not audit the reachability of {}", r.id(), e);
                        }
                    }
                }
            }
            if (changed) {
                onChange.run();
            }
        } catch (RuntimeException e) {
            LOG.warn("the probe loop failed", e);
        } finally {
            probing.set(false);
        }
    }

    private State probe(ActiveConfig current, RelayConfig.Resource r, ResourceConnector connector) {
        Duration timeout = current.config().health().probeTimeout();
        HealthReport report;
        try {
            report = connector.health(timeout);
        } catch (RuntimeException e) {
            return new State(false, null, e.getClass().getSimpleName());
        }
        if (!report.ok()) {
            return new State(false, null, report.error() == null ? null : current.masker().maskMessage(report.error()));
        }
        String fingerprint = null;
        try {
            fingerprint = connector.schemaFingerprint(new QueryContext("probe-" + r.id(), timeout, r.maxResponseBytes()));
        } catch (RuntimeException e) {
            LOG.debug("fingerprint of {} failed", r.id(), e);
        }
        return new State(true, fingerprint, null);
    }

    /** One entry of {@code list_resources} / {@code resource_update}. */
    public Map<String, Object> resourceEntry(ActiveConfig current, RelayConfig.Resource r) {
        State s = states.get(r.id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("type", r.type());
        m.put("status", s != null && s.reachable() ? "reachable" : "unreachable");
        List<String> ops = new ArrayList<>();
        for (Operation op : Operation.values()) {
            if (r.allowedOperations().contains(op)) {
                ops.add(op.wireName());
            }
        }
        m.put("allowedOperations", ops);
        m.put("maxRowsPerQuery", r.maxRowsPerQuery());
        m.put("schemaFingerprint", s == null ? null : s.fingerprint());
        return m;
    }

    /** The {@code resources} list of {@code list_resources} and {@code resource_update}. */
    public List<Object> resourceList(ActiveConfig current) {
        List<Object> out = new ArrayList<>();
        for (RelayConfig.Resource r : current.config().resources()) {
            out.add(resourceEntry(current, r));
        }
        return out;
    }

    /** A {@code health_check} entry, probing now (on the worker thread). */
    public Map<String, Object> health(ActiveConfig current, RelayConfig.Resource r, Masker masker) {
        ResourceConnector connector = current.connector(r.id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        HealthReport report;
        try {
            report = connector == null ? new HealthReport(false, false, 0, "no connector")
                    : connector.health(current.config().health().probeTimeout());
        } catch (RuntimeException e) {
            report = new HealthReport(false, false, 0, e.getClass().getSimpleName());
        }
        m.put("status", report.ok() ? "ok" : "error");
        m.put("connect", report.connect());
        m.put("auth", report.auth());
        m.put("latencyMs", report.latencyMs());
        m.put("error", report.error() == null ? null : masker.maskMessage(report.error()));
        return m;
    }

    /** Resource ids currently seen reachable (for logs and tests). */
    public TreeSet<String> reachable() {
        TreeSet<String> out = new TreeSet<>();
        states.forEach((id, s) -> {
            if (s.reachable()) {
                out.add(id);
            }
        });
        return out;
    }
}
