package org.xwebpreferences.http;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.core.Texts;

/**
 * Asks the database every second whether it answers and can take writes, on
 * a thread of its own, so that /health/ready answers at once from the last
 * result and turns to "not ready" within seconds even when a check hangs.
 */
public final class ReadinessProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadinessProbe.class);

    /** What the database must pass beyond answering at all. */
    @FunctionalInterface
    public interface Check {
        /** Null when the database can serve; otherwise why not, in words for /health/ready. */
        String problem(Connection connection, int timeoutSeconds) throws SQLException;
    }

    /** Ready while the last successful check is younger than this. */
    static final Duration STALE_AFTER = Duration.ofSeconds(3);
    private static final int CHECK_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final Check check;
    private final Supplier<String> stopped;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private volatile Instant lastSuccess;
    private volatile String lastProblem = "no database check has run yet";
    /** Whether the last finished check failed: its problem is then worth repeating while the next one waits. */
    private volatile boolean lastFailed;
    /** When the check in progress began; null between checks. */
    private volatile Instant checkStarted;
    /** The database's own words for the last failure, for the log only (null: none); the checking thread's. */
    private String lastFailureText;
    /** The problem the log was last told of, null once it was told the database serves again; the checking thread's. */
    private String logged;

    /**
     * @param stopped why the store stopped for good, known without a
     *                connection (null while it works): none is asked for then
     */
    public ReadinessProbe(DataSource dataSource, Check check, Supplier<String> stopped, Clock clock) {
        this.dataSource = dataSource;
        this.check = check;
        this.stopped = stopped;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "xweb-readiness");
            thread.setDaemon(true);
            return thread;
        });
        check();
        scheduler.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Null when ready; otherwise why not. A check still waiting (for a pool
     * connection, or for the database's answer) past the time limit is the
     * reason itself: the last finished check may have passed.
     */
    public String problem() {
        Instant now = clock.instant();
        Instant success = lastSuccess;
        if (success != null && Duration.between(success, now).compareTo(STALE_AFTER) < 0) {
            return null;
        }
        Instant started = checkStarted;
        if (started != null && Duration.between(started, now).getSeconds() >= CHECK_TIMEOUT_SECONDS) {
            // The check before may have said why (a refused login waits out the pool's timeout every time).
            return "database: did not answer within " + CHECK_TIMEOUT_SECONDS + " s"
                    + (lastFailed ? "; the check before: " + lastProblem : "");
        }
        return "database: " + lastProblem;
    }

    private void check() {
        checkStarted = clock.instant();
        try {
            runCheck();
        } finally {
            checkStarted = null;
        }
    }

    private void runCheck() {
        lastFailureText = null;
        String problem = problemNow();
        lastFailed = problem != null;
        if (problem == null) {
            lastSuccess = clock.instant();
        } else {
            lastProblem = problem;
        }
        logChange(problem);
    }

    /**
     * Tells the log when the database stops serving, why (with the database's
     * own words, which the endpoint leaves out), when the reason changes, and
     * when it serves again. A node the load balancer took out gets no request
     * whose failure would be logged: the operator found nothing (docs audit).
     */
    private void logChange(String problem) {
        Instant success = lastSuccess;
        if (problem == null) {
            if (logged != null) {
                LOG.info("Ready again: the database can take writes");
            }
            logged = null;
        } else if (success != null && Duration.between(success, clock.instant()).compareTo(STALE_AFTER) < 0) {
            // /health/ready still says UP: a failure shorter than that is no outage to the load balancer, and
            // the log told of ones the endpoint never reported (review).
            return;
        } else if (!problem.equals(logged)) {
            LOG.warn("Not ready: database: {}{}", problem, lastFailureText == null ? "" : " (" + lastFailureText + ")");
            logged = problem;
        }
    }

    private String problemNow() {
        String stoppedBecause = stopped.get();
        if (stoppedBecause != null) {
            return stoppedBecause;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(CHECK_TIMEOUT_SECONDS)) {
                return "did not answer within " + CHECK_TIMEOUT_SECONDS + " s";
            }
            return check.problem(connection, CHECK_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            if (timedOut(e)) {
                // The check's own statement was cancelled at its timeout: the database answers, but a lock
                // or a long statement holds it up.
                return "did not answer within " + CHECK_TIMEOUT_SECONDS + " s (a lock or a long statement holds it up)";
            }
            lastFailureText = innermostMessage(e);
            return "unreachable (" + e.getClass().getSimpleName() + sqlState(e) + ")";
        }
    }

    /** The innermost cause's first line, secrets in a URL masked: "FATAL: password authentication failed for ...". */
    private static String innermostMessage(Throwable failure) {
        Throwable innermost = failure;
        for (Throwable e = failure; e != null && e != e.getCause(); e = e.getCause()) {
            if (e.getMessage() != null) {
                innermost = e;
            }
        }
        String message = String.valueOf(innermost.getMessage()).lines().findFirst().orElse("");
        return Texts.cut(Texts.maskUrlSecrets(message), 300);
    }

    /** A statement timeout: SQLTimeoutException, or SQLState 57014 (query cancelled), as PostgreSQL and H2 say it. */
    private static boolean timedOut(Throwable failure) {
        for (Throwable e = failure; e != null && e != e.getCause(); e = e.getCause()) {
            if (e instanceof SQLTimeoutException || e instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SQL state the database gave, from the innermost exception that has
     * one, and what its class means where an operator needs it spelled out. The
     * endpoint answers anyone, so no message text: it can name hosts and users.
     */
    private static String sqlState(Throwable failure) {
        String state = null;
        for (Throwable e = failure; e != null && e != e.getCause(); e = e.getCause()) {
            if (e instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
            }
        }
        if (state == null) {
            return "";
        }
        String meaning = state.startsWith("08") ? ": no connection could be made"
                : state.startsWith("28") ? ": the database refused the user or password"
                : state.equals("3D000") ? ": no such database"
                : state.equals("53300") ? ": the database has too many connections"
                : state.equals("57P04") ? ": the database was dropped"
                : state.equals("57P05") ? ": the database closed an idle session (its idle_session_timeout)"
                : state.startsWith("57P0") ? ": the database is shutting down or starting up"
                : "";
        return "; SQLState " + state + meaning;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
