package org.xwebpreferences.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.xwebpreferences.core.Texts;

/**
 * The log line of a request the server failed: at ERROR, with the correlation
 * id, and with the stack trace at most once a minute. A failure that every
 * request meets the same way (the database away, a full disk, a CHECK or
 * trigger refusing every write) otherwise logged a trace of 60 to 120 lines
 * per request, and 50 MB in 40 s of a full disk kept it full. The other lines
 * name the causes, each once.
 */
public final class ServerErrorLog {

    static final long TRACE_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_CAUSES_CHARS = 500;
    private static final AtomicLong NEXT_TRACE = new AtomicLong(System.nanoTime());

    private ServerErrorLog() {
    }

    /** "[id] operation: what", with the trace of {@code cause}, or its causes in one line if a trace was logged lately. */
    public static void failed(Logger log, String correlationId, String operation, String what, Throwable cause) {
        if (traceDue()) {
            log.error("[{}] {}: {}", correlationId, operation, what, cause);
        } else {
            log.error("[{}] {}: {}: {} (the stack trace is logged at most once a minute)", correlationId, operation,
                    what, causes(cause));
        }
    }

    /** Lets the next failure log its trace (for tests that start from a quiet log). */
    static void traceNext() {
        NEXT_TRACE.set(System.nanoTime());
    }

    private static boolean traceDue() {
        long now = System.nanoTime();
        long due = NEXT_TRACE.get();
        return now - due >= 0 && NEXT_TRACE.compareAndSet(due, now + TRACE_INTERVAL_NANOS);
    }

    /** "SQLException: No space left on device: IOException: ..." - each cause's class and message once. */
    static String causes(Throwable first) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = first; cause != null && text.length() < MAX_CAUSES_CHARS; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage().strip().replaceAll("\\s+", " ");
            text.append(text.length() == 0 ? "" : "; ").append(cause.getClass().getSimpleName())
                    .append(message.isEmpty() ? "" : ": " + message);
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Texts.cut(text.toString(), MAX_CAUSES_CHARS);
    }
}
