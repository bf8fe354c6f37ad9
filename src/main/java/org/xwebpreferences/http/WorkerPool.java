package org.xwebpreferences.http;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers that serve requests: a fixed number of threads and a bounded
 * queue. It notes when each request was queued, so that one which waited
 * too long can be answered 503 at once ({@link LoadShedding}) instead of
 * being served after its client gave up. When even the queue is full the
 * JDK server closes the connection.
 */
public final class WorkerPool extends ThreadPoolExecutor {

    /** How long the request on this worker thread waited in the queue, in nanoseconds. */
    private static final ThreadLocal<Long> WAITED = new ThreadLocal<>();

    public WorkerPool(int workers) {
        super(workers, workers, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(workers * 64), named(),
                new AbortPolicy());
    }

    /**
     * Tasks queued or running, counted exactly: the queue and the active count
     * both miss a task a worker has taken but not yet started.
     */
    private final AtomicInteger unfinished = new AtomicInteger();

    /** Tasks no worker has taken yet. */
    private final AtomicInteger waiting = new AtomicInteger();

    @Override
    public void execute(Runnable task) {
        long queuedAt = System.nanoTime();
        unfinished.incrementAndGet();
        waiting.incrementAndGet();
        try {
            super.execute(() -> {
                waiting.decrementAndGet();
                // Taken now: the JDK reads the request line and headers on the worker, after this, and a
                // client that sends them slowly has not waited for a worker (it was answered 503 "busy").
                WAITED.set(System.nanoTime() - queuedAt);
                try {
                    task.run();
                } finally {
                    WAITED.remove();
                    unfinished.decrementAndGet();
                }
            });
        } catch (RuntimeException rejected) {
            unfinished.decrementAndGet();
            waiting.decrementAndGet();
            throw rejected;
        }
    }

    /** Whether no request is being served or waits for a worker. */
    public boolean idle() {
        return unfinished.get() == 0;
    }

    /** Whether every task queued has been taken by a worker. */
    public boolean noneWaiting() {
        return waiting.get() == 0;
    }

    /** How long the request served on this thread waited for a worker to take it; zero outside a worker. */
    public static Duration queueWait() {
        Long waited = WAITED.get();
        return waited == null ? Duration.ZERO : Duration.ofNanos(waited);
    }

    private static ThreadFactory named() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> new Thread(runnable, "xweb-worker-" + count.incrementAndGet());
    }
}
