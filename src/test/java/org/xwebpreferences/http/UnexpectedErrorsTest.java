package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.auth.Authenticator;
import org.xwebpreferences.auth.CredentialCache;
import org.xwebpreferences.auth.LoginLimiter;
import org.xwebpreferences.auth.PasswordHasher;
import org.xwebpreferences.auth.TokenService;
import org.xwebpreferences.auth.User;
import org.xwebpreferences.core.AnswerRoom;
import org.xwebpreferences.core.ChangeRecord;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceChange;
import org.xwebpreferences.core.PreferenceService;
import org.xwebpreferences.core.PreferenceStore;
import org.xwebpreferences.core.PreferenceValidator;
import org.xwebpreferences.json.JsonGate;
import org.xwebpreferences.soap.PreferenceEndpoint;
import org.xwebpreferences.soap.SoapService;
import org.xwebpreferences.support.FakeTokenStore;
import org.xwebpreferences.support.FakeUserStore;

/**
 * An Error rather than an exception out of the code below the gates (a class
 * missing because the jar was replaced under a running server, a stack
 * overflow): the client still gets a proper 500 in its protocol, with the
 * correlation id and not the error's name, and the request is counted as a
 * server fault. Found when the jar was rebuilt under a running server: the
 * clients got "HTTP/1.1 0" and the access log said "success".
 */
class UnexpectedErrorsTest {

    private static final String CUSTOMER = "fadff57b-c6ef-4130-be1e-07000a38056f";

    private HttpServer server;
    private String base;
    private String token;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Every call reaches the store, and the store fails as a broken JVM would. */
    private static final class BrokenStore implements PreferenceStore {
        @Override
        public void upsert(PreferenceChange change, ChangeRecord record) {
            throw new NoClassDefFoundError("org/xwebpreferences/store/Missing");
        }

        @Override
        public List<MailingListPreference> findAll(Guid customerKey, AnswerRoom room) {
            throw new StackOverflowError();
        }

        @Override
        public Optional<MailingListPreference> find(Guid customerKey, Guid mailingListKey) {
            throw new NoClassDefFoundError("org/xwebpreferences/store/Missing");
        }
    }

    @BeforeEach
    void start() throws Exception {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        TokenService tokens = new TokenService(new FakeTokenStore(), clock, random, Duration.ofMinutes(5), false);
        token = tokens.issue(new User(1, "user-1", "hash", true));
        PreferenceService preferences = new PreferenceService(new BrokenStore(), query -> null,
                new PreferenceValidator(100), clock);
        Authenticator authenticator = new Authenticator(new FakeUserStore(), new PasswordHasher(1000, random),
                new LoginLimiter(1, clock));
        CredentialCache credentials = new CredentialCache(authenticator, tokens, clock, random, Duration.ofMinutes(5),
                false);
        CorrelationIds ids = new CorrelationIds();
        WireDump wireDump = new WireDump(false);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        HttpContext soap = SoapService.publish(server,
                () -> new PreferenceEndpoint(preferences, tokens, credentials, ids), tokens, ids, wireDump, 1 << 20,
                AnswerMemory.quarterOfHeap());
        HttpContext json = server.createContext(JsonGate.PATH, new JsonGate(preferences, tokens, credentials, ids,
                wireDump, 1 << 20, 1000, AnswerMemory.quarterOfHeap()));
        AccessLog accessLog = new AccessLog(new RequestMetrics(registry));
        soap.getFilters().add(accessLog);
        json.getFilters().add(accessLog);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void jsonAnswers500WithTheCorrelationIdAndCountsAServerFault() throws Exception {
        HttpResponse<String> set = post("/xWeb/JSON/SetCustomerCommunicationPreferences", "application/json", null,
                "{\"SetCustomerCommunicationPreferences\":{\"customerKey\":\"" + CUSTOMER + "\",\"preferences\":["
                        + "{\"mailing_list_key\":\"b31c52e4-29c1-4a65-8c53-0626342c920d\",\"status\":\"OptIn\"}]}}");
        HttpResponse<String> getAll = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/xWeb/JSON/GetAllCustomerCommunicationPreferences?customerKey=" + CUSTOMER))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(set, getAll)) {
            String id = response.headers().firstValue(CorrelationIds.HEADER).orElseThrow();
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("Internal server error (correlation id " + id + ")")
                    .doesNotContain("NoClassDefFound").doesNotContain("StackOverflow").doesNotContain("org/xwebpreferences");
        }
        assertThat(serverFaults("json", 2)).isEqualTo(2);
    }

    @Test
    void soapAnswersAServerFaultWithTheCorrelationIdAndCountsIt() throws Exception {
        String envelope = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:x=\"http://www.avectra.com/2005/\"><s:Header><x:AuthorizationToken><x:Token>" + token
                + "</x:Token></x:AuthorizationToken></s:Header><s:Body>%s</s:Body></s:Envelope>";
        HttpResponse<String> set = post("/xWeb/Secure/netForumXML.asmx", "text/xml; charset=utf-8",
                "\"http://www.avectra.com/2005/SetCustomerCommunicationPreferences\"", String.format(envelope,
                        "<x:SetCustomerCommunicationPreferences><x:customerKey>" + CUSTOMER + "</x:customerKey>"
                                + "<x:preferences><x:MailingListSetting><x:mailing_list_key>"
                                + "b31c52e4-29c1-4a65-8c53-0626342c920d</x:mailing_list_key><x:status>OptIn</x:status>"
                                + "</x:MailingListSetting></x:preferences></x:SetCustomerCommunicationPreferences>"));
        HttpResponse<String> getAll = post("/xWeb/Secure/netForumXML.asmx", "text/xml; charset=utf-8",
                "\"http://www.avectra.com/2005/GetAllCustomerCommunicationPreferences\"", String.format(envelope,
                        "<x:GetAllCustomerCommunicationPreferences><x:customerKey>" + CUSTOMER + "</x:customerKey>"
                                + "</x:GetAllCustomerCommunicationPreferences>"));

        for (HttpResponse<String> response : List.of(set, getAll)) {
            String id = response.headers().firstValue(CorrelationIds.HEADER).orElseThrow();
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("<faultcode>soap:Server</faultcode>")
                    .contains("Internal server error (correlation id " + id + ")")
                    .doesNotContain("NoClassDefFound").doesNotContain("StackOverflow").doesNotContain("org/xwebpreferences");
        }
        assertThat(serverFaults("soap", 2)).isEqualTo(2);
    }

    @Test
    void aRequestWhoseHandlerThrowsGetsA500AndCountsAsAServerFaultWhateverItHadNoted() throws Exception {
        HttpContext broken = server.createContext("/broken", exchange -> {
            RequestRecord.current().protocol("json").operation("Broken").correlationId("c-42")
                    .outcome(Outcome.SUCCESS);
            throw new NoClassDefFoundError("org/xwebpreferences/Missing");
        });
        broken.getFilters().add(new AccessLog(new RequestMetrics(registry)));
        broken.getFilters().add(new LastResort(JsonGate.PATH));

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/broken"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("Internal server error (correlation id c-42)\n");
        assertThat(serverFaults("json", 1)).isEqualTo(1);
    }

    /** The JSON path's answers are JSON, this one too: it was plain text (JSON audit). */
    @Test
    void onTheJsonPathTheLastResortAnswersInJson() throws Exception {
        HttpContext broken = server.createContext(JsonGate.PATH + "Broken", exchange -> {
            RequestRecord.current().correlationId("c-\"43");
            throw new StackOverflowError();
        });
        broken.getFilters().add(new AccessLog(new RequestMetrics(registry))); // which keeps the request's record
        broken.getFilters().add(new LastResort(JsonGate.PATH));

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + JsonGate.PATH + "Broken"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(response.body()).isEqualTo("{\"error\":\"Internal server error (correlation id c-\\\"43)\","
                + "\"field\":null,\"correlationId\":\"c-\\\"43\"}");
    }

    private HttpResponse<String> post(String path, String contentType, String soapAction, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (soapAction != null) {
            request.header("SOAPAction", soapAction);
        } else {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The server faults counted for the protocol, once they reach {@code expected} or 5 s
     * have passed: the access log counts a request after its answer is sent, so the
     * client can get the answer a moment before the count moves.
     */
    private double serverFaults(String protocol, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        double count;
        while ((count = registry.find("xweb.requests").tag("protocol", protocol).tag("outcome", "server_fault")
                .counters().stream().mapToDouble(counter -> counter.count()).sum()) < expected
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return count;
    }
}
