package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.support.CapturedLogs;

class ServerErrorLogTest {

    private static final Logger LOG = LoggerFactory.getLogger(ServerErrorLogTest.class);

    /** A trigger refusing every write fails every request alike: one trace a minute, not one per request. */
    @Test
    void aFailureEveryRequestMeetsLogsOneTraceAMinuteAndTheCausesOnEveryOtherLine() {
        ServerErrorLog.traceNext();
        try (CapturedLogs logs = new CapturedLogs(ServerErrorLogTest.class.getName())) {
            for (String id : new String[] {"c-1", "c-2"}) {
                ServerErrorLog.failed(LOG, id, "SetCustomerCommunicationPreferences", "failed",
                        new IllegalStateException("The database refused to store the preferences",
                                new SQLException("ERROR: refused by trigger")));
            }

            assertThat(logs.linesWithLevel()).containsExactly(
                    "ERROR " + ServerErrorLogTest.class.getName() + " [c-1] SetCustomerCommunicationPreferences:"
                            + " failed",
                    "ERROR " + ServerErrorLogTest.class.getName() + " [c-2] SetCustomerCommunicationPreferences:"
                            + " failed: IllegalStateException: The database refused to store the preferences;"
                            + " SQLException: ERROR: refused by trigger (the stack trace is logged at most once a"
                            + " minute)");
        }
    }

    /**
     * A full disk failed every call alike, and 16 retrying clients still logged
     * 110 MB of one-line errors a minute: each kind now logs at most ten a
     * minute, and says when it holds lines back.
     */
    @Test
    void aFailureEveryRequestMeetsLogsAtMostTenLinesAMinuteAndSaysSo() {
        ServerErrorLog.traceNext();
        try (CapturedLogs logs = new CapturedLogs(ServerErrorLogTest.class.getName())) {
            for (int i = 1; i <= 1000; i++) {
                ServerErrorLog.failed(LOG, "c-" + i, "GetAllCustomerCommunicationPreferences", "failed",
                        new IllegalStateException("stopped", new SQLException("No space left on device")));
            }
            ServerErrorLog.failed(LOG, "other", "GetAllCustomerCommunicationPreferences", "failed",
                    new NullPointerException("a bug"));

            assertThat(logs.linesWithLevel()).hasSize(ServerErrorLog.LINES_PER_MINUTE + 1);
            assertThat(logs.linesWithLevel().get(ServerErrorLog.LINES_PER_MINUTE - 1)).startsWith(
                    "ERROR " + ServerErrorLogTest.class.getName() + " [c-10] GetAllCustomerCommunicationPreferences:")
                    .endsWith("(more failures like it are not logged for the rest of the minute; a line then says how"
                            + " many)");
            assertThat(logs.linesWithLevel().get(ServerErrorLog.LINES_PER_MINUTE))
                    .as("a failure of another kind is not held back")
                    .isEqualTo("ERROR " + ServerErrorLogTest.class.getName()
                            + " [other] GetAllCustomerCommunicationPreferences: failed");
        }
    }

    /** A login flood turned away 5,000 logins a second, each with a warning of its own. */
    @Test
    void requestsTurnedAwayOnPurposeLogAtMostTenWarningsAMinuteAndSayHowManyMore() {
        ServerErrorLog.traceNext();
        try (CapturedLogs logs = new CapturedLogs(ServerErrorLogTest.class.getName())) {
            long start = System.nanoTime();
            for (int i = 1; i <= 1000; i++) {
                ServerErrorLog.turnedAway(LOG, "c-" + i, "Authenticate", "too many logins are being checked at once",
                        start + i);
            }
            ServerErrorLog.turnedAway(LOG, "room", "GetAllCustomerCommunicationPreferences", "no room for the answer",
                    start + 1001);
            ServerErrorLog.reportHeldBack(start + TimeUnit.SECONDS.toNanos(61));

            String name = ServerErrorLogTest.class.getName();
            assertThat(logs.linesWithLevel()).containsExactly(
                    "WARN " + name + " [c-1] Authenticate: too many logins are being checked at once",
                    "WARN " + name + " [c-2] Authenticate: too many logins are being checked at once",
                    "WARN " + name + " [c-3] Authenticate: too many logins are being checked at once",
                    "WARN " + name + " [c-4] Authenticate: too many logins are being checked at once",
                    "WARN " + name + " [c-5] Authenticate: too many logins are being checked at once",
                    "WARN " + name + " [c-6] Authenticate: too many logins are being checked at once",
                    "WARN " + name + " [c-7] Authenticate: too many logins are being checked at once",
                    "WARN " + name + " [c-8] Authenticate: too many logins are being checked at once",
                    "WARN " + name + " [c-9] Authenticate: too many logins are being checked at once",
                    "WARN " + name + " [c-10] Authenticate: too many logins are being checked at once (more requests"
                            + " turned away like it are not logged for the rest of the minute; a line then says how"
                            + " many)",
                    "WARN " + name + " [room] GetAllCustomerCommunicationPreferences: no room for the answer",
                    "WARN " + name + " Authenticate: too many logins are being checked at once: 990 more requests"
                            + " turned away like it were not logged in the minute up to now; the access log has a line"
                            + " for each, with its correlation id");
        }
    }

    @Test
    void theNextMinutesFirstLineSaysHowManyWereHeldBackAndHasTheTraceAgain() {
        ServerErrorLog.traceNext();
        try (CapturedLogs logs = new CapturedLogs(ServerErrorLogTest.class.getName())) {
            long start = System.nanoTime();
            for (int i = 1; i <= 1000; i++) {
                ServerErrorLog.failed(LOG, "c-" + i, "SetCustomerCommunicationPreferences", "failed",
                        diskFull(), start + i);
            }
            ServerErrorLog.failed(LOG, "later", "SetCustomerCommunicationPreferences", "failed",
                    diskFull(), start + TimeUnit.SECONDS.toNanos(61));

            assertThat(logs.linesWithLevel()).hasSize(ServerErrorLog.LINES_PER_MINUTE + 2);
            assertThat(logs.linesWithLevel().get(ServerErrorLog.LINES_PER_MINUTE)).isEqualTo("ERROR "
                    + ServerErrorLogTest.class.getName() + " SetCustomerCommunicationPreferences: failed: 990 more"
                    + " failures like it were not logged in the minute before (SQLException: No space left on"
                    + " device); the access log has a line for each, with its correlation id");
            assertThat(logs.lines().get(ServerErrorLog.LINES_PER_MINUTE + 1)).as("with the stack trace again")
                    .isEqualTo(ServerErrorLogTest.class.getName() + " [later] SetCustomerCommunicationPreferences:"
                            + " failed No space left on device");
        }
    }

    /** The next minute, and the one after, hold a failure every request meets to ten lines again, as the first. */
    @Test
    void eachMinuteLogsAtMostTenLinesOfAKind() {
        ServerErrorLog.traceNext();
        try (CapturedLogs logs = new CapturedLogs(ServerErrorLogTest.class.getName())) {
            long start = System.nanoTime();
            for (int minute = 0; minute < 3; minute++) {
                for (int i = 1; i <= 100; i++) {
                    ServerErrorLog.failed(LOG, "c-" + minute + "-" + i, "SetCustomerCommunicationPreferences",
                            "failed", diskFull(), start + TimeUnit.SECONDS.toNanos(61) * minute + i);
                }
            }

            assertThat(logs.linesWithLevel()).as("ten a minute, and the count of the minute before")
                    .hasSize(3 * ServerErrorLog.LINES_PER_MINUTE + 2);
            assertThat(logs.linesWithLevel()).filteredOn(line -> line.contains(" 90 more failures like it were not"
                    + " logged in the minute before")).hasSize(2);
        }
    }

    /** A chain of causes is named to its eighth: a wrapped failure's line stays a few hundred characters. */
    @Test
    void namesEightCausesAtMost() {
        Throwable cause = new SQLException("c10");
        for (int i = 9; i >= 1; i--) {
            cause = new IllegalStateException("c" + i, cause);
        }

        assertThat(ServerErrorLog.causes(cause)).isEqualTo("IllegalStateException: c1; IllegalStateException: c2;"
                + " IllegalStateException: c3; IllegalStateException: c4; IllegalStateException: c5;"
                + " IllegalStateException: c6; IllegalStateException: c7; IllegalStateException: c8");
    }

    /** When the failures stop, the count is still said once the minute is over, and only once. */
    @Test
    void theCountIsSaidOnceTheMinuteIsOverThoughNoFailureFollows() {
        ServerErrorLog.traceNext();
        try (CapturedLogs logs = new CapturedLogs(ServerErrorLogTest.class.getName())) {
            long start = System.nanoTime();
            for (int i = 1; i <= 25; i++) {
                ServerErrorLog.failed(LOG, "c-" + i, "GetAllCustomerCommunicationPreferences", "failed", diskFull(),
                        start + i);
            }
            ServerErrorLog.reportHeldBack(start + TimeUnit.SECONDS.toNanos(30));
            assertThat(logs.linesWithLevel()).as("not before the minute is over").hasSize(ServerErrorLog.LINES_PER_MINUTE);

            ServerErrorLog.reportHeldBack(start + TimeUnit.SECONDS.toNanos(65));
            ServerErrorLog.reportHeldBack(start + TimeUnit.SECONDS.toNanos(70));
            ServerErrorLog.failed(LOG, "later", "GetAllCustomerCommunicationPreferences", "failed", diskFull(),
                    start + TimeUnit.SECONDS.toNanos(75));

            assertThat(logs.linesWithLevel()).hasSize(ServerErrorLog.LINES_PER_MINUTE + 2);
            assertThat(logs.linesWithLevel().get(ServerErrorLog.LINES_PER_MINUTE)).endsWith(": 15 more failures like"
                    + " it were not logged in the minute up to now (SQLException: No space left on device); the access"
                    + " log has a line for each, with its correlation id");
            assertThat(logs.linesWithLevel().get(ServerErrorLog.LINES_PER_MINUTE + 1)).startsWith("ERROR "
                    + ServerErrorLogTest.class.getName() + " [later]");
        }
    }

    /** At the stop, and when a kind is forgotten among 64 newer ones, the count is said all the same. */
    @Test
    void theCountIsSaidAtTheStopAndWhenItsKindIsForgotten() {
        ServerErrorLog.traceNext();
        try (CapturedLogs logs = new CapturedLogs(ServerErrorLogTest.class.getName())) {
            long start = System.nanoTime();
            for (int i = 1; i <= 12; i++) {
                ServerErrorLog.failed(LOG, "c-" + i, "GetAllCustomerCommunicationPreferences", "failed", diskFull(),
                        start + i);
            }
            ServerErrorLog.reportAllHeldBack();
            assertThat(logs.linesWithLevel()).last().asString().endsWith(": 2 more failures like it were not logged"
                    + " before the stop (SQLException: No space left on device); the access log has a line for each,"
                    + " with its correlation id");

            for (int i = 1; i <= 12; i++) {
                ServerErrorLog.failed(LOG, "d-" + i, "GetAllCustomerCommunicationPreferences", "failed", diskFull(),
                        start + 100 + i);
            }
            for (int kind = 0; kind < 64; kind++) { // 64 other kinds, each thrown from a place of its own
                Exception other = new IllegalStateException("kind " + kind);
                other.setStackTrace(new StackTraceElement[] {new StackTraceElement("K" + kind, "m", null, 1)});
                ServerErrorLog.failed(LOG, "k-" + kind, "Authenticate", "failed", other, start + 200);
            }
            ServerErrorLog.reportHeldBack(start + 300);
            // All twelve: the kind's minute had already logged its ten lines.
            assertThat(logs.linesWithLevel()).last().asString().endsWith(": 12 more failures like it were not logged"
                    + " in its last minute (SQLException: No space left on device); the access log has a line for"
                    + " each, with its correlation id");
            ServerErrorLog.reportHeldBack(start + 400);
            assertThat(logs.linesWithLevel()).as("said once, not at every report").filteredOn(line -> line.contains(
                    ": 12 more failures like it")).hasSize(1);
        }
    }

    /** A failure of another kind meanwhile still gets its trace: it may be the one bug that tells where. */
    @Test
    void aFailureOfAnotherKindGetsItsTraceThoughAnotherWasJustTraced() {
        ServerErrorLog.traceNext();
        try (CapturedLogs logs = new CapturedLogs(ServerErrorLogTest.class.getName())) {
            ServerErrorLog.failed(LOG, "c-1", "SetCustomerCommunicationPreferences", "failed",
                    new IllegalStateException("refused", new SQLException("ERROR: refused by trigger")));
            ServerErrorLog.failed(LOG, "c-2", "GetAllCustomerCommunicationPreferences", "failed",
                    new NullPointerException("a bug"));

            assertThat(logs.linesWithLevel()).containsExactly(
                    "ERROR " + ServerErrorLogTest.class.getName() + " [c-1] SetCustomerCommunicationPreferences: failed",
                    "ERROR " + ServerErrorLogTest.class.getName() + " [c-2] GetAllCustomerCommunicationPreferences:"
                            + " failed");
        }
    }

    /** Made in one place: where a failure is thrown is part of its kind. */
    private static SQLException diskFull() {
        return new SQLException("No space left on device");
    }
}
