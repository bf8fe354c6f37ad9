package org.xwebpreferences.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.core.XwebError;

/**
 * A request the service could not serve for now (the database away, an
 * overload): the one log line it gets and the words the client gets, the
 * same over SOAP and JSON.
 */
public final class Unavailable {

    private static final Logger LOG = LoggerFactory.getLogger(Unavailable.class);
    /**
     * An outage fails every request the same way, and a stack trace of 60 to
     * 120 lines each made 50 MB of log in 40 s of a full disk, which kept it
     * full. The trace is logged this often at most; the other lines name the causes.
     */
    static final long TRACE_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_CAUSES_CHARS = 500;
    private static final AtomicLong NEXT_TRACE = new AtomicLong(System.nanoTime());

    private Unavailable() {
    }

    /**
     * Logs the failure, as a warning when it was refused on purpose to shield
     * the server (no cause), else as an error, and returns what to tell the
     * client: no cause, only the correlation id to quote.
     */
    public static String answer(XwebError error, String operation, String correlationId) {
        Throwable cause = error.getCause();
        if (cause == null) {
            LOG.warn("[{}] {}: {}", correlationId, operation, error.getMessage());
        } else if (traceDue()) {
            LOG.error("[{}] {}: {}", correlationId, operation, error.getMessage(), cause);
        } else {
            LOG.error("[{}] {}: {}: {} (the stack trace is logged at most once a minute)", correlationId, operation,
                    error.getMessage(), causes(cause));
        }
        return "The service is unavailable: " + error.getMessage() + "; try again later (correlation id "
                + correlationId + ")";
    }

    /**
     * busy for load turned away on purpose to shield the server (too many
     * logins being checked, no room for a large answer), as for the 503 after
     * a long queue wait; server_fault for everything else. A burst of logins
     * after a deploy counted as server faults, which operators alert on
     * (soak audit).
     */
    public static Outcome outcome(XwebError error) {
        return error.isShedding() ? Outcome.BUSY : Outcome.SERVER_FAULT;
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
