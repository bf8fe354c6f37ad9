package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/**
 * The seed's sample request, replayed byte for byte. Its token is made valid
 * first, as if Authenticate had issued it, so the bytes need no change.
 */
class SeedSampleIT {

    private static TestServer server;
    private static SoapClient client;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.grantToken(Envelopes.SEED_TOKEN, Instant.now().plus(1, ChronoUnit.HOURS));
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sampleAsItStandsGetsAClientFaultNamingCustomerKeyAndStoresNothing() throws Exception {
        SoapResponse response = client.post(Envelopes.fixture("soap/seed-set-request.xml"), SoapClient.SOAP11,
                "\"http://www.avectra.com/2005/SetCustomerCommunicationPreferences\"");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).isEqualTo("customerKey: '?' is not a GUID (expected 8-4-4-4-12 hex digits)");
        assertThat(response.text("//x:FaultDetail/x:Field")).isEqualTo("customerKey");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.").doesNotContain("java.");
        assertThat(server.preferenceRows()).isZero();
    }

    @Test
    void sampleAsItStandsNamesCustomerKeyEvenOnAServerThatNeverIssuedItsToken() throws Exception {
        // Input is reported ahead of the token: the contract has the sample, sent as it
        // stands to any server, told about its customerKey.
        try (TestServer fresh = TestServer.start()) {
            SoapResponse response = fresh.client().post(Envelopes.fixture("soap/seed-set-request.xml"),
                    SoapClient.SOAP11, "\"http://www.avectra.com/2005/SetCustomerCommunicationPreferences\"");

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.faultCode()).isEqualTo("soap:Client");
            assertThat(response.faultString()).isEqualTo("customerKey: '?' is not a GUID (expected 8-4-4-4-12 hex digits)");
            assertThat(response.token()).as("no token for a token no server issued").isNull();
            assertThat(fresh.preferenceRows()).isZero();
        }
    }

    @Test
    void sampleWithRealValuesIsStoredAndReadBack() throws Exception {
        SoapResponse response = client.post(Envelopes.fixture("soap/seed-set-request-real-values.xml"),
                SoapClient.SOAP11, "\"http://www.avectra.com/2005/SetCustomerCommunicationPreferences\"");

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.texts("/*/*[local-name()='Body']/x:SetCustomerCommunicationPreferencesResponse"))
                .containsExactly("");
        assertThat(response.token()).isEqualTo(Envelopes.SEED_TOKEN);
        // The seed's sample response as it stands, its line breaks left out and its masked token filled in:
        // a client comparing text sees the same envelope ASMX writes.
        String sampleResponse = new String(Envelopes.fixture("soap/seed-set-response.xml"), StandardCharsets.UTF_8)
                .replaceAll(">\\s+<", "><").strip().replace("**************", Envelopes.SEED_TOKEN);
        assertThat(response.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + sampleResponse);

        SoapResponse all = client.getAll(response.token(), "{FADFF57B-C6EF-4130-BE1E-07000A38056F}");
        assertThat(all.status()).as("%s", all).isEqualTo(200);
        String first = "//x:GetAllCustomerCommunicationPreferencesResult/x:MailingListSetting[1]/";
        String second = "//x:GetAllCustomerCommunicationPreferencesResult/x:MailingListSetting[2]/";
        assertThat(all.texts("//x:MailingListSetting/x:mailing_list_key")).containsExactly(
                "6cc179ee-99c3-4b6b-8bab-36574550a5e5", "b31c52e4-29c1-4a65-8c53-0626342c920d");
        assertThat(all.text(first + "x:mailing_list_name")).isEqualTo("Accreditation");
        assertThat(all.text(first + "x:mailing_list_category")).isEqualTo("Email Opt-In");
        assertThat(all.text(first + "x:status")).isEqualTo("OptOut");
        assertThat(all.texts(first + "x:email_key")).isEmpty();
        assertThat(all.text(second + "x:mailing_list_name")).isEqualTo("Instructors - Online");
        assertThat(all.text(second + "x:mailing_list_category")).isEqualTo("Instructors");
        assertThat(all.text(second + "x:status")).isEqualTo("OptIn");
        assertThat(all.text(second + "x:email_key")).isEqualTo("abc320db-863f-441a-8ab4-5fc827fc33c2");
        assertThat(all.text(second + "x:address_key")).isEqualTo("0f37de1d-a608-4ebc-bad1-7beaa3102f60");
        assertThat(all.text(second + "x:phone_key")).isEqualTo("f46291d8-6b16-467f-97ef-fb16028a2b98");
        assertThat(all.text(second + "x:fax_key")).isEqualTo("bac08813-3231-4c42-942e-2e0d98608043");
    }
}
