package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.JsonBodies;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.JsonResponse;
import org.xwebpreferences.support.RawHttp;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.TestServer;

/**
 * A body that cannot be read to its end (shorter than its Content-Length, or
 * broken chunked encoding) gets a 400 that says so, on a closing connection,
 * to a client still listening; it changes nothing and counts as the client's
 * fault. The JDK's server would have the gates close the connection without
 * a word, and the metrics would have counted a server fault.
 */
class UnreadableBodyIT {

    private static final String CUSTOMER = "c0ffee00-1111-4222-8333-444455556666";
    private static final String LIST = "11111111-2222-4333-8444-555555555555";

    private static TestServer server;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        token = server.client().authenticate(TestServer.USER, TestServer.PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] soapSet() {
        return SoapClient.envelope(token, Envelopes.set(CUSTOMER, Envelopes.setting(LIST, "OptOut")))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] jsonSet() {
        return JsonBodies.set(CUSTOMER, JsonBodies.setting(LIST, "OptOut")).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonResponse send(String path, String headers, byte[] body) {
        String url = server.baseAddress() + path;
        return RawHttp.sendAndHalfClose(url, "POST " + path + " HTTP/1.1\r\nHost: "
                + URI.create(url).getRawAuthority() + "\r\n" + headers + "\r\n", body);
    }

    /** The body as one chunk whose size line is not hexadecimal. */
    private static byte[] brokenChunks(byte[] body) {
        return ("zz\r\n" + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSoapBodyShorterThanItsContentLengthIsAClientFault() throws Exception {
        byte[] body = soapSet();
        JsonResponse response = send("/xWeb/Secure/netForumXML.asmx", "Content-Type: text/xml; charset=utf-8\r\nContent-Length: "
                + (body.length + 100) + "\r\n", body);

        assertThat(response.status()).as("SOAP 1.1 sends every fault with 500").isEqualTo(500);
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(response.body()).contains("<faultcode>soap:Client</faultcode>")
                .contains("The request body ended before the " + (body.length + 100)
                        + " bytes its Content-Length announced");
        assertThat(server.preferenceRows()).isZero();
    }

    @Test
    void aSoapBodyInBrokenChunkedEncodingIsAClientFault() throws Exception {
        JsonResponse response = send("/xWeb/Secure/netForumXML.asmx",
                "Content-Type: text/xml; charset=utf-8\r\nTransfer-Encoding: chunked\r\n", brokenChunks(soapSet()));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).contains("<faultcode>soap:Client</faultcode>")
                .contains("not valid chunked transfer encoding");
        assertThat(server.preferenceRows()).isZero();
    }

    @Test
    void aJsonBodyInBrokenChunkedEncodingIsA400NamingTheBody() throws Exception {
        JsonResponse response = send("/xWeb/JSON/SetCustomerCommunicationPreferences", "Content-Type: "
                + JsonClient.JSON + "\r\nAuthorization: Bearer " + token + "\r\nTransfer-Encoding: chunked\r\n",
                brokenChunks(jsonSet()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").textValue()).isEqualTo("body");
        assertThat(response.json().get("error").textValue()).contains("not valid chunked transfer encoding");
        assertThat(server.preferenceRows()).isZero();
    }

    @Test
    void aShortBodyWithoutCredentialsStillGetsIts401() throws Exception {
        byte[] body = jsonSet();
        JsonResponse response = send("/xWeb/JSON/SetCustomerCommunicationPreferences", "Content-Type: "
                + JsonClient.JSON + "\r\nContent-Length: " + (body.length + 100) + "\r\n", body);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(server.preferenceRows()).isZero();
    }

    @Test
    void theServerServesNormallyAfterwards() {
        assertThat(server.client().getAll(token, CUSTOMER).status()).isEqualTo(200);
    }
}
