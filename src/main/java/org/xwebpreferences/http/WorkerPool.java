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

    private static final ThreadLocal<Long> QUEUED_AT = new ThreadLocal<>();

    public WorkerPool(int workers) {
        super(workers, workers, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(workers * 64), named(),
                new AbortPolicy());
    }

    @Override
    public void execute(Runnable task) {
        long queuedAt = System.nanoTime();
        super.execute(() -> {
            QUEUED_AT.set(queuedAt);
            try {
                task.run();
            } finally {
                QUEUED_AT.remove();
            }
        });
    }

    /** How long the request served on this thread waited for a worker; zero outside a worker. */
    public static Duration queueWait() {
        Long queuedAt = QUEUED_AT.get();
        return queuedAt == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - queuedAt);
    }

    private static ThreadFactory named() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> new Thread(runnable, "xweb-worker-" + count.incrementAndGet());
    }
}
