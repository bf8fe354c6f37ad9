package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.JsonResponse;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/**
 * The seed's JSON sample, posted byte for byte with Basic authentication, and
 * what both protocols read back afterwards.
 */
class JsonSeedSampleIT {

    private static final String CUSTOMER = "FADFF57B-C6EF-4130-BE1E-07000A38056F";
    private static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** Both rows as JSON GetAll must answer them: lower-case keys, key order, nulls, by mailing_list_key. */
    private static final String EXPECTED_GET_ALL = "["
            + "{\"mailing_list_key\":\"6cc179ee-99c3-4b6b-8bab-36574550a5e5\",\"mailing_list_name\":\"Accreditation\","
            + "\"mailing_list_category\":\"Email Opt-In\",\"status\":\"OptOut\",\"email_key\":null,"
            + "\"address_key\":null,\"phone_key\":null,\"fax_key\":null},"
            + "{\"mailing_list_key\":\"b31c52e4-29c1-4a65-8c53-0626342c920d\",\"mailing_list_name\":\"Instructors - Online\","
            + "\"mailing_list_category\":\"Instructors\",\"status\":\"OptIn\","
            + "\"email_key\":\"abc320db-863f-441a-8ab4-5fc827fc33c2\",\"address_key\":\"0f37de1d-a608-4ebc-bad1-7beaa3102f60\","
            + "\"phone_key\":\"f46291d8-6b16-467f-97ef-fb16028a2b98\",\"fax_key\":\"bac08813-3231-4c42-942e-2e0d98608043\"}"
            + "]";

    private static TestServer server;
    private static JsonClient json;
    private static SoapClient soap;
    private static JsonResponse setResponse;

    @BeforeAll
    static void replayTheSample() throws Exception {
        server = TestServer.start();
        json = JsonClient.of(server);
        soap = server.client();
        assertThat(server.preferenceRows()).isZero();
        setResponse = json.post("SetCustomerCommunicationPreferences", Envelopes.fixture("json/seed-set-request.json"),
                JsonClient.JSON, JsonClient.basic());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theSampleAsItStandsIsAcceptedWithNoBodyAndATokenForTheNextCall() throws Exception {
        assertThat(setResponse.status()).as("%s", setResponse).isEqualTo(200);
        assertThat(setResponse.body()).isEmpty();
        assertThat(setResponse.header("Content-Length")).isEqualTo("0");
        assertThat(setResponse.header("WWW-Authenticate")).matches("Bearer token = " + GUID);
        assertThat(setResponse.token()).matches(GUID);
        assertThat(server.preferenceRows()).isEqualTo(2);
    }

    @Test
    void bothRowsAreVisibleThroughJsonGetAllInOrderWithLowerCaseKeysAndNulls() {
        JsonResponse all = json.get("GetAllCustomerCommunicationPreferences", "customerKey=" + CUSTOMER,
                JsonClient.bearer(setResponse.token()));

        assertThat(all.status()).as("%s", all).isEqualTo(200);
        assertThat(all.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(all.json()).isEqualTo(JsonResponse.parse(EXPECTED_GET_ALL));
        assertThat(all.body()).as("field order and nothing else").isEqualTo(EXPECTED_GET_ALL);
        assertThat(all.token()).isEqualTo(setResponse.token());
    }

    @Test
    void theSameRowsThroughJsonGetAllAsAPost() {
        JsonResponse all = json.post("GetAllCustomerCommunicationPreferences",
                "{\"GetAllCustomerCommunicationPreferences\": {\"customerKey\": \"{" + CUSTOMER.toLowerCase() + "}\"}}",
                JsonClient.basic());

        assertThat(all.status()).as("%s", all).isEqualTo(200);
        assertThat(all.body()).isEqualTo(EXPECTED_GET_ALL);
        List<String> names = new ArrayList<>();
        all.json().get(0).fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("mailing_list_key", "mailing_list_name", "mailing_list_category", "status",
                "email_key", "address_key", "phone_key", "fax_key");
    }

    @Test
    void bothRowsAreVisibleThroughSoapGetAllWithTheTokenFromTheJsonAnswer() {
        SoapResponse all = soap.getAll(setResponse.token(), CUSTOMER);

        assertThat(all.status()).as("%s", all).isEqualTo(200);
        assertThat(all.token()).isEqualTo(setResponse.token());
        String first = "//x:GetAllCustomerCommunicationPreferencesResult/x:MailingListSetting[1]/";
        String second = "//x:GetAllCustomerCommunicationPreferencesResult/x:MailingListSetting[2]/";
        assertThat(all.texts("//x:MailingListSetting/x:mailing_list_key")).containsExactly(
                "6cc179ee-99c3-4b6b-8bab-36574550a5e5", "b31c52e4-29c1-4a65-8c53-0626342c920d");
        assertThat(all.text(first + "x:mailing_list_name")).isEqualTo("Accreditation");
        assertThat(all.text(first + "x:mailing_list_category")).isEqualTo("Email Opt-In");
        assertThat(all.text(first + "x:status")).isEqualTo("OptOut");
        assertThat(all.texts(first + "x:email_key")).isEmpty();
        assertThat(all.texts(first + "x:address_key")).isEmpty();
        assertThat(all.texts(first + "x:phone_key")).isEmpty();
        assertThat(all.texts(first + "x:fax_key")).isEmpty();
        assertThat(all.text(second + "x:mailing_list_name")).isEqualTo("Instructors - Online");
        assertThat(all.text(second + "x:mailing_list_category")).isEqualTo("Instructors");
        assertThat(all.text(second + "x:status")).isEqualTo("OptIn");
        assertThat(all.text(second + "x:email_key")).isEqualTo("abc320db-863f-441a-8ab4-5fc827fc33c2");
        assertThat(all.text(second + "x:address_key")).isEqualTo("0f37de1d-a608-4ebc-bad1-7beaa3102f60");
        assertThat(all.text(second + "x:phone_key")).isEqualTo("f46291d8-6b16-467f-97ef-fb16028a2b98");
        assertThat(all.text(second + "x:fax_key")).isEqualTo("bac08813-3231-4c42-942e-2e0d98608043");
    }
}
