package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The wait a request is shed for: until a worker took it, not until the JDK had read its headers on that worker. */
class WorkerPoolTest {

    @Test
    void aRequestTakenAtOnceHasNotWaitedHoweverLongItsClientTakesToSendIt() throws Exception {
        WorkerPool pool = new WorkerPool(1);
        try {
            CompletableFuture<Duration> waited = new CompletableFuture<>();
            pool.execute(() -> {
                sleep(1_000); // as the JDK reads a slow client's request line and headers on the worker
                waited.complete(WorkerPool.queueWait());
            });

            assertThat(waited.get(10, TimeUnit.SECONDS)).isLessThan(Duration.ofMillis(500));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRequestBehindABusyWorkerHasWaitedUntilTheWorkerTookIt() throws Exception {
        WorkerPool pool = new WorkerPool(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            pool.execute(() -> await(release));
            CompletableFuture<Duration> waited = new CompletableFuture<>();
            pool.execute(() -> waited.complete(WorkerPool.queueWait()));
            sleep(300);
            release.countDown();

            assertThat(waited.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(WorkerPool.queueWait()).as("outside a worker").isZero();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
