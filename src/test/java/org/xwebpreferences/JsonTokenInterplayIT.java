package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.JsonBodies.GET_ALL;
import static org.xwebpreferences.support.JsonBodies.SET;
import static org.xwebpreferences.support.JsonBodies.expectedSetting;
import static org.xwebpreferences.support.SoapClient.envelope;

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
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/**
 * One token for both protocols: a token from SOAP works as a JSON Bearer token
 * and back, and a client sending Basic on every call pays the password hash
 * once, not per call.
 */
class JsonTokenInterplayIT {

    private static final String CHALLENGE = "Basic realm=\"xWeb\", charset=\"UTF-8\", Bearer";
    private static final String FAILED_LOGIN =
            "{\"error\":\"Authentication failed: the user name or password is wrong\",\"field\":null}";

    private static TestServer server;
    private static JsonClient json;
    private static SoapClient soap;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        json = JsonClient.of(server);
        soap = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTokenFromSoapAuthenticateWorksAsBearerOnJson() {
        String token = soap.authenticate(TestServer.USER, TestServer.PASSWORD);
        String customer = key();
        String list = key();

        JsonResponse set = json.post(SET, JsonBodies.set(customer, JsonBodies.setting(list, "OptIn")),
                JsonClient.bearer(token));
        JsonResponse all = json.get(GET_ALL, "customerKey=" + customer, JsonClient.bearer(token));

        assertThat(set.status()).as("%s", set).isEqualTo(200);
        assertThat(set.token()).isEqualTo(token);
        assertThat(all.status()).as("%s", all).isEqualTo(200);
        assertThat(all.body()).isEqualTo("[" + expectedSetting(list, "OptIn") + "]");
        assertThat(all.token()).isEqualTo(token);
    }

    @Test
    void aTokenFromJsonAuthenticateWorksInTheSoapHeader() {
        String token = json.authenticate(TestServer.USER, TestServer.PASSWORD);
        String customer = key();
        String list = key();

        SoapResponse set = soap.post(envelope(token, Envelopes.set(customer, Envelopes.setting(list, "OptOut"))));
        SoapResponse all = soap.getAll(token, customer);

        assertThat(set.status()).as("%s", set).isEqualTo(200);
        assertThat(set.token()).isEqualTo(token);
        assertThat(all.status()).as("%s", all).isEqualTo(200);
        assertThat(all.texts("//x:MailingListSetting/x:mailing_list_key")).containsExactly(list);
        assertThat(all.token()).isEqualTo(token);
    }

    @Test
    void theTokenOfABasicCallWorksInTheSoapHeader() {
        String customer = key();
        String list = key();
        JsonResponse set = json.post(SET, JsonBodies.set(customer, JsonBodies.setting(list, "Undefined")),
                JsonClient.basic());
        assertThat(set.status()).as("%s", set).isEqualTo(200);

        SoapResponse all = soap.getAll(set.token(), customer.toUpperCase());

        assertThat(all.status()).as("%s", all).isEqualTo(200);
        assertThat(all.texts("//x:MailingListSetting/x:status")).containsExactly("Undefined");
        assertThat(all.token()).isEqualTo(set.token());
    }

    @Test
    void aClientAlternatingProtocolsGoesOnWithTheTokenOfEachAnswer() {
        String customer = key();
        String token = soap.authenticate(TestServer.USER, TestServer.PASSWORD);
        for (int call = 0; call < 6; call++) {
            String list = key();
            if (call % 2 == 0) {
                JsonResponse response = json.post(SET, JsonBodies.set(customer, JsonBodies.setting(list, "OptIn")),
                        JsonClient.bearer(token));
                assertThat(response.status()).as("call %d: %s", call, response).isEqualTo(200);
                token = response.token();
            } else {
                SoapResponse response = soap.post(envelope(token, Envelopes.set(customer,
                        Envelopes.setting(list, "OptIn"))));
                assertThat(response.status()).as("call %d: %s", call, response).isEqualTo(200);
                token = response.token();
            }
            assertThat(token).isNotNull();
        }
        assertThat(json.get(GET_ALL, "customerKey=" + customer, JsonClient.bearer(token)).json()).hasSize(6);
    }

    @Test
    void aBasicClientGetsTheSameTokenBackOnTwentyCallsInARow() {
        List<String> tokens = new ArrayList<>();
        for (int call = 0; call < 20; call++) {
            JsonResponse response = json.get(GET_ALL, "customerKey=" + key(), JsonClient.basic());
            assertThat(response.status()).as("call %d: %s", call, response).isEqualTo(200);
            tokens.add(response.token());
        }

        assertThat(tokens).doesNotContainNull();
        assertThat(tokens).as("one token, not one per call").containsOnly(tokens.get(0));
        assertThat(soap.getAll(tokens.get(0), key()).status()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordRightAfterAGoodOneIsStillRefused() throws Exception {
        int rows = server.preferenceRows();
        JsonResponse good = json.get(GET_ALL, "customerKey=" + key(), JsonClient.basic());
        assertThat(good.status()).as("%s", good).isEqualTo(200);

        JsonResponse wrong = json.post(SET, JsonBodies.set(key(), JsonBodies.setting(key(), "OptIn")),
                JsonClient.basic(TestServer.USER, TestServer.PASSWORD + "x"));
        JsonResponse prefix = json.get(GET_ALL, "customerKey=" + key(),
                JsonClient.basic(TestServer.USER, TestServer.PASSWORD.substring(0, TestServer.PASSWORD.length() - 1)));
        JsonResponse otherUser = json.get(GET_ALL, "customerKey=" + key(),
                JsonClient.basic(TestServer.USER.toUpperCase(), TestServer.PASSWORD));

        for (JsonResponse refused : List.of(wrong, prefix, otherUser)) {
            assertThat(refused.status()).as("%s", refused).isEqualTo(401);
            assertThat(refused.headers().allValues("WWW-Authenticate")).containsExactly(CHALLENGE);
            assertThat(refused.body()).isEqualTo(FAILED_LOGIN);
        }
        assertThat(server.preferenceRows()).isEqualTo(rows);

        JsonResponse goodAgain = json.get(GET_ALL, "customerKey=" + key(), JsonClient.basic());
        assertThat(goodAgain.status()).isEqualTo(200);
        assertThat(goodAgain.token()).isEqualTo(good.token());
    }

    @Test
    void aTokenIsRefusedOnBothProtocolsOnceItIsUnknown() {
        String unknown = key();

        JsonResponse viaJson = json.get(GET_ALL, "customerKey=" + key(), JsonClient.bearer(unknown));
        SoapResponse viaSoap = soap.getAll(unknown, key());

        assertThat(viaJson.status()).isEqualTo(401);
        assertThat(viaSoap.faultCode()).isEqualTo("soap:Client");
    }

    @Test
    void basicCostsAboutWhatBearerCostsWithAProductionStrengthPasswordHash() throws Exception {
        try (TestServer slow = TestServer.start(Duration.ofMinutes(30), false, 600_000)) {
            JsonClient client = JsonClient.of(slow);
            long hash = Long.MAX_VALUE;
            for (int i = 0; i < 2; i++) { // Authenticate verifies the password every time: the cost of one hash
                long started = System.nanoTime();
                String token = client.authenticate(TestServer.USER, TestServer.PASSWORD);
                hash = Math.min(hash, System.nanoTime() - started);
                assertThat(token).isNotNull();
            }
            String bearer = JsonClient.bearer(client.authenticate(TestServer.USER, TestServer.PASSWORD));
            assertThat(client.get(GET_ALL, "customerKey=" + key(), JsonClient.basic()).status()).isEqualTo(200);

            long basicCalls = timeTwentyCalls(client, JsonClient.basic());
            long bearerCalls = timeTwentyCalls(client, bearer);

            assertThat(basicCalls)
                    .as("20 Basic calls took %d ms, 20 Bearer calls %d ms, one password hash %d ms",
                            basicCalls / 1_000_000, bearerCalls / 1_000_000, hash / 1_000_000)
                    .isLessThan(Math.max(2 * hash, 3 * bearerCalls));
        }
    }

    @Test
    void withSingleUseTokensEveryAnswerCarriesANewTokenThatWorksOnTheOtherProtocolOnce() throws Exception {
        try (TestServer singleUse = TestServer.start(Duration.ofMinutes(30), true)) {
            JsonClient client = JsonClient.of(singleUse);
            SoapClient soapClient = singleUse.client();
            String fromJson = client.authenticate(TestServer.USER, TestServer.PASSWORD);

            SoapResponse first = soapClient.getAll(fromJson, key());
            assertThat(first.status()).as("%s", first).isEqualTo(200);
            assertThat(first.token()).isNotEqualTo(fromJson);
            assertThat(client.get(GET_ALL, "customerKey=" + key(), JsonClient.bearer(fromJson)).status())
                    .as("spent on SOAP, refused on JSON").isEqualTo(401);

            JsonResponse second = client.get(GET_ALL, "customerKey=" + key(), JsonClient.bearer(first.token()));
            assertThat(second.status()).as("%s", second).isEqualTo(200);
            assertThat(second.token()).isNotEqualTo(first.token());
            assertThat(soapClient.getAll(first.token(), key()).faultCode()).as("spent on JSON, refused on SOAP")
                    .isEqualTo("soap:Client");

            JsonResponse basicOne = client.get(GET_ALL, "customerKey=" + key(), JsonClient.basic());
            JsonResponse basicTwo = client.get(GET_ALL, "customerKey=" + key(), JsonClient.basic());
            assertThat(basicOne.token()).as("Basic gets a new single-use token per call").isNotEqualTo(basicTwo.token());
            assertThat(soapClient.getAll(basicOne.token(), key()).status()).isEqualTo(200);
            assertThat(soapClient.getAll(basicOne.token(), key()).faultCode()).isEqualTo("soap:Client");
        }
    }

    @Test
    void aTokenPastHalfItsLifetimeIsReplacedAndTheNewOneWorksOnSoap() throws Exception {
        try (TestServer shortLived = TestServer.start(Duration.ofSeconds(6), false)) {
            JsonClient client = JsonClient.of(shortLived);
            String token = client.authenticate(TestServer.USER, TestServer.PASSWORD);
            JsonResponse basicBefore = client.get(GET_ALL, "customerKey=" + key(), JsonClient.basic());
            Thread.sleep(3_300);

            JsonResponse bearer = client.get(GET_ALL, "customerKey=" + key(), JsonClient.bearer(token));
            JsonResponse basicAfter = client.get(GET_ALL, "customerKey=" + key(), JsonClient.basic());

            assertThat(bearer.status()).as("%s", bearer).isEqualTo(200);
            assertThat(bearer.token()).isNotNull().isNotEqualTo(token);
            assertThat(basicAfter.token()).as("the Basic cache hands out a new token too").isNotNull()
                    .isNotEqualTo(basicBefore.token());
            SoapResponse viaSoap = shortLived.client().getAll(bearer.token(), key());
            assertThat(viaSoap.status()).as("%s", viaSoap).isEqualTo(200);
            assertThat(viaSoap.token()).isEqualTo(bearer.token());
        }
    }

    private static long timeTwentyCalls(JsonClient client, String authorization) {
        long started = System.nanoTime();
        for (int call = 0; call < 20; call++) {
            JsonResponse response = client.get(GET_ALL, "customerKey=" + key(), authorization);
            assertThat(response.status()).as("%s", response).isEqualTo(200);
        }
        return System.nanoTime() - started;
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
