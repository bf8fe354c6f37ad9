package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.Compression.deflate;
import static org.xwebpreferences.support.Compression.gzip;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.JsonBodies;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.JsonResponse;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/** Request bodies with a Content-Encoding: gzip and deflate are decompressed within the body limit; others are refused by name. */
class ContentEncodingIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestServer server;
    private static SoapClient soap;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        soap = server.client();
        token = soap.authenticate(TestServer.USER, TestServer.PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aGzipSoapBodyIsDecompressedAndStored() throws Exception {
        String customer = UUID.randomUUID().toString();
        String list = UUID.randomUUID().toString();
        byte[] set = SoapClient.envelope(token, Envelopes.set(customer, Envelopes.setting(list, "OptOut")))
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post(soap.address(), SoapClient.SOAP11, "gzip", gzip(set));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(soap.getAll(token, customer).texts("//x:MailingListSetting/x:mailing_list_key")).containsExactly(list);
    }

    @Test
    void aGzipJsonBodyIsDecompressedAndStored() throws Exception {
        String customer = UUID.randomUUID().toString();
        byte[] set = JsonBodies.set(customer, JsonBodies.setting(UUID.randomUUID().toString(), "OptIn"))
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post(json() + JsonBodies.SET, JsonClient.JSON, "gzip", gzip(set),
                "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(soap.getAll(token, customer).texts("//x:MailingListSetting")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDeflateBodyIsDecompressedWithOrWithoutItsZlibHeader(boolean raw) throws Exception {
        // HTTP's deflate is zlib (SoapUI's "deflate" compression); some clients send the raw stream.
        String customer = UUID.randomUUID().toString();
        byte[] set = SoapClient.envelope(token, Envelopes.set(customer, Envelopes.setting(UUID.randomUUID().toString(),
                "OptIn"))).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post(soap.address(), SoapClient.SOAP11, "deflate", deflate(set, raw));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(soap.getAll(token, customer).texts("//x:MailingListSetting")).hasSize(1);
    }

    @Test
    void anotherCodingIs415NamingContentEncodingAndStoresNothing() throws Exception {
        String customer = UUID.randomUUID().toString();
        byte[] set = SoapClient.envelope(token, Envelopes.set(customer, Envelopes.setting(UUID.randomUUID().toString(),
                "OptOut"))).getBytes(StandardCharsets.UTF_8);

        SoapResponse fault = soapResponse(post(soap.address(), SoapClient.SOAP11, "br", set));
        HttpResponse<String> errorResponse = post(json() + JsonBodies.SET, JsonClient.JSON, "br",
                JsonBodies.set(customer, JsonBodies.setting(UUID.randomUUID().toString(), "OptIn"))
                        .getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + token);
        JsonResponse error = new JsonResponse(errorResponse.statusCode(), errorResponse.headers(), errorResponse.body());

        assertThat(fault.status()).as("SOAP 1.1 sends every fault with 500").isEqualTo(500);
        assertThat(fault.faultString()).isEqualTo("Content-Encoding 'br' is not supported: send the body as it is, or"
                + " compressed with gzip or deflate");
        assertThat(fault.text("//x:FaultDetail/x:Field")).isEqualTo("Content-Encoding");
        assertThat(error.status()).isEqualTo(415);
        assertThat(error.json().get("field").textValue()).isEqualTo("Content-Encoding");
        assertThat(error.json().get("error").textValue()).startsWith("Content-Encoding 'br' is not supported");
        assertThat(soap.getAll(token, customer).texts("//x:MailingListSetting")).isEmpty();
    }

    @Test
    void aGzipBodyThatDecompressesBeyondTheLimitIs413() throws Exception {
        byte[] spaces = new byte[8 * 1024 * 1024]; // 8 MiB of spaces: about 8 KiB compressed
        java.util.Arrays.fill(spaces, (byte) ' ');
        byte[] bomb = gzip(spaces);
        assertThat(bomb.length).isLessThan(1024 * 1024);

        SoapResponse fault = soapResponse(post(soap.address(), SoapClient.SOAP11, "gzip", bomb));

        assertThat(fault.status()).isEqualTo(413);
        assertThat(fault.faultString()).isEqualTo("The request body is larger than the limit of 1048576 bytes");
    }

    @Test
    void aBodyThatIsNotGzipAsItSaysIsAClientFaultNamingContentEncoding() throws Exception {
        SoapResponse fault = soapResponse(post(soap.address(), SoapClient.SOAP11, "gzip",
                SoapClient.envelope(token, Envelopes.set(UUID.randomUUID().toString())).getBytes(StandardCharsets.UTF_8)));

        assertThat(fault.status()).isEqualTo(500);
        assertThat(fault.faultCode()).isEqualTo("soap:Client");
        assertThat(fault.faultString()).isEqualTo("The request body is not valid gzip (Content-Encoding: gzip): it does"
                + " not start with a gzip header");
        assertThat(fault.body()).doesNotContain("Exception");
    }

    /**
     * Members one after another are valid gzip (cat a.gz b.gz): the rest were called invalid (audit). A run of
     * empty ones is read in a loop: the JDK's GZIPInputStream recursed once per member, and 11,000 (220 KB)
     * overflowed the worker's stack.
     */
    @Test
    void gzipMembersOneAfterAnotherAreOneBodyEvenAfterARunOfEmptyOnes() throws Exception {
        String customer = UUID.randomUUID().toString();
        String list = UUID.randomUUID().toString();
        String envelope = SoapClient.envelope(token, Envelopes.set(customer, Envelopes.setting(list, "OptOut")));
        int half = envelope.length() / 2;
        ByteArrayOutputStream members = new ByteArrayOutputStream();
        byte[] empty = gzip(new byte[0]);
        for (int i = 0; i < 11_000; i++) {
            members.write(empty);
        }
        members.write(gzip(envelope.substring(0, half).getBytes(StandardCharsets.UTF_8)));
        members.write(gzip(envelope.substring(half).getBytes(StandardCharsets.UTF_8)));
        byte[] login = JsonBodies.authenticate(TestServer.USER, TestServer.PASSWORD).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> set = post(soap.address(), SoapClient.SOAP11, "gzip", members.toByteArray());
        HttpResponse<String> json = post(json() + "Authenticate", JsonClient.JSON, "gzip", concat(empty, gzip(login)));

        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(soap.getAll(token, customer).texts("//x:MailingListSetting/x:mailing_list_key")).containsExactly(list);
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void twoContentEncodingHeadersAreOneListAndRefused() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(soap.address()))
                .header("Content-Type", SoapClient.SOAP11).header("Content-Encoding", "identity")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(
                        SoapClient.envelope(token, Envelopes.set(UUID.randomUUID().toString()))
                                .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(soapResponse(response).faultString()).startsWith("Content-Encoding 'identity, gzip' is not supported");
    }

    @Test
    void identityIsTheBodyAsItIs() throws Exception {
        String customer = UUID.randomUUID().toString();
        byte[] set = SoapClient.envelope(token, Envelopes.set(customer, Envelopes.setting(UUID.randomUUID().toString(),
                "OptIn"))).getBytes(StandardCharsets.UTF_8);

        assertThat(post(soap.address(), SoapClient.SOAP11, "identity", set).statusCode()).isEqualTo(200);
    }

    private static SoapResponse soapResponse(HttpResponse<String> response) {
        return new SoapResponse(response.statusCode(), response.headers(), response.body());
    }

    private static String json() {
        return server.baseAddress() + JsonClient.PATH;
    }

    private static HttpResponse<String> post(String url, String contentType, String coding, byte[] body,
                                             String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .header("Content-Encoding", coding).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
