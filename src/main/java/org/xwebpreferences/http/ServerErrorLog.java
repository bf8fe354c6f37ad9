package org.xwebpreferences.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.xwebpreferences.core.Texts;

/**
 * The log line of a request the server failed: at ERROR, with the correlation
 * id, and with the stack trace at most once a minute for each kind of
 * failure (its causes' classes and where it was thrown). A failure that every
 * request meets the same way (the database away, a full disk, a CHECK or
 * trigger refusing every write) otherwise logged a trace of 60 to 120 lines
 * per request, and 50 MB in 40 s of a full disk kept it full; a failure of
 * another kind meanwhile still gets its trace. The other lines name the
 * causes, each once.
 */
public final class ServerErrorLog {

    private static final long TRACE_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_KINDS = 64;
    private static final int MAX_CAUSE_CHARS = 160;
    private static final int MAX_CAUSES = 8;
    /** When each kind of failure may log its trace again; the kinds seen longest ago are forgotten first. */
    private static final Map<String, Long> NEXT_TRACE = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_KINDS;
        }
    };

    private ServerErrorLog() {
    }

    /** "[id] operation: what", with the trace of {@code cause}; its causes in one line where one like it was just traced. */
    public static void failed(Logger log, String correlationId, String operation, String what, Throwable cause) {
        if (traceDue(cause)) {
            log.error("[{}] {}: {}", correlationId, operation, what, cause);
        } else {
            log.error("[{}] {}: {}: {} (the stack trace is logged at most once a minute)", correlationId, operation,
                    what, causes(cause));
        }
    }

    /** Lets the next failures log their traces (for tests that start from a quiet log). */
    static void traceNext() {
        synchronized (NEXT_TRACE) {
            NEXT_TRACE.clear();
        }
    }

    private static boolean traceDue(Throwable cause) {
        String kind = kind(cause);
        long now = System.nanoTime();
        synchronized (NEXT_TRACE) {
            Long due = NEXT_TRACE.get(kind);
            if (due != null && now - due < 0) {
                return false;
            }
            NEXT_TRACE.put(kind, now + TRACE_INTERVAL_NANOS);
            return true;
        }
    }

    /** The classes of the causes and where the first was thrown: the same failure again is of the same kind. */
    private static String kind(Throwable first) {
        StringBuilder kind = new StringBuilder();
        StackTraceElement[] frames = first.getStackTrace();
        kind.append(frames.length == 0 ? "?" : frames[0].toString());
        int depth = 0;
        for (Throwable cause = first; cause != null && depth++ < MAX_CAUSES; cause = cause.getCause()) {
            kind.append(' ').append(cause.getClass().getName());
        }
        return kind.toString();
    }

    /** "SQLException: No space left on device; IOException: ..." - each cause's class and message, each cut short. */
    static String causes(Throwable first) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable cause = first; cause != null && depth++ < MAX_CAUSES; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage().strip().replaceAll("\\s+", " ");
            text.append(text.length() == 0 ? "" : "; ").append(cause.getClass().getSimpleName())
                    .append(message.isEmpty() ? "" : ": " + Texts.cut(message, MAX_CAUSE_CHARS));
        }
        return text.toString();
    }
}
