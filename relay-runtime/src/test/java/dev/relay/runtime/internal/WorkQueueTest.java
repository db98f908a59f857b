package dev.relay.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The workers' queue under a real {@link ThreadPoolExecutor}, as the {@link Dispatcher} builds it. */
class WorkQueueTest {

    private ThreadPoolExecutor pool;

    private ThreadPoolExecutor pool(int threads, int capacity) {
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new Dispatcher.WorkQueue(capacity),
                new NamedThreadFactory("work-queue-test"), new ThreadPoolExecutor.AbortPolicy());
        return pool;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theWorkerThatWentIdleLastTakesTheNextJob() throws Exception {
        ThreadPoolExecutor p = pool(3, 8);
        // start all three threads, then let them go idle one after the other: a, b, c
        List<CountDownLatch> release = List.of(new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1));
        CountDownLatch started = new CountDownLatch(3);
        List<Thread> threads = new ArrayList<>(List.of(Thread.currentThread(), Thread.currentThread(), Thread.currentThread()));
        for (int i = 0; i < 3; i++) {
            int n = i;
            p.execute(() -> {
                threads.set(n, Thread.currentThread());
                started.countDown();
                await(release.get(n));
            });
        }
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        for (CountDownLatch r : release) {
            r.countDown();
            awaitIdle(p, threads.size() - (int) release.stream().filter(l -> l.getCount() > 0).count());
        }
        // one job at a time: every one runs on the thread that went idle last
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 50; i++) {
            CountDownLatch done = new CountDownLatch(1);
            p.execute(() -> {
                ran.add(Thread.currentThread());
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            awaitIdle(p, 3);
        }
        assertThat(ran).containsExactly(threads.get(2));
    }

    @Test
    void jobsWaitFirstInFirstOutUpToTheCapacityThenAreRefused() throws Exception {
        ThreadPoolExecutor p = pool(1, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        p.execute(() -> {
            running.countDown();
            await(release);
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        List<Integer> order = new ArrayList<>();
        p.execute(() -> order.add(1));
        p.execute(() -> order.add(2));
        assertThat(p.getQueue()).hasSize(2);
        assertThatThrownBy(() -> p.execute(() -> order.add(3))).isInstanceOf(RejectedExecutionException.class);
        release.countDown();
        p.shutdown();
        assertThat(p.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly(1, 2);
    }

    @Test
    void withNoCapacityAJobIsAcceptedOnlyByAnIdleWorker() throws Exception {
        ThreadPoolExecutor p = pool(1, 0);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        p.execute(() -> {
            running.countDown();
            await(release);
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> p.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        release.countDown();
        awaitIdle(p, 1);
        CountDownLatch ran = new CountDownLatch(1);
        p.execute(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shutdownNowReturnsTheWaitingJobsAndEndsEveryThread() throws Exception {
        ThreadPoolExecutor p = pool(2, 4);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            p.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                }
            });
        }
        Runnable waiting = () -> { };
        p.execute(waiting);
        p.execute(waiting);
        assertThat(p.shutdownNow()).hasSize(2);
        assertThat(p.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted.get()).isEqualTo(2);
    }

    @Test
    void idleWorkersEndOnShutdownAndQueuedJobsStillRun() throws Exception {
        ThreadPoolExecutor p = pool(4, 16);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            p.execute(ran::incrementAndGet); // starts the four threads
        }
        awaitIdle(p, 4);
        CountDownLatch release = new CountDownLatch(1);
        p.execute(() -> await(release));
        for (int i = 0; i < 10; i++) {
            p.execute(ran::incrementAndGet);
        }
        p.shutdown();
        release.countDown();
        assertThat(p.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.get()).isEqualTo(14);
    }

    @Test
    void aTimedPollReturnsNullWhenNothingCameAndLeavesNoIdleEntryBehind() throws Exception {
        Dispatcher.WorkQueue q = new Dispatcher.WorkQueue(0);
        assertThat(q.poll(20, TimeUnit.MILLISECONDS)).isNull();
        // the timed-out poller is no longer idle: an offer with no worker waiting is refused
        assertThat(q.offer(() -> { })).isFalse();
        AtomicReference<Runnable> taken = new AtomicReference<>();
        Thread taker = new Thread(() -> {
            try {
                taken.set(q.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        taker.start();
        Runnable job = () -> { };
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!q.offer(job) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        taker.join(5000);
        assertThat(taken.get()).isSameAs(job);
    }

    /** Waits until {@code n} of the pool's threads are idle (not running a job). */
    private static void awaitIdle(ThreadPoolExecutor p, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (p.getPoolSize() - p.getActiveCount() < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        // getActiveCount drops before the thread parks in the queue: give it a moment to get there
        Thread.sleep(20);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
