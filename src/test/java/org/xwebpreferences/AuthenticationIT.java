package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.SoapClient.NS;
import static org.xwebpreferences.support.SoapClient.envelope;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/** Authenticate, and the AuthorizationToken every other call needs. */
class AuthenticationIT {

    private static final String FAILED_LOGIN = "Authentication failed: the user name or password is wrong";
    private static final String REJECTED_TOKEN =
            "AuthorizationToken.Token: the token is unknown or has expired; call Authenticate for a new one";

    private static TestServer server;
    private static SoapClient client;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void authenticateReturnsTheSameNewTokenInTheResultAndTheHeader() {
        SoapResponse response = client.post(envelope(null, Envelopes.authenticate(TestServer.USER, TestServer.PASSWORD)));

        assertThat(response.status()).isEqualTo(200);
        String token = response.text("//x:AuthenticateResult");
        assertThat(token).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(response.token()).isEqualTo(token);
        assertThat(client.getAll(token, UUID.randomUUID().toString()).status()).isEqualTo(200);
    }

    @Test
    void eachAuthenticateIssuesADifferentToken() {
        assertThat(client.authenticate(TestServer.USER, TestServer.PASSWORD))
                .isNotEqualTo(client.authenticate(TestServer.USER, TestServer.PASSWORD));
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameClientFault() {
        SoapResponse wrongPassword = client.post(envelope(null, Envelopes.authenticate(TestServer.USER, "wrong-password")));
        SoapResponse unknownUser = client.post(envelope(null, Envelopes.authenticate("nobody", TestServer.PASSWORD)));

        for (SoapResponse response : new SoapResponse[] {wrongPassword, unknownUser}) {
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.faultCode()).isEqualTo("soap:Client");
            assertThat(response.faultString()).isEqualTo(FAILED_LOGIN);
            assertThat(response.token()).isNull();
        }
    }

    @Test
    void authenticateWithoutAUserNameOrPasswordNamesTheField() {
        SoapResponse noName = client.post(envelope(null, "<Authenticate xmlns=\"" + NS + "\"><password>x</password>"
                + "</Authenticate>"));
        SoapResponse noPassword = client.post(envelope(null, "<Authenticate xmlns=\"" + NS + "\"><userName>"
                + TestServer.USER + "</userName></Authenticate>"));

        assertThat(noName.faultCode()).isEqualTo("soap:Client");
        assertThat(noName.faultString()).isEqualTo("userName: is required");
        assertThat(noPassword.faultString()).isEqualTo("password: is required");
    }

    @Test
    void theSoapPathIsMatchedInAnyLetterCaseAsOnIis() {
        SoapClient lowerCase = new SoapClient(client.address().replace("/xWeb/Secure/netForumXML.asmx",
                "/xweb/secure/netforumxml.asmx"));

        assertThat(lowerCase.authenticate(TestServer.USER, TestServer.PASSWORD)).isNotBlank();
    }

    @Test
    void aPathThatOnlyStartsWithTheSoapPathIsNotFound() {
        for (String path : new String[] {"/xWeb/Secure/netForumXML.asmxFOO", "/xWeb/Secure/netForumXML.asmx/Authenticate",
                "/xweb/secure/netforumxml.asmx/"}) {
            SoapClient elsewhere = new SoapClient(client.address().replace("/xWeb/Secure/netForumXML.asmx", path));

            SoapResponse response = elsewhere.post(envelope(null,
                    Envelopes.authenticate(TestServer.USER, TestServer.PASSWORD)));

            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).contains("the xWeb service is at /xWeb/Secure/netForumXML.asmx");
        }
    }

    @Test
    void missingTokenIsAClientFaultAndStoresNothing() throws Exception {
        int before = server.preferenceRows();
        SoapResponse response = client.post(envelope(null, Envelopes.set(UUID.randomUUID().toString(),
                Envelopes.setting(UUID.randomUUID().toString(), "OptIn"))));

        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString())
                .isEqualTo("AuthorizationToken.Token: a token is required; call Authenticate to get one");
        assertThat(server.preferenceRows()).isEqualTo(before);
    }

    @Test
    void unknownTokenIsAClientFaultAndStoresNothing() throws Exception {
        int before = server.preferenceRows();
        SoapResponse response = client.post(envelope(UUID.randomUUID().toString(), Envelopes.set(
                UUID.randomUUID().toString(), Envelopes.setting(UUID.randomUUID().toString(), "OptIn"))));

        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).isEqualTo(REJECTED_TOKEN);
        assertThat(server.preferenceRows()).isEqualTo(before);
    }

    @Test
    void expiredTokenIsAClientFaultAndStoresNothing() throws Exception {
        String expired = UUID.randomUUID().toString();
        server.grantToken(expired, Instant.now().minus(1, ChronoUnit.SECONDS));
        int before = server.preferenceRows();

        SoapResponse response = client.post(envelope(expired, Envelopes.set(UUID.randomUUID().toString(),
                Envelopes.setting(UUID.randomUUID().toString(), "OptIn"))));

        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).isEqualTo(REJECTED_TOKEN);
        assertThat(server.preferenceRows()).isEqualTo(before);
    }

    @Test
    void tokenIsAcceptedInUpperCaseAndBracesAndHandedBackInLowerCase() {
        String token = client.authenticate(TestServer.USER, TestServer.PASSWORD);

        SoapResponse response = client.getAll("{" + token.toUpperCase() + "}", UUID.randomUUID().toString());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.token()).isEqualTo(token);
    }

    @Test
    void aFreshTokenIsHandedBackUnchanged() {
        String token = client.authenticate(TestServer.USER, TestServer.PASSWORD);

        assertThat(client.getAll(token, UUID.randomUUID().toString()).token()).isEqualTo(token);
    }

    @Test
    void headerInNoNamespaceGetsAFaultNamingTheNamespace() {
        String token = client.authenticate(TestServer.USER, TestServer.PASSWORD);
        String body = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header>"
                + "<AuthorizationToken><Token>" + token + "</Token></AuthorizationToken></soap:Header><soap:Body>"
                + "<GetAllCustomerCommunicationPreferences xmlns=\"" + NS + "\"><customerKey>"
                + UUID.randomUUID() + "</customerKey></GetAllCustomerCommunicationPreferences></soap:Body></soap:Envelope>";

        SoapResponse response = client.post(body);

        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).isEqualTo("AuthorizationToken: the header must be in namespace "
                + NS + ", not no namespace");
    }

    @Test
    void tokenElementInNoNamespaceGetsAFaultNamingTheNamespace() {
        String token = client.authenticate(TestServer.USER, TestServer.PASSWORD);
        String body = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header>"
                + "<ns:AuthorizationToken xmlns:ns=\"" + NS + "\"><Token>" + token + "</Token></ns:AuthorizationToken>"
                + "</soap:Header><soap:Body><ns:GetAllCustomerCommunicationPreferences xmlns:ns=\"" + NS
                + "\"><ns:customerKey>" + UUID.randomUUID() + "</ns:customerKey>"
                + "</ns:GetAllCustomerCommunicationPreferences></soap:Body></soap:Envelope>";

        SoapResponse response = client.post(body);

        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).contains("AuthorizationToken.Token").contains("must be in namespace " + NS);
    }

    /** A token with less than half its lifetime left is replaced; the old one works until it expires. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Rotation {

        @Test
        void aTokenPastHalfItsLifetimeIsReplacedAndBothStillWork() throws Exception {
            try (TestServer shortLived = TestServer.start(Duration.ofSeconds(30), false)) {
                String halfSpent = UUID.randomUUID().toString();
                shortLived.grantToken(halfSpent, Instant.now().plusSeconds(10));
                SoapClient shortClient = shortLived.client();

                SoapResponse response = shortClient.getAll(halfSpent, UUID.randomUUID().toString());

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.token()).isNotNull().isNotEqualTo(halfSpent);
                assertThat(shortClient.getAll(response.token(), UUID.randomUUID().toString()).status()).isEqualTo(200);
                assertThat(shortClient.getAll(halfSpent, UUID.randomUUID().toString()).status()).isEqualTo(200);
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SingleUse {

        private TestServer singleUse;
        private SoapClient singleClient;

        @BeforeAll
        void start() throws Exception {
            singleUse = TestServer.start(Duration.ofMinutes(30), true);
            singleClient = singleUse.client();
        }

        @AfterAll
        void stop() {
            singleUse.close();
        }

        @Test
        void aTokenWorksOnceAndEveryResponseCarriesTheNextOne() {
            String first = singleClient.authenticate(TestServer.USER, TestServer.PASSWORD);

            SoapResponse firstCall = singleClient.getAll(first, UUID.randomUUID().toString());
            assertThat(firstCall.status()).isEqualTo(200);
            String second = firstCall.token();
            assertThat(second).isNotNull().isNotEqualTo(first);

            SoapResponse replay = singleClient.getAll(first, UUID.randomUUID().toString());
            assertThat(replay.faultString()).isEqualTo(REJECTED_TOKEN);

            assertThat(singleClient.getAll(second, UUID.randomUUID().toString()).status()).isEqualTo(200);
        }

        @Test
        void aFaultAfterTheTokenWasAcceptedSpendsItAndCarriesANewOne() {
            String token = singleClient.authenticate(TestServer.USER, TestServer.PASSWORD);

            SoapResponse fault = singleClient.getAll(token, "not-a-guid");

            assertThat(fault.faultString()).startsWith("customerKey: 'not-a-guid' is not a GUID");
            assertThat(fault.token()).isNotNull().isNotEqualTo(token);
            assertThat(singleClient.getAll(token, UUID.randomUUID().toString()).faultString()).isEqualTo(REJECTED_TOKEN);
            assertThat(singleClient.getAll(fault.token(), UUID.randomUUID().toString()).status()).isEqualTo(200);
        }

        @Test
        void anEnvelopeRefusedBeforeTheOperationRanSpendsItsTokenAndCarriesANewOneToo() {
            String token = singleClient.authenticate(TestServer.USER, TestServer.PASSWORD);
            String unknownElement = "<GetAllCustomerCommunicationPreferences xmlns=\"" + SoapClient.NS + "\"><customerKey>"
                    + UUID.randomUUID() + "</customerKey><zz/></GetAllCustomerCommunicationPreferences>";

            SoapResponse fault = singleClient.post(envelope(token, unknownElement));

            assertThat(fault.faultString()).startsWith("zz: unexpected element");
            assertThat(fault.token()).isNotNull().isNotEqualTo(token);
            assertThat(singleClient.getAll(token, UUID.randomUUID().toString()).faultString()).isEqualTo(REJECTED_TOKEN);
            assertThat(singleClient.getAll(fault.token(), UUID.randomUUID().toString()).status()).isEqualTo(200);
        }

        @Test
        void aWrongSoapActionSpendsTheTokenAndCarriesANewOne() {
            String token = singleClient.authenticate(TestServer.USER, TestServer.PASSWORD);
            byte[] getAll = envelope(token, "<GetAllCustomerCommunicationPreferences xmlns=\"" + SoapClient.NS
                    + "\"><customerKey>" + UUID.randomUUID() + "</customerKey></GetAllCustomerCommunicationPreferences>")
                    .getBytes(StandardCharsets.UTF_8);

            SoapResponse fault = singleClient.post(getAll, SoapClient.SOAP11, "\"" + SoapClient.NS + "Authenticate\"");

            assertThat(fault.faultString()).startsWith("SOAPAction 'http://www.avectra.com/2005/Authenticate' does not");
            assertThat(fault.token()).isNotNull().isNotEqualTo(token);
        }

        @Test
        void badInputWithABadTokenIsToldAboutItsInputAndGetsNoToken() {
            SoapResponse fault = singleClient.getAll(UUID.randomUUID().toString(), "not-a-guid");

            assertThat(fault.faultString()).startsWith("customerKey: 'not-a-guid' is not a GUID");
            assertThat(fault.token()).isNull();
        }

        @Test
        void aRefusedEnvelopeWithABadTokenGetsItsRefusalAndNoToken() {
            SoapResponse fault = singleClient.post(envelope(UUID.randomUUID().toString(),
                    "<GetAllCustomerCommunicationPreferences xmlns=\"" + SoapClient.NS + "\"><zz/>"
                            + "</GetAllCustomerCommunicationPreferences>"));

            assertThat(fault.faultString()).startsWith("zz: unexpected element");
            assertThat(fault.token()).isNull();
        }
    }
}
