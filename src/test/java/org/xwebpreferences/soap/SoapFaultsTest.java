package org.xwebpreferences.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.http.Outcome;
import org.xwebpreferences.http.Unavailable;
import org.xwebpreferences.support.CapturedLogs;

class SoapFaultsTest {

    @Test
    void anOverloadTheServerRefusedOnPurposeIsAWarningAndAFailureBeneathIsAnError() {
        try (CapturedLogs logs = new CapturedLogs(Unavailable.class.getName())) {
            SoapFault overload = SoapFaults.describe(XwebError.shedding("too many logins are being checked at once"),
                    "Authenticate", "c-1");
            SoapFault outage = SoapFaults.describe(XwebError.unavailable("The preference store could not read",
                    new SQLException("connection refused")), "GetAllCustomerCommunicationPreferences", "c-2");

            // Counted as busy, not as a server fault that operators alert on; still a Server fault to the client.
            assertThat(overload.outcome()).isEqualTo(Outcome.BUSY);
            assertThat(overload.clientsFault()).isFalse();
            assertThat(outage.outcome()).isEqualTo(Outcome.SERVER_FAULT);
            assertThat(outage.clientsFault()).isFalse();
            assertThat(logs.linesWithLevel()).hasSize(2);
            assertThat(logs.linesWithLevel().get(0)).isEqualTo(
                    "WARN " + Unavailable.class.getName() + " [c-1] Authenticate: too many logins are being checked at once");
            assertThat(logs.linesWithLevel().get(1)).startsWith("ERROR " + Unavailable.class.getName()
                    + " [c-2] GetAllCustomerCommunicationPreferences: The preference store could not read");
            assertThat(SoapFaults.describe(XwebError.unavailable("the check of these credentials is taking too long",
                    null), "Authenticate", "c-3").outcome()).as("slow, not refused on purpose")
                    .isEqualTo(Outcome.SERVER_FAULT);
        }
    }
}
