package org.xwebpreferences.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.xwebpreferences.core.Texts;

/**
 * The log line of a request the server failed: at ERROR, with the correlation
 * id. A failure that every request meets the same way (the database away, a
 * full disk, a CHECK or trigger refusing every write) would otherwise log a
 * line per request, with a trace of 60 to 120 lines each: 50 MB in 40 s of a
 * full disk kept it full, and with the traces cut to one line, 110 MB a minute
 * still. So each kind of failure (its causes' classes and where it was thrown)
 * logs at most {@value #LINES_PER_MINUTE} lines a minute, the first with its
 * stack trace, the others naming the causes in one line; the last says that
 * further ones are held back, and once the minute is over a line says how
 * many were (the access log has a line for every request, with its
 * correlation id, unless it is turned off). A failure of another kind
 * meanwhile still gets its own lines and trace. Requests turned away on
 * purpose to shield the server (too many logins at once, no room for a large
 * answer) are warnings with no cause, capped the same way: a login flood
 * logged a line per refused login.
 */
public final class ServerErrorLog {

    static final int LINES_PER_MINUTE = 10;
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long REPORT_EVERY_SECONDS = 5;
    private static final int MAX_KINDS = 64;
    private static final int MAX_CAUSE_CHARS = 160;
    private static final int MAX_CAUSES = 8;
    /** Each kind of failure's current minute; the kinds seen longest ago are forgotten first. */
    private static final Map<String, Window> WINDOWS = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            if (size() <= MAX_KINDS) {
                return false;
            }
            Runnable report = eldest.getValue().takeReport("in its last minute"); // its count is not lost with it
            if (report != null) {
                FORGOTTEN.add(report);
            }
            return true;
        }
    };
    /** Counts of kinds forgotten while lines of theirs were held back, said at the next report. */
    private static final List<Runnable> FORGOTTEN = new ArrayList<>();
    /** Says, once a kind's minute is over, how many of its lines were held back; started at the first. */
    private static ScheduledExecutorService reporter;

    /** A kind of failure's minute: when it ends, the lines it logged and held back, and what to say of the latter. */
    private static final class Window {
        long end;
        int logged;
        long heldBack;
        Logger log;
        String operation;
        String what;
        /** The causes in one line, or null for a request turned away on purpose (a warning). */
        String causes;

        Window(long now) {
            end = now + WINDOW_NANOS;
        }

        /** The line that says how many were held back, or null; counted once, by whoever comes first. */
        Runnable takeReport(String when) {
            long count = heldBack;
            heldBack = 0;
            if (count == 0) {
                return null;
            }
            Logger to = log;
            if (causes == null) {
                String said = operation + ": " + what + ": " + count + " more requests turned away like it were not"
                        + " logged " + when + "; the access log has a line for each, with its correlation id";
                return () -> to.warn("{}", said);
            }
            String said = operation + ": " + what + ": " + count + " more failures like it were not logged " + when
                    + " (" + causes + "); the access log has a line for each, with its correlation id";
            return () -> to.error("{}", said);
        }
    }

    private ServerErrorLog() {
    }

    /** "[id] operation: what", with the trace of {@code cause} or its causes in one line; nothing when held back. */
    public static void failed(Logger log, String correlationId, String operation, String what, Throwable cause) {
        failed(log, correlationId, operation, what, cause, System.nanoTime());
    }

    static void failed(Logger log, String correlationId, String operation, String what, Throwable cause, long now) {
        int line = count(kind(cause), log, operation, what, cause, now);
        if (line == 0) {
            return;
        }
        String note = line == LINES_PER_MINUTE ? " (more failures like it are not logged for the rest of the minute;"
                + " a line then says how many)" : "";
        if (line == 1) {
            log.error("[{}] {}: {}{}", correlationId, operation, what, note, cause);
        } else {
            log.error("[{}] {}: {}: {} (the stack trace is logged at most once a minute){}", correlationId, operation,
                    what, causes(cause), note);
        }
    }

    /** "[id] operation: what" at WARN for a request turned away on purpose; nothing when held back. */
    public static void turnedAway(Logger log, String correlationId, String operation, String what) {
        turnedAway(log, correlationId, operation, what, System.nanoTime());
    }

    static void turnedAway(Logger log, String correlationId, String operation, String what, long now) {
        int line = count("turned away: " + what, log, operation, what, null, now);
        if (line == 0) {
            return;
        }
        String note = line == LINES_PER_MINUTE ? " (more requests turned away like it are not logged for the rest of"
                + " the minute; a line then says how many)" : "";
        log.warn("[{}] {}: {}{}", correlationId, operation, what, note);
    }

    /**
     * Counts a line of {@code kind} in its minute: returns its number in the minute, or 0 when it is held back.
     * Says first, when a new minute begins, how many the last one held back.
     */
    private static int count(String kindOfLine, Logger log, String operation, String what, Throwable cause, long now) {
        int line;
        Runnable report = null;
        synchronized (WINDOWS) {
            Window window = WINDOWS.computeIfAbsent(kindOfLine, kind -> new Window(now));
            if (now - window.end >= 0) {
                report = window.takeReport("in the minute before");
                window.end = now + WINDOW_NANOS;
                window.logged = 0;
            }
            if (window.logged == LINES_PER_MINUTE) {
                if (window.heldBack++ == 0) {
                    window.log = log;
                    window.operation = operation;
                    window.what = what;
                    window.causes = cause == null ? null : causes(cause);
                    startReporter();
                }
                line = 0;
            } else {
                line = ++window.logged;
            }
        }
        if (report != null) {
            report.run();
        }
        return line;
    }

    /** Says how many lines were held back in each kind's minute that is over by {@code now}. */
    static void reportHeldBack(long now) {
        report(now, false);
    }

    /** Says how many lines are held back now, whether or not their minute is over: for the server's stop. */
    public static void reportAllHeldBack() {
        report(System.nanoTime(), true);
    }

    private static void report(long now, boolean all) {
        List<Runnable> reports = new ArrayList<>();
        synchronized (WINDOWS) {
            reports.addAll(FORGOTTEN);
            FORGOTTEN.clear();
            for (Window window : WINDOWS.values()) {
                if (window.heldBack > 0 && (all || now - window.end >= 0)) {
                    reports.add(window.takeReport(all ? "before the stop" : "in the minute up to now"));
                }
            }
        }
        reports.forEach(Runnable::run);
    }

    /** A run that threw would end the schedule for good: nothing may escape it. */
    private static void reportDue() {
        try {
            reportHeldBack(System.nanoTime());
        } catch (RuntimeException | Error e) {
            // A logging backend that failed: the next run tries again.
        }
    }

    private static void startReporter() {
        if (reporter == null) {
            reporter = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "xweb-error-log");
                thread.setDaemon(true);
                return thread;
            });
            reporter.scheduleWithFixedDelay(ServerErrorLog::reportDue, REPORT_EVERY_SECONDS, REPORT_EVERY_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    /** Lets the next failures log their lines and traces (for tests that start from a quiet log). */
    static void traceNext() {
        synchronized (WINDOWS) {
            WINDOWS.clear();
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
