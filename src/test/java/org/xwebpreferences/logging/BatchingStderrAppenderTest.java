package org.xwebpreferences.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10) // a logger that blocks on standard error would hang here, not fail
class BatchingStderrAppenderTest {

    private final LoggerContext context = new LoggerContext();

    BatchingStderrAppenderTest() {
        context.setMDCAdapter(new LogbackMDCAdapter()); // what logback's own start-up sets
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    @Test
    void linesComeOutWholeAndInOrderWithoutAStop() throws Exception {
        CountingStream out = new CountingStream();
        Logger log = logger(new BatchingStderrAppender(() -> out), 8192);

        for (int i = 0; i < 100; i++) {
            log.info("line {}", i);
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (out.lines() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        String[] lines = out.text().split("\n");
        assertEquals(100, lines.length);
        for (int i = 0; i < 100; i++) {
            assertEquals("INFO line " + i, lines[i]);
        }
    }

    @Test
    void linesLoggedTogetherGoOutInOneWrite() throws Exception {
        CountingStream out = new CountingStream();
        Logger log = loggerWithStandardErrorBusy(out, 8192);
        for (int i = 0; i < 500; i++) {
            log.info("queued while standard error was busy {}", i);
        }
        out.release.countDown();
        context.stop();

        assertEquals(501, out.lines());
        assertEquals(2, out.writes.get(), "the first line, then the 500 queued behind it in one write");
    }

    @Test
    void aStopWritesEveryQueuedLine() throws Exception {
        CountingStream out = new CountingStream();
        Logger log = loggerWithStandardErrorBusy(out, 8192);
        for (int i = 0; i < 5_000; i++) {
            log.info("line {}", i); // all still queued when the stop begins
        }
        Thread release = new Thread(() -> {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            out.release.countDown();
        });
        release.start();
        context.stop();

        assertEquals(1 + 5_000, out.lines());
    }

    @Test
    void aLineThatCannotBeEncodedTakesNoOtherLineWithIt() throws Exception {
        CountingStream out = new CountingStream();
        BatchingStderrAppender appender = new BatchingStderrAppender(() -> out);
        Logger log = logger(appender, 8192, new PatternLayoutEncoder() {
            @Override
            public byte[] encode(ILoggingEvent event) {
                if (event.getFormattedMessage().equals("boom")) {
                    throw new IllegalStateException("broken layout");
                }
                return super.encode(event);
            }
        });

        log.info("before");
        log.info("boom");
        log.info("after");
        context.stop();

        assertEquals("INFO before\n[a log line of test could not be written: java.lang.IllegalStateException:"
                + " broken layout]" + System.lineSeparator() + "INFO after\n", out.text());
    }

    @Test
    void aFullQueueDropsLinesInsteadOfHoldingTheCaller() throws Exception {
        CountingStream out = new CountingStream();
        Logger log = loggerWithStandardErrorBusy(out, 10);
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            log.info("line {}", i); // standard error is blocked: these must not wait for it
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        out.release.countDown();
        context.stop();

        assertTrue(tookMillis < 2_000, "logging waited " + tookMillis + " ms on a blocked standard error");
        assertEquals(1 + 10, out.lines(), "the first line and a full queue; the rest dropped");
    }

    /** A logger whose writer is stuck writing its first line, "first", until {@code out.release}. */
    private Logger loggerWithStandardErrorBusy(CountingStream out, int queueSize) throws InterruptedException {
        out.holdFirstWrite();
        Logger log = logger(new BatchingStderrAppender(() -> out), queueSize);
        log.info("first");
        assertTrue(out.firstWriteStarted.await(5, TimeUnit.SECONDS), "the writer never wrote");
        return log;
    }

    private Logger logger(BatchingStderrAppender appender, int queueSize) {
        return logger(appender, queueSize, new PatternLayoutEncoder());
    }

    private Logger logger(BatchingStderrAppender appender, int queueSize, PatternLayoutEncoder encoder) {
        encoder.setContext(context);
        encoder.setPattern("%level %msg%n");
        encoder.start();
        appender.setContext(context);
        appender.setName("test");
        appender.setEncoder(encoder);
        appender.setQueueSize(queueSize);
        appender.start();
        assertTrue(appender.isStarted());
        Logger logger = context.getLogger("test");
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    /** Standard error as seen by the appender: counts writes, and can hold the first one. */
    private static final class CountingStream extends OutputStream {
        final AtomicInteger writes = new AtomicInteger();
        final CountDownLatch firstWriteStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile boolean hold;

        void holdFirstWrite() {
            hold = true;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (writes.incrementAndGet() == 1) {
                firstWriteStarted.countDown();
                if (hold) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        long lines() {
            return text().chars().filter(c -> c == '\n').count();
        }
    }
}
