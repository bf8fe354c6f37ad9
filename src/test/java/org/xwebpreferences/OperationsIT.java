package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.SoapClient.envelope;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.http.AccessLog;
import org.xwebpreferences.support.CapturedLogs;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/** What operators get: health, Prometheus metrics, and one access-log line per request with no secrets. */
class OperationsIT {

    private static TestServer server;
    private static SoapClient client;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
    void livenessAndReadinessAreUpWithARunningDatabase() throws Exception {
        HttpResponse<String> live = get("/health/live");
        HttpResponse<String> ready = get("/health/ready");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"database\":\"UP\"}");
    }

    @Test
    void metricsCountSoapCallsByOperationAndOutcome() throws Exception {
        String getAll = "xweb_requests_total{operation=\"GetAllCustomerCommunicationPreferences\",outcome=\"%s\","
                + "protocol=\"soap\"}";
        List<String> series = List.of(getAll.formatted("success"), getAll.formatted("client_fault"),
                getAll.formatted("auth_failure"), "xweb_requests_total{operation=\"Authenticate\",outcome=\"success\","
                        + "protocol=\"soap\"}", "xweb_tokens_issued_total", "xweb_tokens_rejected_total");
        String before = get("/metrics").body();

        String token = client.authenticate(TestServer.USER, TestServer.PASSWORD);
        client.getAll(token, UUID.randomUUID().toString());
        client.getAll(token, "not-a-guid");
        client.getAll(UUID.randomUUID().toString(), UUID.randomUUID().toString());

        // A request is counted after its answer is sent: wait for the last one to show.
        HttpResponse<String> metrics = awaitMetrics(body -> value(body, getAll.formatted("auth_failure"))
                > value(before, getAll.formatted("auth_failure")));

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/plain"));
        // one each: a success, a bad key, an unknown token; a login; the token it issued; the token refused
        for (String counted : series) {
            assertThat(value(metrics.body(), counted)).as(counted).isEqualTo(value(before, counted) + 1);
        }
        assertThat(metrics.body())
                .contains("xweb_request_latency_seconds{operation=\"GetAllCustomerCommunicationPreferences\","
                        + "protocol=\"soap\",quantile=\"0.99\"}")
                .contains("xweb_request_duration_seconds_bucket{operation=\"GetAllCustomerCommunicationPreferences\"")
                .contains("hikaricp_connections_active")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_gc_memory_allocated_bytes_total");
    }

    /** The value of one series in a Prometheus text answer; 0 where it is not there yet. */
    private static double value(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1))).findFirst().orElse(0);
    }

    @Test
    void everyRequestGetsOneAccessLineWithItsUserAndCorrelationIdAndNoSecrets() throws Exception {
        try (CapturedLogs logs = new CapturedLogs(AccessLog.LOGGER, "ROOT")) {
            String token = client.authenticate(TestServer.USER, TestServer.PASSWORD);
            SoapResponse fault = client.post(envelope(token, Envelopes.set("?")).getBytes(), SoapClient.SOAP11, null);
            String customer = UUID.randomUUID().toString();
            HttpResponse<String> withOwnId = HTTP.send(HttpRequest.newBuilder(URI.create(client.address()))
                    .header("Content-Type", SoapClient.SOAP11).header("X-Correlation-Id", "client-id-42")
                    .POST(HttpRequest.BodyPublishers.ofString(envelope(token, Envelopes.set(customer,
                            Envelopes.setting("bad", "OptIn"))))).build(), HttpResponse.BodyHandlers.ofString());

            // Found by content, not position: a line is written after its answer is sent, so the
            // next request's line can come first.
            List<String> access = awaitLines(logs, 3);
            assertThat(access).hasSize(3);
            assertThat(lineWith(access, "operation=Authenticate "))
                    .contains("protocol=soap operation=Authenticate outcome=success status=200")
                    .contains("user=" + TestServer.USER).contains("client=127.0.0.1");
            assertThat(lineWith(access, "correlation_id=" + fault.headers().firstValue("X-Correlation-Id")
                    .orElseThrow() + " ")).contains("operation=SetCustomerCommunicationPreferences outcome=client_fault");
            assertThat(withOwnId.body()).contains("preferences[1].mailing_list_key");
            assertThat(withOwnId.headers().firstValue("X-Correlation-Id")).contains("client-id-42");
            assertThat(lineWith(access, "correlation_id=client-id-42 ")).matches(".*duration_ms=[0-9.]+ .*");
            assertThat(String.join("\n", logs.lines())).doesNotContain(token).doesNotContain(TestServer.PASSWORD);
        }
    }

    /** A made-up SOAP operation was labelled "-", as if it had not been read; JSON's is "unknown" (docs audit). */
    @Test
    void madeUpSoapOperationsAreLabelledUnknownAndAddNoSeries() throws Exception {
        try (CapturedLogs logs = new CapturedLogs(AccessLog.LOGGER)) {
            for (int i = 0; i < 3; i++) {
                SoapResponse fault = client.post(("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                        + "<soap:Body><MadeUp" + i + " xmlns=\"" + SoapClient.NS + "\"/></soap:Body></soap:Envelope>")
                        .getBytes(StandardCharsets.UTF_8), SoapClient.SOAP11, null);
                assertThat(fault.faultString()).startsWith("Unknown operation");
            }

            HttpResponse<String> metrics = awaitMetrics(body -> body.contains(
                    "operation=\"unknown\",outcome=\"client_fault\",protocol=\"soap\""));
            assertThat(metrics.body()).doesNotContain("MadeUp");
            assertThat(awaitLines(logs, "protocol=soap", 3)).allSatisfy(line ->
                    assertThat(line).contains("protocol=soap operation=unknown outcome=client_fault"));
        }
    }

    @Test
    void madeUpPathsUnderHealthAndMetricsAddNoSeriesAndCannotBreakALogLine() throws Exception {
        try (CapturedLogs logs = new CapturedLogs(AccessLog.LOGGER)) {
            for (int i = 0; i < 50; i++) {
                assertThat(get("/health/made-up-" + i).statusCode()).isEqualTo(404);
            }
            assertThat(get("/metrics" + "Q".repeat(5_000)).statusCode()).isEqualTo(404);
            assertThat(get("/health/x%0A2026-01-01T00:00:00Z%20INFO%20forged%20user=admin").statusCode())
                    .isEqualTo(404);

            HttpResponse<String> metrics = awaitMetrics(body -> body.contains(
                "operation=\"unknown\",outcome=\"client_fault\",protocol=\"ops\""));
            assertThat(metrics.body()).doesNotContain("made-up").doesNotContain("QQQQ").doesNotContain("forged");
            // the escaped path is refused before its path is looked at (AmbiguousRequests): protocol http
            List<String> lines = awaitLines(logs, "protocol=", 52);
            assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain("\n").doesNotContain("forged"));
            assertThat(lines).filteredOn(line -> line.contains("protocol=ops operation=unknown")).hasSize(51);
            assertThat(lines).filteredOn(line -> line.contains("protocol=http operation=- outcome=client_fault"
                    + " status=404")).hasSize(1);
        }
    }

    /** The one line that contains {@code text}. */
    private static String lineWith(List<String> lines, String text) {
        List<String> found = lines.stream().filter(line -> line.contains(text)).toList();
        assertThat(found).as("lines with '%s' in %s", text, lines).hasSize(1);
        return found.get(0);
    }

    private static List<String> awaitLines(CapturedLogs logs, int count) throws InterruptedException {
        // Only SOAP lines: a line is written after its response is sent, so the previous test's
        // last /metrics or /health line may still arrive while this capture is open.
        return awaitLines(logs, "protocol=soap ", count);
    }

    private static List<String> awaitLines(CapturedLogs logs, String start, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> access;
        do {
            access = logs.lines().stream().filter(line -> line.startsWith(AccessLog.LOGGER + " " + start)).toList();
            if (access.size() >= count) {
                return access;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + count + " access lines, got " + access);
    }

    private static HttpResponse<String> awaitMetrics(Predicate<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        HttpResponse<String> metrics = get("/metrics");
        while (!expected.test(metrics.body()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            metrics = get("/metrics");
        }
        return metrics;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseAddress() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
