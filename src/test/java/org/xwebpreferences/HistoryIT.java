package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.SoapClient.NS;
import static org.xwebpreferences.support.SoapClient.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.JsonBodies;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.JsonResponse;
import org.xwebpreferences.support.PostgresServer;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TempFiles;
import org.xwebpreferences.support.TestServer;

/** The consent history as clients read it back, over SOAP and JSON. */
class HistoryIT {

    private static final String HISTORY = "GetCustomerCommunicationPreferenceHistory";

    private static TestServer server;
    private static SoapClient soap;
    private static JsonClient json;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        soap = server.client();
        json = JsonClient.of(server);
        token = soap.authenticate(TestServer.USER, TestServer.PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void changesThroughSoapAndJsonAreRecordedWithTheirProtocolUserAndCorrelationId() {
        String customer = key();
        String list = key();
        SoapResponse viaSoap = soap.post(envelope(token, Envelopes.set(customer, Envelopes.setting(list, "OptIn"))));
        JsonResponse viaJson = json.post(JsonBodies.SET, JsonBodies.set(customer, JsonBodies.setting(list, "OptOut")),
                JsonClient.bearer(token));
        assertThat(viaSoap.status()).isEqualTo(200);
        assertThat(viaJson.status()).isEqualTo(200);

        SoapResponse history = soapHistory(customer, null, null);

        String entries = "//x:GetCustomerCommunicationPreferenceHistoryResult/x:entries/x:PreferenceChange";
        assertThat(history.texts(entries + "/x:protocol")).containsExactly("JSON", "SOAP");
        assertThat(history.texts(entries + "/x:status")).containsExactly("OptOut", "OptIn");
        assertThat(history.texts(entries + "/x:status_before")).containsExactly("OptIn");
        assertThat(history.texts(entries + "/x:changed_by")).containsOnly(TestServer.USER);
        assertThat(history.texts(entries + "/x:correlation_id")).containsExactly(
                viaJson.header("X-Correlation-Id"), viaSoap.headers().firstValue("X-Correlation-Id").orElseThrow());
        assertThat(history.texts(entries + "/x:mailing_list_key")).containsOnly(list);
        assertThat(history.texts(entries + "/x:changed_at")).as("six digits of fraction, so that text sorts as time")
                .allMatch(time -> time.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
        assertThat(history.texts("//x:continuationToken")).isEmpty();
    }

    @Test
    void aSetToTheSameValuesAndARejectedRequestRecordNothing() {
        String customer = key();
        String list = key();
        String setting = Envelopes.fullSetting(list, "News", "General", "OptIn", key(), key(), key(), key());
        assertThat(soap.post(envelope(token, Envelopes.set(customer, setting))).status()).isEqualTo(200);
        assertThat(soap.post(envelope(token, Envelopes.set(customer, setting))).status()).isEqualTo(200);
        assertThat(soap.post(envelope(token, Envelopes.set(customer, Envelopes.setting(list, "OptOut"),
                Envelopes.setting(key(), "Opt In")))).status()).isEqualTo(500);

        assertThat(soapHistory(customer, null, null).texts("//x:PreferenceChange")).hasSize(1);
    }

    @Test
    void jsonPagesWithContinuationTokensNewestFirst() throws Exception {
        String customer = key();
        String list = key();
        for (int i = 0; i < 7; i++) {
            json.post(JsonBodies.SET, JsonBodies.set(customer, JsonBodies.setting(list, i % 2 == 0 ? "OptIn" : "OptOut")),
                    JsonClient.bearer(token));
        }
        List<String> statuses = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonResponse page = json.get(HISTORY, "customerKey=" + customer + "&pageSize=3"
                    + (next == null ? "" : "&continuationToken=" + next), JsonClient.bearer(token));
            assertThat(page.status()).isEqualTo(200);
            JsonNode body = page.json();
            body.get("entries").forEach(entry -> statuses.add(entry.get("status").asText()));
            body.get("entries").forEach(entry -> assertThat(entry.get("changed_at").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
            next = body.get("continuationToken").isNull() ? null : body.get("continuationToken").asText();
            pages++;
        } while (next != null);

        assertThat(pages).isEqualTo(3);
        assertThat(statuses).containsExactly("OptIn", "OptOut", "OptIn", "OptOut", "OptIn", "OptOut", "OptIn");
    }

    @Test
    void aContinuationTokenCutShortOrOfAnotherCustomerIsRefusedNotAnsweredWithAnotherPage() throws Exception {
        String customer = key();
        for (int i = 0; i < 5; i++) {
            json.post(JsonBodies.SET, JsonBodies.set(customer, JsonBodies.setting(key(), "OptIn")), JsonClient.bearer(token));
        }
        String next = json.get(HISTORY, "customerKey=" + customer + "&pageSize=2", JsonClient.bearer(token)).json()
                .get("continuationToken").asText();

        for (String query : List.of("customerKey=" + customer + "&continuationToken=" + next.substring(0, next.length() - 2),
                "customerKey=" + key() + "&continuationToken=" + next)) {
            JsonResponse refused = json.get(HISTORY, query, JsonClient.bearer(token));
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.body()).contains("is not a continuation token this server issued for this customer")
                    .contains("\"field\":\"continuationToken\"");
        }
        assertThat(json.get(HISTORY, "customerKey=" + customer + "&pageSize=2&continuationToken=" + next,
                JsonClient.bearer(token)).json().get("entries")).hasSize(2);
    }

    @Test
    void jsonTakesPageSizeAsANumberOrAString() throws Exception {
        String customer = key();
        for (String status : List.of("OptIn", "OptOut", "OptIn")) {
            json.post(JsonBodies.SET, JsonBodies.set(customer, JsonBodies.setting(key(), status)), JsonClient.bearer(token));
        }

        for (String pageSize : List.of("2", "\"2\"", "2.0", "2E0", "0.2e1")) { // JSON has one kind of number (audit)
            JsonResponse page = json.post(HISTORY, "{\"" + HISTORY + "\": {\"customerKey\": \"" + customer
                    + "\", \"pageSize\": " + pageSize + "}}", JsonClient.bearer(token));
            assertThat(page.status()).as("%s", page.body()).isEqualTo(200);
            assertThat(page.json().get("entries")).hasSize(2);
        }
        JsonResponse fraction = json.post(HISTORY, "{\"" + HISTORY + "\": {\"customerKey\": \"" + customer
                + "\", \"pageSize\": 2.5}}", JsonClient.bearer(token));
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(fraction.body()).contains("pageSize: must be a whole number, not 2.5").contains("\"field\":\"pageSize\"");
        for (String infinite : List.of("1E400", "-1E400")) { // a 500 for a moment (review)
            JsonResponse response = json.post(HISTORY, "{\"" + HISTORY + "\": {\"customerKey\": \"" + customer
                    + "\", \"pageSize\": " + infinite + "}}", JsonClient.bearer(token));
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.body()).contains("pageSize: must be a whole number of at most 18 digits")
                    .contains("\"field\":\"pageSize\"");
        }
        assertThat(json.post(HISTORY, "{\"" + HISTORY + "\": {\"customerKey\": \"" + customer + "\", \"pageSize\": true}}",
                JsonClient.bearer(token)).body()).contains("pageSize: must be a whole number or a string, not a boolean");
        JsonResponse tooLarge = json.post(HISTORY, "{\"" + HISTORY + "\": {\"customerKey\": \"" + customer
                + "\", \"pageSize\": 100000000000000000000}}", JsonClient.bearer(token));
        assertThat(tooLarge.body()).contains("pageSize: '100000000000000000000' is not a whole number from 1 to 1000");
        for (String exponent : List.of("1E18", "1.5e20")) { // told "at most 18 digits" before (audit)
            assertThat(json.post(HISTORY, "{\"" + HISTORY + "\": {\"customerKey\": \"" + customer
                    + "\", \"pageSize\": " + exponent + "}}", JsonClient.bearer(token)).body())
                    .as(exponent).contains("pageSize: '1").contains("' is not a whole number from 1 to 1000");
        }
    }

    @Test
    void badParametersAreNamed() {
        String customer = key();
        assertThat(soapHistory(customer, "<pageSize>0</pageSize>", null).faultString())
                .isEqualTo("pageSize: '0' is not a whole number from 1 to 1000");
        assertThat(soapHistory(customer, "<from>yesterday</from>", null).faultString())
                .startsWith("from: 'yesterday' is not an ISO-8601 time");
        assertThat(soapHistory(customer, null, "not-a-token").faultString())
                .isEqualTo("continuationToken: 'not-a-token' is not a continuation token this server issued for"
                        + " this customer, list and time window: start again without one");
        JsonResponse response = json.get(HISTORY, "customerKey=" + customer + "&mailingListKey=x", JsonClient.bearer(token));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"mailingListKey\"");
    }

    @Test
    void timesOutsideTheYears1To9999AreNamedOnEveryDatabase() throws Exception {
        assertTimesOutsideTheRangeAreNamed(soap, json, token);

        // PostgreSQL cannot compare with such times: the request used to fail as "unavailable".
        PostgresServer postgres = PostgresServer.shared();
        DatabaseSettings database = new DatabaseSettings(TempFiles.directory("xweb-history"),
                postgres.createDatabase(), postgres.user(), postgres.password(), 2);
        try (TestServer onPostgres = TestServer.start(database, Duration.ofMinutes(30), false)) {
            SoapClient soapOnPostgres = onPostgres.client();
            assertTimesOutsideTheRangeAreNamed(soapOnPostgres, JsonClient.of(onPostgres),
                    soapOnPostgres.authenticate(TestServer.USER, TestServer.PASSWORD));
        }
    }

    private static void assertTimesOutsideTheRangeAreNamed(SoapClient soapClient, JsonClient jsonClient, String bearer) {
        String customer = key();
        SoapResponse fault = soapClient.post(envelope(bearer, "<" + HISTORY + " xmlns=\"" + NS + "\"><customerKey>"
                + customer + "</customerKey><to>+294277-01-01T00:00:00Z</to></" + HISTORY + ">"));
        assertThat(fault.faultCode()).endsWith("Client");
        assertThat(fault.faultString()).isEqualTo("to: '+294277-01-01T00:00:00Z' is outside the years 0001 to 9999 (in UTC)");
        JsonResponse refused = jsonClient.get(HISTORY, "customerKey=" + customer + "&from=%2B999999999-12-31T23:59:59Z",
                JsonClient.bearer(fault.token()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("\"field\":\"from\"");
    }

    private static SoapResponse soapHistory(String customer, String extra, String continuation) {
        return soap.post(envelope(token, "<" + HISTORY + " xmlns=\"" + NS + "\"><customerKey>" + customer
                + "</customerKey>" + (extra == null ? "" : extra)
                + (continuation == null ? "" : "<continuationToken>" + continuation + "</continuationToken>")
                + "</" + HISTORY + ">"));
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
