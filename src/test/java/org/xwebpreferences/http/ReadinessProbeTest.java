package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.CapturedLogs;
import org.xwebpreferences.support.MutableClock;

/** /health/ready's reason, as an operator reads it during an outage. */
class ReadinessProbeTest {

    @Test
    void aDatabaseThatAnswersButCannotTakeWritesIsNotReadyAndSaysWhy() {
        Connection valid = validConnection();
        DataSource dataSource = dataSource(() -> valid);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
        try (ReadinessProbe probe = new ReadinessProbe(dataSource, (connection, timeout) -> "the database is read-only",
                () -> null, clock)) {
            assertThat(probe.problem()).isEqualTo("database: the database is read-only");
        }
    }

    @Test
    void aCheckStillWaitingForTheDatabaseIsTheReasonNotAnOldOne() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
        AtomicBoolean hang = new AtomicBoolean(false);
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Connection valid = validConnection();
        DataSource dataSource = dataSource(() -> {
            if (hang.get()) {
                waiting.countDown();
                release.await(); // as a pool waits for a connection to a database that is gone
            }
            return valid;
        });

        try (ReadinessProbe probe = new ReadinessProbe(dataSource, (connection, timeout) -> null, () -> null, clock)) {
            assertThat(probe.problem()).isNull();

            hang.set(true);
            assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
            clock.advance(Duration.ofSeconds(1));
            assertThat(probe.problem()).as("still fresh").isNull();
            clock.advance(Duration.ofSeconds(3));

            assertThat(probe.problem()).isEqualTo("database: did not answer within 2 s");
            release.countDown();
        }
    }

    /** A check cancelled at its timeout (a table locked by another session) answered, if slowly: not "unreachable". */
    @Test
    void aCheckCancelledAtItsTimeoutSaysTheDatabaseDidNotAnswerInTime() {
        assertThat(problemWhenTheCheckFails(new SQLException("ERROR: canceling statement due to statement timeout",
                "57014"))).isEqualTo("database: did not answer within 2 s (a lock or a long statement holds it up)");
    }

    /** PostgreSQL's 57P05 ends an idle session: not a database shutting down (multi-node audit). */
    @Test
    void aSessionEndedForIdlingIsNotToldAsADatabaseShuttingDown() {
        assertThat(problemWhenTheCheckFails(new SQLException("FATAL: terminating connection due to idle-session"
                + " timeout", "57P05"))).contains("SQLState 57P05: the database closed an idle session (its"
                + " idle_session_timeout)").doesNotContain("shutting down");
    }

    /** What the probe says when its check, on a connection it got, fails so. */
    private static String problemWhenTheCheckFails(SQLException failure) {
        Connection valid = validConnection();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
        try (ReadinessProbe probe = new ReadinessProbe(dataSource(() -> valid), (connection, timeout) -> {
            throw failure;
        }, () -> null, clock)) {
            return probe.problem();
        }
    }

    @Test
    void aRefusedLoginIsNamedByItsSqlStateButNoMessageTextReachesTheEndpoint() {
        DataSource refusing = dataSource(() -> {
            throw refusedLogin();
        });
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
        try (ReadinessProbe probe = new ReadinessProbe(refusing, (connection, timeout) -> null, () -> null, clock)) {
            assertThat(probe.problem()).isEqualTo("database: unreachable (SQLTransientConnectionException;"
                    + " SQLState 28P01: the database refused the user or password)");
        }
    }

    /**
     * The endpoint leaves the database's words out; the log had nothing either, and a node taken out of the
     * load balancer gets no request whose failure would be logged (docs audit).
     */
    @Test
    void theLogIsToldOnceWhenTheDatabaseStopsServingWithItsWordsAndWhenItServesAgain() throws Exception {
        AtomicBoolean refuse = new AtomicBoolean(false);
        Connection valid = validConnection();
        DataSource dataSource = dataSource(() -> {
            if (refuse.get()) {
                throw refusedLogin();
            }
            return valid;
        });
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
        try (CapturedLogs logs = new CapturedLogs(ReadinessProbe.class.getName());
             ReadinessProbe probe = new ReadinessProbe(dataSource, (connection, timeout) -> null, () -> null, clock)) {
            refuse.set(true);
            Thread.sleep(1_500); // a failed check while the endpoint still says UP: no outage to log (review)
            assertThat(logs.lines()).isEmpty();
            clock.advance(ReadinessProbe.STALE_AFTER);
            awaitLines(logs, 1);
            Thread.sleep(2_500); // two more failed checks: said once
            refuse.set(false);
            awaitLines(logs, 2);

            assertThat(logs.lines()).containsExactly(ReadinessProbe.class.getName() + " Not ready: database:"
                    + " unreachable (SQLTransientConnectionException; SQLState 28P01: the database refused the user"
                    + " or password) (FATAL: password authentication failed for user \"bob\")",
                    ReadinessProbe.class.getName() + " Ready again: the database can take writes");
        }
    }

    private static void awaitLines(CapturedLogs logs, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (logs.lines().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void aCheckWaitingAfterAFailedOneRepeatsWhyThatOneFailed() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
        AtomicBoolean hang = new AtomicBoolean(false);
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DataSource dataSource = dataSource(() -> {
            if (!hang.get()) {
                throw refusedLogin(); // at once, as after the pool's timeout
            }
            waiting.countDown();
            release.await(); // the next check waits out the pool's timeout again
            throw refusedLogin();
        });

        try (ReadinessProbe probe = new ReadinessProbe(dataSource, (connection, timeout) -> null, () -> null, clock)) {
            hang.set(true);
            assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
            clock.advance(Duration.ofSeconds(3));

            assertThat(probe.problem()).isEqualTo("database: did not answer within 2 s; the check before: unreachable"
                    + " (SQLTransientConnectionException; SQLState 28P01: the database refused the user or password)");
            release.countDown();
        }
    }

    /** What Hikari throws when no connection could be made because PostgreSQL refused the password. */
    private static SQLTransientConnectionException refusedLogin() {
        return new SQLTransientConnectionException("xweb - Connection is not available, request timed out after 5000ms",
                "08001", new SQLException("FATAL: password authentication failed for user \"bob\"", "28P01"));
    }

    /** What getConnection does: hand out a connection, wait, or fail as a pool does. */
    @FunctionalInterface
    private interface ConnectionSource {
        Connection get() throws Exception;
    }

    /** A data source whose every method is getConnection, as the probe uses it. */
    private static DataSource dataSource(ConnectionSource connections) {
        return (DataSource) Proxy.newProxyInstance(ReadinessProbeTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> connections.get());
    }

    /** A connection that says it is valid and answers null to anything else. */
    private static Connection validConnection() {
        return (Connection) Proxy.newProxyInstance(ReadinessProbeTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> method.getName().equals("isValid") ? true : null);
    }
}
