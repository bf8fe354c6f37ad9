package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.SoapClient.NS;
import static org.xwebpreferences.support.SoapClient.envelope;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.JsonResponse;
import org.xwebpreferences.support.ServerProcess;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;

/**
 * --wire-dump logs bodies to debug a client, and must not log its secrets
 * however the client writes them: the real server, its real log.
 */
class WireDumpIT {

    private static final String PASSWORD = ServerProcess.PASSWORD;

    @TempDir
    Path dataDir;

    @Test
    void noPasswordOrTokenReachesTheLogHoweverTheClientWritesIt() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir, "--wire-dump")) {
            SoapClient soap = new SoapClient(server.address());
            JsonClient json = new JsonClient(server.address().replaceFirst("/xWeb/.*", ""));
            List<String> tokens = new ArrayList<>();

            tokens.add(soapAuthenticate(soap, "<password><![CDATA[" + PASSWORD + "]]></password>",
                    StandardCharsets.UTF_8, SoapClient.SOAP11));
            tokens.add(soapAuthenticate(soap, "<password>integration<!---->-password</password>",
                    StandardCharsets.UTF_8, SoapClient.SOAP11));
            tokens.add(soapAuthenticate(soap, "<password>" + PASSWORD + "</password>",
                    StandardCharsets.UTF_16LE, "text/xml; charset=utf-16le"));
            tokens.add(jsonAuthenticate(json, "{\"Authenticate\":{\"userName\":\"integration\",\"pass\\u0077ord\":\""
                    + PASSWORD + "\"}}"));
            // A prefixed token that a 4 KiB cut used to leave open.
            String head = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:ns=\"" + NS
                    + "\"><soap:Header><ns:AuthorizationToken><ns:Token>";
            String tail = "</ns:Token></ns:AuthorizationToken></soap:Header><soap:Body>"
                    + "<ns:GetAllCustomerCommunicationPreferences><ns:customerKey>" + UUID.randomUUID()
                    + "</ns:customerKey></ns:GetAllCustomerCommunicationPreferences></soap:Body></soap:Envelope>";
            String padding = "<!--" + "p".repeat(4096 - head.length() - tokens.get(0).length() - 7) + "-->";
            SoapResponse getAll = soap.post(head.replace("<soap:Header>", "<soap:Header>" + padding)
                    + tokens.get(0) + tail);
            assertThat(getAll.status()).as(getAll.toString()).isEqualTo(200);

            JsonResponse longPassword = json.post("Authenticate", "{\"Authenticate\":{\"userName\":\"integration\","
                    + "\"password\":\"" + "a\\\"".repeat(2_000) + "\"}}", null);
            assertThat(longPassword.status()).as("a long wrong password is wrong, not a server error").isEqualTo(401);
            json.post("Authenticate", "{\"Authenticate\":\n\"2026-01-01T00:00:00Z INFO forged\"}", null);
            // Malformed around a password: the fault's words must not carry a piece of it into the response's dump.
            json.post("Authenticate", "{\"Authenticate\":{\"userName\":\"integration\",\"password\":Hunter2Secret}}",
                    null);
            soap.post(envelope(null, "<Authenticate xmlns=\"" + NS + "\"><userName>integration</userName>"
                    + "<password>Tr0ub4dor&amp3xyz</password></Authenticate>"));
            soap.post(envelope(null, "<Authenticate xmlns=\"" + NS + "\"><userName>integration</userName>"
                    + "<password>P@ss<zqwword>2024</zqwword></password></Authenticate>"));

            String log = server.log();
            assertThat(log).contains("request POST /xWeb/Secure/netForumXML.asmx: ", "<password>****</password>",
                    "\"password\":\"****\"", "<ns:Token>****</ns:Token>", "<AuthenticateResult>****</AuthenticateResult>");
            assertThat(log).doesNotContain(PASSWORD).doesNotContain("integration<!---->-password")
                    .doesNotContain("Hunter2Secret").doesNotContain("amp3xyz").doesNotContain("zqwword")
                    .doesNotContain("StackOverflowError");
            for (String token : tokens) {
                assertThat(log).doesNotContain(token);
            }
            assertThat(log.lines()).noneMatch(line -> line.startsWith("2026-01-01T00:00:00Z INFO forged"));
        }
    }

    private static String soapAuthenticate(SoapClient soap, String password, java.nio.charset.Charset charset,
                                           String contentType) {
        String body = envelope(null, "<Authenticate xmlns=\"" + NS + "\"><userName>integration</userName>" + password
                + "</Authenticate>");
        SoapResponse response = soap.post(body.getBytes(charset), contentType, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.text("//x:AuthenticateResult");
    }

    private static String jsonAuthenticate(JsonClient json, String body) {
        JsonResponse response = json.post("Authenticate", body, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("token").asText();
    }
}
