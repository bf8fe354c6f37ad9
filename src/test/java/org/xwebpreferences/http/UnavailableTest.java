package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.support.CapturedLogs;

class UnavailableTest {

    private static XwebError outage() {
        return XwebError.unavailable("The database could not store the preferences",
                new SQLException("IO Exception", new IOException("No space left on device")));
    }

    @Test
    void anOutageLogsOneTraceAMinuteAndOneLineNamingTheCausesForEveryOtherRequest() {
        ServerErrorLog.traceNext();
        try (CapturedLogs logs = new CapturedLogs(Unavailable.class.getName())) {
            String first = Unavailable.answer(outage(), "SetCustomerCommunicationPreferences", "c-1");
            Unavailable.answer(outage(), "SetCustomerCommunicationPreferences", "c-2");
            Unavailable.answer(outage(), "GetAllCustomerCommunicationPreferences", "c-3");

            assertThat(first).isEqualTo("The service is unavailable: The database could not store the preferences;"
                    + " try again later (correlation id c-1)");
            assertThat(logs.lines()).containsExactly(
                    Unavailable.class.getName() + " [c-1] SetCustomerCommunicationPreferences: The database could not"
                            + " store the preferences IO Exception",
                    Unavailable.class.getName() + " [c-2] SetCustomerCommunicationPreferences: The database could not"
                            + " store the preferences: SQLException: IO Exception; IOException: No space left on device"
                            + " (the stack trace is logged at most once a minute)",
                    Unavailable.class.getName() + " [c-3] GetAllCustomerCommunicationPreferences: The database could"
                            + " not store the preferences: SQLException: IO Exception; IOException: No space left on"
                            + " device (the stack trace is logged at most once a minute)");
        }
    }

    @Test
    void anOverloadRefusedOnPurposeIsAWarningWithoutCauses() {
        try (CapturedLogs logs = new CapturedLogs(Unavailable.class.getName())) {
            Unavailable.answer(XwebError.unavailable("too many logins are being checked at once", null), "Authenticate",
                    "c-4");
            assertThat(logs.linesWithLevel()).containsExactly("WARN " + Unavailable.class.getName()
                    + " [c-4] Authenticate: too many logins are being checked at once");
        }
    }
}
