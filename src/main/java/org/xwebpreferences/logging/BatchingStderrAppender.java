package org.xwebpreferences.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
 * under load the wake-up and the write per request were about a twentieth of
 * a read's CPU. A line is out at most that long after it was logged.
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
    /** The running writer; a new one per start, so that one left over from a slow stop never takes its lines. */
    private volatile Writer writer;

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
        if (isStarted()) {
            return;
        }
        if (encoder == null || !encoder.isStarted()) {
            addError("No started encoder for the appender named \"" + name + "\".");
            return;
        }
        if (queueSize < 1) {
            addError("Invalid queue size " + queueSize + " for the appender named \"" + name + "\".");
            return;
        }
        writer = new Writer(new ArrayBlockingQueue<>(queueSize));
        writer.thread.start();
        super.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop(); // no more lines are taken
        Writer stopping = writer;
        stopping.stop();
        if (stopping.thread.isAlive()) {
            addWarn("Standard error took more than " + MAX_FLUSH_MILLIS + " ms; " + stopping.queue.size()
                    + " queued lines may be lost.");
        } else {
            stopping.writeRest(); // lines offered while the writer made its last pass
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        // The thread name, the message's arguments and the MDC belong to this thread: fix them now.
        event.prepareForDeferredProcessing();
        writer.queue.offer(event); // full: dropped, as a reader that does not read must not stop requests
    }

    /** One writer thread and its queue. */
    private final class Writer implements Runnable {
        final BlockingQueue<ILoggingEvent> queue;
        final Thread thread;
        private final List<ILoggingEvent> batch = new ArrayList<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(MAX_WRITE_BYTES);
        private volatile boolean stopping;

        Writer(BlockingQueue<ILoggingEvent> queue) {
            this.queue = queue;
            this.thread = new Thread(this, "log-writer-" + name);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    // stop() interrupts: write what is left, then end
                }
                writeRest();
                if (stopping) {
                    return;
                }
                // Let the next lines gather: one wake-up and one write per batch, not per line.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS));
            }
        }

        void stop() {
            stopping = true;
            thread.interrupt();
            boolean interrupted = Thread.interrupted(); // an interrupted caller still gets its flush
            try {
                thread.join(MAX_FLUSH_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Writes every queued line; never throws, so that the writer thread never dies. */
        void writeRest() {
            queue.drainTo(batch);
            if (batch.isEmpty()) {
                return;
            }
            try {
                OutputStream out = target.get();
                for (ILoggingEvent event : batch) {
                    byte[] line = encode(event);
                    if (bytes.size() + line.length > MAX_WRITE_BYTES) {
                        bytes.writeTo(out);
                        bytes.reset();
                    }
                    if (line.length >= MAX_WRITE_BYTES) {
                        out.write(line); // a huge line (a long stack trace) does not grow the buffer for good
                    } else {
                        bytes.writeBytes(line);
                    }
                }
                bytes.writeTo(out);
                out.flush();
            } catch (Throwable e) {
                addError("Writing log lines to standard error failed", e);
            } finally {
                bytes.reset();
                batch.clear();
            }
        }

        private byte[] encode(ILoggingEvent event) {
            try {
                return encoder.encode(event);
            } catch (RuntimeException | StackOverflowError e) {
                // One line that cannot be written must not take the others with it.
                return ("[a log line of " + event.getLoggerName() + " could not be written: " + e + "]"
                        + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
            }
        }
    }
}
