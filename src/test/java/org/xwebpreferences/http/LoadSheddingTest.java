package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A request that waited too long for a worker gets 503 at once, in the form its client reads errors in. */
class LoadSheddingTest {

    @Test
    void aJsonClientGetsItsBusyAnswerAsJsonAndOthersAsText() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        WorkerPool oneWorker = new WorkerPool(1);
        server.setExecutor(oneWorker);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpContext context = server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/hold")) {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS); // the only worker is taken
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        context.getFilters().add(new AccessLog(new RequestMetrics(registry)));
        context.getFilters().add(new LoadShedding(Duration.ofMillis(100), "/xWeb/JSON/"));
        server.start();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            CompletableFuture<HttpResponse<String>> holder = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/hold")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<HttpResponse<String>> json = http.sendAsync(HttpRequest.newBuilder(
                    URI.create(base + "/xWeb/JSON/GetAllCustomerCommunicationPreferences")).build(),
                    HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> soap = http.sendAsync(HttpRequest.newBuilder(
                    URI.create(base + "/xWeb/Secure/netForumXML.asmx")).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300); // both queue behind the held worker, longer than the limit
            release.countDown();

            HttpResponse<String> jsonAnswer = json.get(10, TimeUnit.SECONDS);
            HttpResponse<String> soapAnswer = soap.get(10, TimeUnit.SECONDS);

            assertThat(holder.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
            assertThat(jsonAnswer.statusCode()).isEqualTo(503);
            assertThat(jsonAnswer.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
            JsonNode error = new ObjectMapper().readTree(jsonAnswer.body());
            assertThat(error.get("error").asText()).startsWith("Service busy: the request waited ").endsWith("try again");
            assertThat(error.get("field").isNull()).isTrue();
            assertThat(soapAnswer.statusCode()).isEqualTo(503);
            assertThat(soapAnswer.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
            assertThat(soapAnswer.headers().firstValue("Retry-After")).contains("1");
            // counted apart from server faults, so that an alert on those does not fire on load
            Counter busyCount = null;
            for (int i = 0; i < 100 && (busyCount == null || busyCount.count() < 2); i++) { // counted once sent
                busyCount = registry.find("xweb.requests").tag("outcome", "busy").counter();
                Thread.sleep(10);
            }
            assertThat(busyCount).isNotNull();
            assertThat(busyCount.count()).isEqualTo(2.0);
            assertThat(registry.find("xweb.requests").tag("outcome", "server_fault").counter()).isNull();
        } finally {
            release.countDown();
            server.stop(0);
            oneWorker.shutdownNow();
        }
    }
}
