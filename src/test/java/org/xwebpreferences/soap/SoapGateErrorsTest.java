package org.xwebpreferences.soap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.auth.TokenService;
import org.xwebpreferences.auth.TokenStore;
import org.xwebpreferences.http.AccessLog;
import org.xwebpreferences.http.AnswerMemory;
import org.xwebpreferences.http.CorrelationIds;
import org.xwebpreferences.http.LastResort;
import org.xwebpreferences.http.RequestMetrics;
import org.xwebpreferences.http.WireDump;
import org.xwebpreferences.json.JsonGate;

/**
 * An Error (a class gone because the jar was replaced under a running server)
 * thrown in the SOAP gate itself or in Metro outside the endpoint, which turns
 * its own into faults: the client gets an answer all the same. It got none:
 * the gate closed the exchange on its way out, and the last resort's 500 had
 * no connection left to go to (review).
 */
class SoapGateErrorsTest {

    private static final String TOKEN = "0e2a1f4c-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
    private static final String ENVELOPE = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:x=\"http://www.avectra.com/2005/\"><s:Header><x:AuthorizationToken><x:Token>" + TOKEN
            + "</x:Token></x:AuthorizationToken></s:Header><s:Body>%s</s:Body></s:Envelope>";

    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anErrorInMetroGetsAServerFaultWithTheCorrelationId() throws Exception {
        HttpHandler missing = exchange -> {
            throw new NoClassDefFoundError("com/sun/xml/ws/Missing");
        };
        String base = start(missing, false);

        HttpResponse<String> response = post(base, "<x:GetAllCustomerCommunicationPreferences><x:customerKey>"
                + "fadff57b-c6ef-4130-be1e-07000a38056f</x:customerKey></x:GetAllCustomerCommunicationPreferences>");

        String id = response.headers().firstValue(CorrelationIds.HEADER).orElseThrow();
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/xml; charset=utf-8");
        assertThat(response.body()).contains("<faultcode>soap:Server</faultcode>")
                .contains("Internal server error (correlation id " + id + ")")
                .doesNotContain("NoClassDefFound").doesNotContain("com/sun");
    }

    /** With single-use tokens the endpoint has spent the token by then: the fault hands back the next one. */
    @Test
    void aFailureInMetroAfterTheEndpointHandsBackTheEndpointsToken() throws Exception {
        String next = "5c0d9f3e-8a1b-4c2d-9e3f-4a5b6c7d8e9f";
        HttpHandler failsAfterTheEndpoint = exchange -> {
            RequestContext.current().handBack(next);
            throw new IllegalStateException("Metro failed writing the answer");
        };
        String base = start(failsAfterTheEndpoint, false);

        HttpResponse<String> response = post(base, "<x:GetAllCustomerCommunicationPreferences><x:customerKey>"
                + "fadff57b-c6ef-4130-be1e-07000a38056f</x:customerKey></x:GetAllCustomerCommunicationPreferences>");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("<faultcode>soap:Server</faultcode>").contains("<Token>" + next
                + "</Token>");
    }

    @Test
    void anErrorInTheGateItselfGetsTheLastResortsAnswer() throws Exception {
        HttpHandler unused = exchange -> {
            throw new AssertionError("Metro is not reached: the envelope is refused first");
        };
        // With single-use tokens the gate spends the token of a refused envelope itself, in a store that is broken.
        String base = start(unused, true);

        HttpResponse<String> response = post(base, "<x:GetAllCustomerCommunicationPreferences><x:customerKey>"
                + "fadff57b-c6ef-4130-be1e-07000a38056f</x:customerKey><x:unknown/>"
                + "</x:GetAllCustomerCommunicationPreferences>");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).startsWith("Internal server error (correlation id ")
                .doesNotContain("NoClassDefFound");
    }

    private String start(HttpHandler metro, boolean singleUseTokens) throws Exception {
        TokenStore broken = (TokenStore) Proxy.newProxyInstance(TokenStore.class.getClassLoader(),
                new Class<?>[] {TokenStore.class}, (proxy, method, args) -> {
                    throw new NoClassDefFoundError("org/xwebpreferences/store/Missing");
                });
        TokenService tokens = new TokenService(broken, Clock.systemUTC(), new SecureRandom(), Duration.ofMinutes(5),
                singleUseTokens);
        WsdlDocument wsdl = WsdlDocument.fromClasspath();
        SoapGate gate = new SoapGate(Map.of(SoapVersion.SOAP_11, metro, SoapVersion.SOAP_12, metro),
                new EnvelopeCheck(WireVocabulary.fromGeneratedInterface(wsdl)), tokens, wsdl, new CorrelationIds(),
                new WireDump(false), 1 << 20, AnswerMemory.quarterOfHeap());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        HttpContext context = server.createContext(SoapGate.PATH, gate);
        context.getFilters().add(new AccessLog(new RequestMetrics(new SimpleMeterRegistry())));
        context.getFilters().add(new LastResort(JsonGate.PATH));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private HttpResponse<String> post(String base, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + SoapGate.PATH))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(String.format(ENVELOPE, body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
