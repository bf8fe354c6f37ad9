package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.JsonBodies.GET_ALL;
import static org.xwebpreferences.support.JsonBodies.GET_ONE;
import static org.xwebpreferences.support.JsonBodies.SET;
import static org.xwebpreferences.support.JsonBodies.expectedSetting;
import static org.xwebpreferences.support.JsonBodies.fullSetting;
import static org.xwebpreferences.support.JsonBodies.setting;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.JsonBodies;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.JsonResponse;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/** The four methods over JSON: both forms of the reads, what Set stores, and Authenticate. */
class JsonOperationsIT {

    private static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static TestServer server;
    private static JsonClient json;
    private static String bearer;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        json = JsonClient.of(server);
        bearer = JsonClient.bearer(json.authenticate(TestServer.USER, TestServer.PASSWORD));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void getAllAsGetAndAsPostGiveTheSameOrderedArray() {
        String customer = key();
        String low = "0" + key().substring(1);
        String high = "f" + key().substring(1);
        String middle = "8" + key().substring(1);
        assertOk(json.post(SET, JsonBodies.set(customer.toUpperCase(), setting(high.toUpperCase(), "OptIn"),
                setting("{" + low + "}", "OptOut"), setting(middle, "Undefined")), bearer));
        String expected = "[" + expectedSetting(low, "OptOut") + "," + expectedSetting(middle, "Undefined") + ","
                + expectedSetting(high, "OptIn") + "]";

        JsonResponse viaGet = json.get(GET_ALL, "customerKey=" + customer, bearer);
        JsonResponse viaGetInBraces = json.get(GET_ALL, "customerKey=" + encode("{" + customer.toUpperCase() + "}"), bearer);
        JsonResponse viaPost = json.post(GET_ALL, JsonBodies.getAll(customer), bearer);

        for (JsonResponse response : new JsonResponse[] {viaGet, viaGetInBraces, viaPost}) {
            assertOk(response);
            assertThat(response.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(response.body()).isEqualTo(expected);
        }
    }

    @Test
    void getAllOfACustomerWithNothingStoredIsAnEmptyArray() {
        JsonResponse viaGet = json.get(GET_ALL, "customerKey=" + key(), bearer);
        JsonResponse viaPost = json.post(GET_ALL, JsonBodies.getAll(key()), bearer);

        assertOk(viaGet);
        assertOk(viaPost);
        assertThat(viaGet.body()).isEqualTo("[]");
        assertThat(viaPost.body()).isEqualTo("[]");
    }

    @Test
    void getOneAsGetAndAsPostGiveTheStoredSetting() {
        String customer = key();
        String list = key();
        String other = key();
        String email = key();
        String address = key();
        String phone = key();
        String fax = key();
        assertOk(json.post(SET, JsonBodies.set(customer, fullSetting(list.toUpperCase(), "Jobs & careers", "Careers",
                "OptOut", "{" + email.toUpperCase() + "}", address, phone, fax), setting(other, "OptIn")), bearer));
        String expected = expectedSetting(list, "Jobs & careers", "Careers", "OptOut", email, address, phone, fax);

        JsonResponse viaGet = json.get(GET_ONE, "customerKey=" + customer + "&preferenceTypeKey=" + list.toUpperCase(),
                bearer);
        JsonResponse viaPost = json.post(GET_ONE, JsonBodies.getOne(customer.toUpperCase(), "{" + list + "}"), bearer);

        for (JsonResponse response : new JsonResponse[] {viaGet, viaPost}) {
            assertOk(response);
            assertThat(response.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(response.body()).isEqualTo(expected);
        }
    }

    @Test
    void getOneOfAnUnknownListIsUndefinedForThatListWithNullsForTheRest() throws Exception {
        String customer = key();
        String stored = key();
        String unknown = key();
        assertOk(json.post(SET, JsonBodies.set(customer, setting(stored, "OptIn")), bearer));
        int rows = server.preferenceRows();

        JsonResponse ofAStoredCustomer = json.get(GET_ONE, "customerKey=" + customer + "&preferenceTypeKey="
                + encode("{" + unknown.toUpperCase() + "}"), bearer);
        JsonResponse ofAnUnknownCustomer = json.post(GET_ONE, JsonBodies.getOne(key(), unknown), bearer);

        for (JsonResponse response : new JsonResponse[] {ofAStoredCustomer, ofAnUnknownCustomer}) {
            assertOk(response);
            assertThat(response.body()).isEqualTo(expectedSetting(unknown, "Undefined"));
        }
        assertThat(server.preferenceRows()).as("a read stores nothing").isEqualTo(rows);
    }

    @Test
    void setAnswers200WithNoBodyAndStoresOneRowPerList() throws Exception {
        int before = server.preferenceRows();

        JsonResponse response = json.post(SET, JsonBodies.set(key(), setting(key(), "OptIn"), setting(key(), "OptOut")),
                bearer);

        assertOk(response);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("Content-Length")).isEqualTo("0");
        assertThat(response.header("Content-Type")).isNull();
        assertThat(server.preferenceRows()).isEqualTo(before + 2);
    }

    @Test
    void settingAPairAgainReplacesTheWholeRow() throws Exception {
        String customer = key();
        String list = key();
        String untouched = key();
        assertOk(json.post(SET, JsonBodies.set(customer, fullSetting(list, "Weekly news", "News", "OptIn", key(), key(),
                key(), key()), setting(untouched, "OptIn")), bearer));
        int rows = server.preferenceRows();

        assertOk(json.post(SET, JsonBodies.set(customer, setting("{" + list.toUpperCase() + "}", "OptOut")), bearer));

        assertThat(server.preferenceRows()).as("replaced, not added").isEqualTo(rows);
        assertThat(json.get(GET_ONE, "customerKey=" + customer + "&preferenceTypeKey=" + list, bearer).body())
                .isEqualTo(expectedSetting(list, "OptOut"));
        assertThat(json.get(GET_ONE, "customerKey=" + customer + "&preferenceTypeKey=" + untouched, bearer).body())
                .as("another list of the same customer is left alone")
                .isEqualTo(expectedSetting(untouched, "OptIn"));
    }

    @Test
    void emptyStringsAndNullsForOptionalFieldsAreStoredAsAbsent() {
        String customer = key();
        String list = key();

        assertOk(json.post(SET, JsonBodies.set(customer, fullSetting(list, "", null, "Undefined", "", null, "", null)),
                bearer));

        assertThat(json.get(GET_ALL, "customerKey=" + customer, bearer).body())
                .isEqualTo("[" + expectedSetting(list, "Undefined") + "]");
    }

    @Test
    void textIsStoredAndReturnedExactlyAndSoapSeesTheSame() {
        String customer = key();
        String list = key();
        String name = "Ünïcödé 😀 ' OR 1=1; -- <b>\"x\"</b> \\ \t";
        assertOk(json.post(SET, JsonBodies.set(customer, fullSetting(list, name, "  spaced  ", "OptIn", null, null, null,
                null)), bearer));

        JsonResponse all = json.get(GET_ALL, "customerKey=" + customer, bearer);
        assertThat(all.json().get(0).get("mailing_list_name").textValue()).isEqualTo(name);
        assertThat(all.json().get(0).get("mailing_list_category").textValue()).isEqualTo("  spaced  ");

        SoapClient soap = server.client();
        SoapResponse viaSoap = soap.getAll(all.token(), customer);
        assertThat(viaSoap.text("//x:MailingListSetting/x:mailing_list_name")).isEqualTo(name);
    }

    @Test
    void authenticateAnswersATokenThatWorksAsBearerAndIsInTheHeaderToo() {
        JsonResponse response = json.post(JsonBodies.AUTHENTICATE,
                JsonBodies.authenticate(TestServer.USER, TestServer.PASSWORD), null);

        assertOk(response);
        assertThat(response.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        String token = response.json().get("token").textValue();
        assertThat(token).matches(GUID);
        assertThat(response.body()).isEqualTo("{\"token\":\"" + token + "\"}");
        assertThat(response.token()).isEqualTo(token);

        JsonResponse next = json.get(GET_ALL, "customerKey=" + key(), JsonClient.bearer(token));
        assertOk(next);
        assertThat(next.token()).as("a fresh token is handed back unchanged").isEqualTo(token);
    }

    @Test
    void eachAuthenticateIssuesADifferentToken() {
        assertThat(json.authenticate(TestServer.USER, TestServer.PASSWORD))
                .isNotEqualTo(json.authenticate(TestServer.USER, TestServer.PASSWORD));
    }

    @Test
    void aBearerTokenIsAcceptedInUpperCaseAndBracesAndHandedBackInLowerCase() {
        String token = json.authenticate(TestServer.USER, TestServer.PASSWORD);

        JsonResponse response = json.get(GET_ALL, "customerKey=" + key(), "Bearer {" + token.toUpperCase() + "}");

        assertOk(response);
        assertThat(response.token()).isEqualTo(token);
    }

    @Test
    void unwrappedParametersAreAcceptedForEveryMethod() throws Exception {
        String customer = key();
        String list = key();
        int before = server.preferenceRows();

        assertOk(json.post(SET, JsonBodies.setParameters(customer, setting(list, "OptOut")), bearer));
        JsonResponse all = json.post(GET_ALL, "{\"customerKey\": \"" + customer + "\"}", bearer);
        JsonResponse one = json.post(GET_ONE, "{\"customerKey\": \"" + customer + "\", \"preferenceTypeKey\": \"" + list
                + "\"}", bearer);
        JsonResponse authenticated = json.post(JsonBodies.AUTHENTICATE, "{\"userName\": \"" + TestServer.USER
                + "\", \"password\": \"" + TestServer.PASSWORD + "\"}", null);

        assertThat(server.preferenceRows()).isEqualTo(before + 1);
        assertOk(all);
        assertThat(all.body()).isEqualTo("[" + expectedSetting(list, "OptOut") + "]");
        assertOk(one);
        assertThat(one.body()).isEqualTo(expectedSetting(list, "OptOut"));
        assertOk(authenticated);
        assertThat(authenticated.json().get("token").textValue()).matches(GUID);
    }

    @Test
    void aMissingContentTypeIsTakenAsJsonAndJsonMediaTypesAreAccepted() {
        String customer = key();
        assertOk(json.post(SET, JsonBodies.set(customer, setting(key(), "OptIn")), null, bearer));
        for (String contentType : new String[] {"application/json; charset=utf-8", "APPLICATION/JSON", "text/json",
                "application/vnd.xweb+json"}) {
            JsonResponse response = json.post(GET_ALL, JsonBodies.getAll(customer), contentType, bearer);
            assertOk(response);
            assertThat(response.json()).as(contentType).hasSize(1);
        }
    }

    @Test
    void theMethodNameIsMatchedInAnyLetterCaseAsAsmxDoes() {
        String customer = key();
        assertOk(json.post(SET.toLowerCase(), JsonBodies.set(customer, setting(key(), "OptIn")), bearer));

        JsonResponse response = json.get(GET_ALL.toUpperCase(), "customerKey=" + customer, bearer);

        assertOk(response);
        assertThat(response.json()).hasSize(1);
    }

    @Test
    void everyAnswerCarriesACorrelationId() {
        assertThat(json.get(GET_ALL, "customerKey=" + key(), bearer).header("X-Correlation-Id")).matches("[0-9a-f]{16}");
        assertThat(json.get(GET_ALL, "customerKey=" + key(), null).header("X-Correlation-Id")).matches("[0-9a-f]{16}");
    }

    private static void assertOk(JsonResponse response) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    @Test
    void pathsAreMatchedInAnyLetterCaseAsOnIis() throws Exception {
        String base = json.url("").replace("/xWeb/JSON/", "");
        HttpResponse<String> lower = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base
                        + "/xweb/json/getallcustomercommunicationpreferences?customerKey=" + UUID.randomUUID()))
                        .header("Authorization", JsonClient.basic(TestServer.USER, TestServer.PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> elsewhere = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "/xWeb/JSON")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(lower.statusCode()).isEqualTo(200);
        assertThat(lower.body()).isEqualTo("[]");
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(elsewhere.body()).contains("/xWeb/JSON/{Method}");
    }
}
