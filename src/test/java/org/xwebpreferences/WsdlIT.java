package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/** The served WSDL is the hand-written one, with the serving host's address. */
class WsdlIT {

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"?wsdl", "?WSDL", "?singleWsdl", "?wsdl&nocache=1"})
    void theWsdlIsWellFormedInTheXwebNamespaceAndPointsAtThisServer(String query) throws Exception {
        SoapResponse response = server.client().get(query);

        assertThat(response.status()).isEqualTo(200);
        Document wsdl = response.document();
        assertThat(wsdl.getDocumentElement().getAttribute("targetNamespace")).isEqualTo("http://www.avectra.com/2005/");
        assertThat(response.texts("//*[local-name()='address']/@location"))
                .hasSize(2).containsOnly(server.address());
    }

    @Test
    void headOnTheWsdlGivesItsHeadersWithoutTheDocument() throws Exception {
        SoapResponse get = server.client().get("?wsdl");
        java.net.http.HttpResponse<String> head = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create(server.address() + "?wsdl"))
                        .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type")).hasValue("text/xml; charset=utf-8");
        assertThat(head.headers().firstValue("Content-Length"))
                .hasValue(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"?wsdl=wsdl0", "?xsd=xsd0", "?help"})
    void otherMetadataIsNotFoundRatherThanAWrongMethod(String query) {
        SoapResponse response = server.client().get(query);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).contains("this service's WSDL is one document, with its schema inline, at ?wsdl");
    }

    @Test
    void theAddressItselfIsAPageThatLeadsToTheDiscoDocumentAndItToTheWsdl() throws Exception {
        // .NET's discovery (Add Web Reference; the wsdl tool given the bare address) follows this chain.
        SoapResponse page = server.client().get("");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<link rel=\"alternate\" type=\"text/xml\" href=\"" + server.address() + "?disco\"/>")
                .contains("<li>SetCustomerCommunicationPreferences</li>", "<li>GetCustomerCommunicationPreferenceHistory</li>")
                .contains("href=\"" + server.address() + "?wsdl\"");

        SoapResponse disco = server.client().get("?DISCO");
        assertThat(disco.status()).isEqualTo(200);
        assertThat(disco.headers().firstValue("Content-Type")).hasValue("text/xml; charset=utf-8");
        assertThat(disco.headers().firstValue("Vary")).as("what the address in it depends on")
                .hasValue("Host, Forwarded, X-Forwarded-Host, X-Forwarded-Proto, X-Forwarded-Port");
        assertThat(disco.texts("//*[local-name()='contractRef']/@ref")).containsExactly(server.address() + "?wsdl");
        assertThat(disco.texts("//*[local-name()='soap']/@address")).containsExactly(server.address(), server.address());
        assertThat(disco.texts("//*[local-name()='soap']/@binding"))
                .containsExactly("q1:netForumXMLSoap", "q2:netForumXMLSoap12");
        assertThat(rawGetOf("?disco", "xweb.example.org:8443"))
                .contains("ref=\"http://xweb.example.org:8443/xWeb/Secure/netForumXML.asmx?wsdl\"");
    }

    @Test
    void theWsdlIsTheHandWrittenFileWithOnlyTheAddressChanged() throws Exception {
        String served = server.client().get("?wsdl").body();
        String written = Files.readString(Path.of("wsdl", "xweb.wsdl"));

        assertThat(served).isEqualTo(written.replace("http://localhost:8080/xWeb/Secure/netForumXML.asmx", server.address()));
    }

    @Test
    void theAddressFollowsTheHostTheClientUsed() throws Exception {
        String wsdl = rawGet("xweb.example.org:8443");

        assertThat(wsdl).contains("location=\"http://xweb.example.org:8443/xWeb/Secure/netForumXML.asmx\"");
    }

    @Test
    void dockerStyleAndFullyQualifiedHostNamesAreKept() throws Exception {
        assertThat(rawGet("xweb_prefs:8080")).contains("location=\"http://xweb_prefs:8080/xWeb/Secure/netForumXML.asmx\"");
        assertThat(rawGet("xweb.example.org.")).contains("location=\"http://xweb.example.org./xWeb/Secure/netForumXML.asmx\"");
    }

    @Test
    void aPortTheProxyForwardsApartIsUsedUnlessItIsTheSchemesOwn() throws Exception {
        assertThat(rawGet("10.0.0.5:8080", "X-Forwarded-Proto: https", "X-Forwarded-Host: xweb.example.org",
                "X-Forwarded-Port: 8443")).contains("location=\"https://xweb.example.org:8443/xWeb/Secure/netForumXML.asmx\"");
        assertThat(rawGet("xweb.example.org", "X-Forwarded-Proto: https", "X-Forwarded-Port: 443"))
                .contains("location=\"https://xweb.example.org/xWeb/Secure/netForumXML.asmx\"");
        assertThat(rawGet("xweb.example.org:9000", "X-Forwarded-Port: 8443"))
                .as("the port the client connected to wins").contains("location=\"http://xweb.example.org:8443/xWeb/");
        assertThat(rawGet("api.example.org:8080", "X-Forwarded-Proto: https", "X-Forwarded-Port: 443"))
                .contains("location=\"https://api.example.org/xWeb/Secure/netForumXML.asmx\"");
        assertThat(rawGet("[2001:db8::1]:8080", "X-Forwarded-Port: 8081"))
                .contains("location=\"http://[2001:db8::1]:8081/xWeb/");
        assertThat(rawGet("xweb.example.org:9000"))
                .as("no forwarded port: the host's own").contains("location=\"http://xweb.example.org:9000/xWeb/");
        assertThat(rawGet("[2001:db8::1]", "X-Forwarded-Port: 8443"))
                .contains("location=\"http://[2001:db8::1]:8443/xWeb/");
        assertThat(rawGet("10.0.0.5:8080", "X-Forwarded-Proto: https", "X-Forwarded-Host: api.example.org:30443",
                "X-Forwarded-Port: 443")).as("a port the proxy forwards with the host is the client's: kept")
                .contains("location=\"https://api.example.org:30443/xWeb/");
        assertThat(rawGet("10.0.0.5:8080", "Forwarded: proto=https;host=\"api.example.org:8443\"",
                "X-Forwarded-Port: 443")).contains("location=\"https://api.example.org:8443/xWeb/");
        assertThat(rawGet("xweb.example.org", "X-Forwarded-Port: 0x1F"))
                .as("no port").contains("location=\"http://xweb.example.org/xWeb/");
    }

    @Test
    void aRequestInAbsoluteFormIsAnsweredWithItsTargetsHost() throws Exception {
        String path = URI.create(server.address()).getPath();
        assertThat(rawGetAt("http://public.example.org" + path + "?wsdl", "internal:8080"))
                .contains("location=\"http://public.example.org/xWeb/Secure/netForumXML.asmx\"");
    }

    @Test
    void aHostHeaderThatIsNoHostNameIsNotCopiedIntoTheWsdl() throws Exception {
        String wsdl = rawGet("evil.example\"/><x y=\"");

        assertThat(wsdl).doesNotContain("evil").contains("location=\"" + server.address() + "\"");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.newDocumentBuilder().parse(new ByteArrayInputStream(wsdl.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void behindAProxyThatEndsTlsTheAddressHasTheSchemeAndHostTheProxyForwards() throws Exception {
        assertThat(rawGet("10.0.0.5:8080", "X-Forwarded-Proto: https", "X-Forwarded-Host: xweb.example.org"))
                .contains("location=\"https://xweb.example.org/xWeb/Secure/netForumXML.asmx\"");
        assertThat(rawGet("10.0.0.5:8080", "Forwarded: for=192.0.2.60;proto=https;host=\"xweb.example.org\", for=10.0.0.1"))
                .contains("location=\"https://xweb.example.org/xWeb/Secure/netForumXML.asmx\"");
        assertThat(rawGet("xweb.example.org", "X-Forwarded-Proto: https, http"))
                .as("the first of a chain").contains("location=\"https://xweb.example.org/xWeb/Secure/netForumXML.asmx\"");
    }

    @Test
    void aForwardedHostOrSchemeThatIsNoneIsNotCopiedIntoTheWsdl() throws Exception {
        String wsdl = rawGet("xweb.example.org", "X-Forwarded-Host: evil\"/><x y=\"", "X-Forwarded-Proto: javascript");

        assertThat(wsdl).doesNotContain("evil").doesNotContain("javascript")
                .contains("location=\"" + server.address() + "\"");
    }

    @Test
    void aHostWithAPortOutOfRangeOrEmptyLabelsIsNotCopiedIntoTheWsdl() throws Exception {
        for (String host : new String[] {"xweb.example.org:99999", "xweb.example.org:0", "xweb.example.org:0080",
            "a..b", ".", "-", "-xweb.example.org", "xweb.example.org:"}) {
            assertThat(rawGet(host)).as(host).contains("location=\"" + server.address() + "\"");
        }
        assertThat(rawGet("xweb.example.org:65535")).contains("location=\"http://xweb.example.org:65535/");
        assertThat(rawGet("[::1]:8080")).contains("location=\"http://[::1]:8080/");
    }

    /** A GET with a Host header of our choosing, which java.net.http does not allow setting. */
    private static String rawGet(String host, String... headers) throws Exception {
        return rawGetOf("?wsdl", host, headers);
    }

    private static String rawGetOf(String query, String host, String... headers) throws Exception {
        return rawGetAt(URI.create(server.address()).getPath() + query, host, headers);
    }

    /** The body of a 200 answer to a GET of this request target, exactly as written, with this Host. */
    private static String rawGetAt(String target, String host, String... headers) throws Exception {
        URI uri = URI.create(server.address());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + String.join("", java.util.Arrays.stream(headers).map(header -> header + "\r\n").toList())
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }
}
