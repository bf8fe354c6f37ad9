package org.xwebpreferences.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Writes log lines to standard error from a thread of its own, in batches.
 *
 * <p>A request never waits on the log: lines are queued, and dropped while
 * the queue is full, that is while nobody reads standard error (a blocked
 * pipe must not hold up requests, /health/live or a stop). Unlike logback's
 * AsyncAppender in front of a ConsoleAppender, which writes and flushes every
 * line on its own and wakes its thread for each one, this one lets lines
 * gather for {@link #LINGER_MILLIS} ms and writes them with one system call:
 * under load the access log cost a wake-up and a write per request, a tenth
 * of a read's CPU. A line is out at most that long after it was logged.
 *
 * <p>Configured in logback.xml with an {@code <encoder>} and, optionally,
 * {@code <queueSize>}. Stopping the logger context writes what is still
 * queued, waiting at most a second.
 */
public final class BatchingStderrAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    static final long LINGER_MILLIS = 10;
    private static final long MAX_FLUSH_MILLIS = 1_000;
    /** Larger batches go out in several writes, so that the buffer stays small. */
    private static final int MAX_WRITE_BYTES = 64 * 1024;

    private final Supplier<OutputStream> target;
    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 8192;
    private BlockingQueue<ILoggingEvent> queue;
    private Thread writer;
    private volatile boolean stopping;

    public BatchingStderrAppender() {
        this(() -> System.err); // looked up at each write: System.setErr applies
    }

    BatchingStderrAppender(Supplier<OutputStream> target) {
        this.target = target;
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("No encoder set for the appender named \"" + name + "\".");
            return;
        }
        if (queueSize < 1) {
            addError("Invalid queue size " + queueSize + " for the appender named \"" + name + "\".");
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        stopping = false;
        writer = new Thread(this::writeUntilStopped, "log-writer-" + name);
        writer.setDaemon(true);
        writer.start();
        super.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop(); // no more lines are taken
        stopping = true;
        writer.interrupt();
        try {
            writer.join(MAX_FLUSH_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn("Standard error took more than " + MAX_FLUSH_MILLIS + " ms; " + queue.size()
                    + " queued lines may be lost.");
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        // The thread name, the message's arguments and the MDC belong to this thread: fix them now.
        event.prepareForDeferredProcessing();
        queue.offer(event); // full: dropped, as a reader that does not read must not stop requests
    }

    private void writeUntilStopped() {
        List<ILoggingEvent> batch = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(MAX_WRITE_BYTES);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // stop() interrupts: write what is left, then end
            }
            queue.drainTo(batch);
            write(batch, bytes);
            if (stopping) {
                queue.drainTo(batch);
                write(batch, bytes);
                return;
            }
            // Let the next lines gather: one wake-up and one write per batch, not per line.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS));
        }
    }

    private void write(List<ILoggingEvent> batch, ByteArrayOutputStream bytes) {
        if (batch.isEmpty()) {
            return;
        }
        OutputStream out = target.get();
        try {
            for (ILoggingEvent event : batch) {
                bytes.writeBytes(encoder.encode(event));
                if (bytes.size() >= MAX_WRITE_BYTES) {
                    bytes.writeTo(out);
                    bytes.reset();
                }
            }
            bytes.writeTo(out);
            out.flush();
        } catch (Exception e) {
            addError("Writing log lines to standard error failed", e);
        } finally {
            bytes.reset();
            batch.clear();
        }
    }
}
