package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
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
}
