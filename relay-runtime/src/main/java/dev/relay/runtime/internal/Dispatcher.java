package dev.relay.runtime.internal;

import dev.relay.runtime.RelayListener;

import dev.relay.audit.AuditLog;
import dev.relay.audit.AuditRecord;
import dev.relay.audit.Outcome;
import dev.relay.protocol.Decoded;
import dev.relay.protocol.JsonRpcCodec;
import dev.relay.protocol.ErrorCode;
import dev.relay.protocol.JsonRpcError;
import dev.relay.protocol.JsonRpcId;
import dev.relay.protocol.RelayMethods;
import dev.relay.protocol.RelayReason;
import dev.relay.protocol.Request;
import dev.relay.protocol.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes decoded messages off the event loop and runs them on a bounded worker pool
 * ({@code limits.maxConcurrentRequests} threads, {@code limits.queueSize} waiting). The event loop
 * only decodes and enqueues: a full queue is answered {@code OVERLOADED} at once, a draining
 * relay answers {@code SHUTTING_DOWN}. Each job has a deadline ({@code limits.requestTimeout} after it
 * arrived; the connector's own budget is further lowered by the request's {@code timeoutMs}); jobs
 * of a connection that drops are cancelled.
 *
 * <p>Deadlines are enforced by one periodic sweep over the jobs in flight (queued or running), every
 * {@link #DEADLINE_CHECK_INTERVAL} on the runtime's timer thread: a job past its deadline is
 * cancelled at most that long after it (plus the sweep's own scheduling delay). There is no timer
 * per request: scheduling and cancelling one per request woke the timer thread for every request
 * (a futex wake-up on the worker, two on the timer) and kept each cancelled timer, with its job,
 * in the timer's queue until the deadline would have passed.
 * Every request gets an audit record, accepted or not: unparseable messages, unknown methods and
 * requests turned away are recorded here (on a side thread, not the event loop); a request whose
 * answer is dropped because its connection closed gets a {@code CONNECTION_CLOSED} record after
 * the pipeline's own, as does one whose reply was aborted while being sent.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** How often the deadlines of the jobs in flight are checked: the granularity of a deadline. */
    public static final Duration DEADLINE_CHECK_INTERVAL = Duration.ofMillis(50);

    private final JsonRpcCodec codec;
    private final RequestPipeline pipeline;
    private final AuditLog audit;
    private final RuntimeStats stats;
    private final Supplier<ActiveConfig> active;
    private final ThreadPoolExecutor workers;
    private final ExecutorService side;
    private final ScheduledFuture<?> deadlineSweep;
    private final LongSupplier nanoTime;
    private final Duration requestTimeout;
    private final Set<Job> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    /**
     * @param timers runs the deadline sweep every {@code deadlineCheckInterval} from now on (it stops
     *     when {@code timers} is shut down, or at {@link #drain}/{@link #shutdownNow})
     */
    public Dispatcher(JsonRpcCodec codec, RequestPipeline pipeline, AuditLog audit, RuntimeStats stats,
            Supplier<ActiveConfig> active, int workersCount, int queueSize, Duration requestTimeout,
            ExecutorService side, ScheduledExecutorService timers, Duration deadlineCheckInterval, LongSupplier nanoTime,
            RelayListener listener) {
        this.listener = listener;
        this.codec = codec;
        this.pipeline = pipeline;
        this.audit = audit;
        this.stats = stats;
        this.active = active;
        BlockingQueue<Runnable> queue = new WorkQueue(queueSize);
        this.workers = new ThreadPoolExecutor(workersCount, workersCount, 0, TimeUnit.MILLISECONDS, queue,
                new NamedThreadFactory("relay-worker"), new ThreadPoolExecutor.AbortPolicy());
        this.side = side;
        this.nanoTime = nanoTime;
        this.requestTimeout = requestTimeout;
        long every = Math.max(1, deadlineCheckInterval.toNanos());
        this.deadlineSweep = timers.scheduleWithFixedDelay(this::cancelOverdue, every, every, TimeUnit.NANOSECONDS);
    }

    /**
     * The sweep: cancels every job in flight whose deadline has passed (and was not cancelled yet).
     * Never throws: a periodic task that throws is never run again, and every later deadline would
     * go unenforced.
     */
    void cancelOverdue() {
        if (inFlight.isEmpty()) {
            return;
        }
        long now = nanoTime.getAsLong();
        for (Job job : inFlight) {
            if (now - job.deadlineNanos() >= 0) {
                try {
                    job.cancelIfNotAlready(Job.CancelReason.DEADLINE);
                } catch (RuntimeException e) {
                    LOG.error("cancelling request {} at its deadline failed: {}", job.request().id(), e.getClass().getName());
                }
            }
        }
    }

    private final RelayListener listener;

    /** Called on the event loop for each text message: decode, enqueue, never block. */
    public void onMessage(Connection connection, String text) {
        Decoded decoded = codec.decode(text);
        for (Response error : decoded.errors()) {
            auditLater(errorRecord(error));
        }
        List<Request> requests = decoded.requests();
        if (requests.isEmpty()) {
            codec.reply(decoded, List.of()).ifPresent(connection::send);
            return;
        }
        Reply reply = new Reply(connection, decoded, requests.size());
        for (Request request : requests) {
            stats.received();
            if (draining) {
                stats.rejected();
                reply.add(turnAway(request, RelayReason.SHUTTING_DOWN,
                        "the relay is shutting down and takes no new requests"));
                continue;
            }
            ActiveConfig snapshot = holdActive();
            if (snapshot == null) {
                stats.rejected();
                reply.add(turnAway(request, RelayReason.SHUTTING_DOWN, "the relay is shutting down and takes no new requests"));
                continue;
            }
            Job job = new Job(request, connection, snapshot, nanoTime.getAsLong(), requestTimeout);
            inFlight.add(job);
            try {
                workers.execute(() -> run(job, reply));
            } catch (RejectedExecutionException e) {
                inFlight.remove(job);
                snapshot.release();
                stats.rejected();
                reply.add(turnAway(request, draining ? RelayReason.SHUTTING_DOWN : RelayReason.OVERLOADED,
                        draining ? "the relay is shutting down and takes no new requests"
                                : "the relay's request queue is full; retry later"));
            }
        }
    }

    /**
     * The active snapshot, held for one request (a reload retiring it in between is retried), or
     * null when the snapshot is retired with no successor: the runtime has stopped.
     */
    private @Nullable ActiveConfig holdActive() {
        while (true) {
            ActiveConfig current = active.get();
            if (current.hold()) {
                return current;
            }
            if (active.get() == current) {
                return null;
            }
        }
    }

        private Response turnAway(Request request, RelayReason reason, String detail) {
        listener.requestFinished(new RelayListener.RequestFinished(request.method(), null, null,
                RelayListener.Outcome.REJECTED, reason.name(), 0));
        String requestId = requestIdOf(request);
        auditLater(AuditRecord.request(requestId).method(request.method()).outcome(Outcome.REJECTED)
                .reason(reason.name()).detail(detail));
        return new Response.Failure(request.id(), JsonRpcError.relay(reason, detail, requestId));
    }

    private static String requestIdOf(Request request) {
        if (request.params() != null && request.params().isObject()) {
            var node = request.params().get("requestId");
            if (node != null && node.isTextual()) {
                return node.asText();
            }
        }
        return request.id().asText();
    }

    private void run(Job job, Reply reply) {
        stats.started();
        try {
            Response response = pipeline.handle(job);
            boolean dropped = job.cancelled() == Job.CancelReason.CONNECTION_LOST || !job.connection().isOpen();
            listener.requestFinished(finished(job, response, dropped));
            if (dropped) {
                LOG.info("request {} finished after its connection was lost; the answer is dropped", job.request().id());
                // The pipeline's record says what was done (possibly "success"); this one says the
                // answer never left, so every request has a record of how it ended.
                recordDropped(job.request());
            } else {
                reply.add(response);
            }
        } finally {
            inFlight.remove(job);
            job.active().release();
            stats.finished();
        }
    }

    /** What the listener is told: codes and counts, never a detail (it may quote the request). */
    private RelayListener.RequestFinished finished(Job job, Response response, boolean dropped) {
        RelayListener.Outcome outcome;
        String reason = null;
        if (response instanceof Response.Failure f) {
            JsonRpcError error = f.error();
            reason = error.relayReason().map(Enum::name)
                    .orElseGet(() -> error.errorCode().map(Enum::name).orElse(Integer.toString(error.code())));
            outcome = isRejection(error) ? RelayListener.Outcome.REJECTED : RelayListener.Outcome.ERROR;
        } else {
            outcome = RelayListener.Outcome.SUCCESS;
        }
        if (dropped) {
            outcome = RelayListener.Outcome.DROPPED;
        }
        return new RelayListener.RequestFinished(job.request().method(), job.resourceId(), job.operation(), outcome,
                reason, nanoTime.getAsLong() - job.receivedNanos());
    }

    private static boolean isRejection(JsonRpcError error) {
        var relay = error.relayReason();
        if (relay.isPresent()) {
            return switch (relay.get()) {
                case QUERY_TIMEOUT, RESOURCE_UNAVAILABLE, QUERY_FAILED -> false;
                default -> true;
            };
        }
        return error.errorCode().filter(c -> c != ErrorCode.INTERNAL_ERROR).isPresent();
    }

    private void recordDropped(Request request) {
        try {
            audit.record(AuditRecord.dropped(requestIdOf(request)).method(request.method()).build());
        } catch (RuntimeException e) {
            LOG.error("could not write the audit record for a request whose answer was dropped", e);
        }
    }

    /** The connection dropped: cancel its jobs (their records say so). */
    public void connectionLost(Connection connection) {
        for (Job job : inFlight) {
            if (job.connection() == connection) {
                job.cancel(Job.CancelReason.CONNECTION_LOST);
            }
        }
    }

    /** A resource was removed by a reload: cut its running requests off. */
    public void resourceRemoved(String resourceId) {
        for (Job job : inFlight) {
            if (resourceId.equals(job.resourceId())) {
                job.cancel(Job.CancelReason.RESOURCE_REMOVED);
            }
        }
    }

    /** Stops taking work; waits up to {@code grace} for running and queued jobs; cancels the rest. */
    public boolean drain(Duration grace) {
        draining = true;
        workers.shutdown();
        try {
            if (workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            LOG.warn("{} request(s) still running after the {} ms grace period; cancelling them", inFlight.size(), grace.toMillis());
            for (Job job : inFlight) {
                job.cancel(Job.CancelReason.SHUTDOWN);
            }
            return workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            deadlineSweep.cancel(false);
        }
    }

    public boolean isDraining() {
        return draining;
    }

    public int inFlightCount() {
        return inFlight.size();
    }

    public int queued() {
        return workers.getQueue().size();
    }

    public void shutdownNow() {
        draining = true;
        deadlineSweep.cancel(false);
        workers.shutdownNow();
    }

    private void auditLater(AuditRecord.Builder record) {
        try {
            side.execute(() -> {
                try {
                    audit.record(record.build());
                } catch (RuntimeException e) {
                    LOG.error("could not write an audit record for a request turned away", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("audit side queue is full; a turned-away request was not audited");
        }
    }

    /**
     * The record for an error the codec already answered: an unknown method (the method name,
     * sender-chosen text, is not recorded), or a message that was not valid JSON-RPC.
     */
    static AuditRecord.Builder errorRecord(Response error) {
        if (error instanceof Response.Failure f
                && f.error().errorCode().filter(c -> c == ErrorCode.METHOD_NOT_FOUND).isPresent()) {
            return AuditRecord.unknownMethod(f.id() instanceof JsonRpcId.NullId ? null : f.id().asText());
        }
        return AuditRecord.unparseable(errorReason(error), errorDetail(error));
    }

    private static String errorReason(Response error) {
        if (error instanceof Response.Failure f) {
            return f.error().errorCode().map(Enum::name).orElse("INVALID_REQUEST");
        }
        return "INVALID_REQUEST";
    }

    private static String errorDetail(Response error) {
        if (error instanceof Response.Failure f) {
            return f.error().detail().orElse(f.error().message());
        }
        return "invalid message";
    }

    /** Collects the answers to one message (one object, or one batch array) and sends them when all are in. */
    private final class Reply {
        private final Connection connection;
        private final Decoded decoded;
        private final List<Response> answers = new ArrayList<>();
        private int expected;

        Reply(Connection connection, Decoded decoded, int expected) {
            this.connection = connection;
            this.decoded = decoded;
            this.expected = expected;
        }

        void add(Response response) {
            List<Response> complete;
            synchronized (this) {
                answers.add(response);
                if (answers.size() < expected) {
                    return;
                }
                complete = List.copyOf(answers);
            }
            // Encoded straight into frames (after the pipeline wrote each request's audit record);
            // if the reply could not be sent whole, each request gets a record saying so.
            if (connection.sendReply(codec, decoded, complete) == Connection.SendOutcome.ABORTED) {
                for (Request request : decoded.requests()) {
                    auditLater(AuditRecord.dropped(requestIdOf(request)).method(request.method())
                            .detail("The reply could not be sent whole; the connection was closed"));
                }
            }
        }
    }

    /**
     * The workers' queue: at most {@code capacity} jobs waiting, taken first in first out; a job
     * offered while a worker is idle is handed to the worker that went idle <em>last</em>, with one
     * {@link LockSupport#unpark}. (An {@code ArrayBlockingQueue} wakes the worker that has waited
     * longest, so at concurrency 1 each request ran on the next of the pool's threads in turn, each
     * with cold caches. Measured side by side, eight workers, concurrency 1: {@code list_resources}
     * p50 0.55–0.74× of the rotating pool's, a 1-row query 0.91–0.99×; throughput at concurrency 4
     * unchanged within the noise; docs/benchmarks/e2e-profile.md.) With {@code capacity} 0 a job
     * is accepted only when a worker is idle, as with a {@code SynchronousQueue}.
     *
     * <p>Made for {@link ThreadPoolExecutor}, which calls {@code offer}, {@code take},
     * {@code poll(timeout)}, {@code remove}, {@code drainTo} and reads the size; the blocking
     * {@code put} and {@code offer(timeout)} are not supported (an executor never blocks to enqueue).
     */
    static final class WorkQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

        /** A worker waiting for a job: the job handed to it, once handed. */
        private static final class Idle {
            final Thread thread = Thread.currentThread();
            volatile @Nullable Runnable job;
        }

        private final int capacity;
        private final ArrayDeque<Runnable> jobs = new ArrayDeque<>();
        /** Idle workers, the most recent first. */
        private final ArrayDeque<Idle> idle = new ArrayDeque<>();

        WorkQueue(int capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException("capacity: must be at least 0");
            }
            this.capacity = capacity;
        }

        @Override
        public boolean offer(Runnable job) {
            Objects.requireNonNull(job, "job");
            Idle worker;
            synchronized (this) {
                worker = idle.pollFirst();
                if (worker == null) {
                    if (jobs.size() >= capacity) {
                        return false;
                    }
                    jobs.addLast(job);
                    return true;
                }
                worker.job = job;
            }
            LockSupport.unpark(worker.thread);
            return true;
        }

        @Override
        public Runnable take() throws InterruptedException {
            Runnable job = await(false, 0);
            return Objects.requireNonNull(job);
        }

        @Override
        public @Nullable Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
            return await(true, unit.toNanos(timeout));
        }

        private @Nullable Runnable await(boolean timed, long nanos) throws InterruptedException {
            Idle me;
            synchronized (this) {
                Runnable job = jobs.pollFirst();
                if (job != null) {
                    return job;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (timed && nanos <= 0) {
                    return null;
                }
                me = new Idle();
                idle.addFirst(me);
            }
            long deadline = timed ? System.nanoTime() + nanos : 0;
            while (true) {
                Runnable job = me.job;
                if (job != null) {
                    return job;
                }
                boolean interrupted = Thread.interrupted();
                long left = timed ? deadline - System.nanoTime() : 1;
                if (interrupted || left <= 0) {
                    synchronized (this) {
                        if (me.job == null) {
                            idle.remove(me);
                            if (interrupted) {
                                throw new InterruptedException();
                            }
                            return null;
                        }
                    }
                    // a job was handed over meanwhile: it was accepted, so it runs
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return me.job;
                }
                if (timed) {
                    LockSupport.parkNanos(this, left);
                } else {
                    LockSupport.park(this);
                }
            }
        }

        @Override
        public synchronized @Nullable Runnable poll() {
            return jobs.pollFirst();
        }

        @Override
        public synchronized @Nullable Runnable peek() {
            return jobs.peekFirst();
        }

        @Override
        public synchronized int size() {
            return jobs.size();
        }

        @Override
        public synchronized int remainingCapacity() {
            return capacity - jobs.size();
        }

        @Override
        public synchronized boolean remove(Object o) {
            return jobs.remove(o);
        }

        /** A snapshot; its {@code remove} removes the job from the queue if it is still there. */
        @Override
        public Iterator<Runnable> iterator() {
            Iterator<Runnable> snapshot;
            synchronized (this) {
                snapshot = List.copyOf(jobs).iterator();
            }
            return new Iterator<>() {
                private @Nullable Runnable last;

                @Override
                public boolean hasNext() {
                    return snapshot.hasNext();
                }

                @Override
                public Runnable next() {
                    last = snapshot.next();
                    return last;
                }

                @Override
                public void remove() {
                    Runnable r = last;
                    if (r == null) {
                        throw new IllegalStateException();
                    }
                    WorkQueue.this.remove(r);
                    last = null;
                }
            };
        }

        @Override
        public int drainTo(Collection<? super Runnable> c) {
            return drainTo(c, Integer.MAX_VALUE);
        }

        @Override
        public synchronized int drainTo(Collection<? super Runnable> c, int maxElements) {
            int n = 0;
            while (n < maxElements && !jobs.isEmpty()) {
                c.add(jobs.pollFirst());
                n++;
            }
            return n;
        }

        @Override
        public void put(Runnable job) {
            throw new UnsupportedOperationException("the work queue never blocks to enqueue");
        }

        @Override
        public boolean offer(Runnable job, long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("the work queue never blocks to enqueue");
        }
    }

    static boolean isRelayMethod(String method) {
        return RelayMethods.RELAY_METHODS.contains(method);
    }
}
