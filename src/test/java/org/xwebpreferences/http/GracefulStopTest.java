package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Requests turned away during a stop are counted apart from server faults: an alert on those must not fire on a deploy. */
class GracefulStopTest {

    @Test
    void aRequestTurnedAwayWhileStoppingIsCountedAsStoppingNotAsAServerFault() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        GracefulStop gracefulStop = new GracefulStop("/xWeb/JSON/");
        HttpContext context = server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        context.getFilters().add(new AccessLog(new RequestMetrics(registry)));
        context.getFilters().add(gracefulStop);
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health/live");
            assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(204);

            gracefulStop.drain(Duration.ZERO, () -> true, () -> true);
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> json = http.send(HttpRequest.newBuilder(uri.resolve(
                    "/xWeb/JSON/GetAllCustomerCommunicationPreferences")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo("Service unavailable: the server is stopping; try again (another"
                    + " node)\n");
            assertThat(json.statusCode()).isEqualTo(503);
            assertThat(json.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
            assertThat(json.body()).isEqualTo("{\"error\":\"Service unavailable: the server is stopping; try again"
                    + " (another node)\",\"field\":null}");
            assertThat(json.headers().firstValue("Connection")).contains("close");
            Counter stopping = null;
            for (int i = 0; i < 100 && stopping == null; i++) { // counted once the answer is sent
                stopping = registry.find("xweb.requests").tag("outcome", "stopping").counter();
                Thread.sleep(10);
            }
            assertThat(stopping).isNotNull();
            for (int i = 0; i < 100 && stopping.count() < 2; i++) {
                Thread.sleep(10);
            }
            assertThat(stopping.count()).isEqualTo(2.0);
            assertThat(registry.find("xweb.requests").tag("outcome", "server_fault").counter()).isNull();
        } finally {
            server.stop(0);
        }
    }

    /**
     * Requests read but still waiting for a worker when the stop began get
     * their 503, not a reset connection: here the one worker is busy with
     * something else, so that no request is in flight while six wait.
     */
    @Test
    void requestsWaitingForAWorkerAreAnsweredBeforeTheServerStops() throws Exception {
        WorkerPool workers = new WorkerPool(1);
        GracefulStop gracefulStop = new GracefulStop("/xWeb/JSON/");
        HttpServer server = started(workers, gracefulStop);
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try {
            workers.execute(() -> await(release));
            for (int i = 0; i < 6; i++) {
                answers.add(http.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 500 && workers.getQueue().size() < 6; i++) {
                Thread.sleep(10);
            }
            assertThat(workers.getQueue()).hasSize(6);

            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(
                    () -> gracefulStop.drain(Duration.ofSeconds(10), workers::noneWaiting, workers::idle));
            Thread.sleep(200);
            assertThat(drained).as("waiting for the requests that wait for a worker").isNotDone();
            release.countDown();
            assertThat(drained.get(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
            server.stop(0);
            workers.shutdownNow();
        }

        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            statuses.add(answer.get(10, TimeUnit.SECONDS).statusCode());
        }
        assertThat(statuses).containsExactly(503, 503, 503, 503, 503, 503);
    }

    /**
     * A client that sent half its request line and headers holds a worker
     * reading them, but no request: the stop does not wait the whole grace for
     * it (it did, and logged requests "still in flight").
     */
    @Test
    void aHalfSentRequestDoesNotHoldTheStopForTheWholeGrace() throws Exception {
        WorkerPool workers = new WorkerPool(2);
        GracefulStop gracefulStop = new GracefulStop("/xWeb/JSON/");
        HttpServer server = started(workers, gracefulStop);
        try (Socket halfSent = new Socket("127.0.0.1", server.getAddress().getPort())) {
            halfSent.getOutputStream().write("GET / HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
            halfSent.getOutputStream().flush();
            for (int i = 0; i < 500 && workers.idle(); i++) {
                Thread.sleep(10);
            }
            assertThat(workers.idle()).as("a worker reads the half-sent request").isFalse();

            long start = System.nanoTime();
            boolean drained = gracefulStop.drain(Duration.ofSeconds(10), workers::noneWaiting, workers::idle);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(drained).isTrue();
            assertThat(workers.idle()).as("the worker still reads").isFalse();
            assertThat(took).isBetween(GracefulStop.READING_GRACE, Duration.ofSeconds(5));
        } finally {
            server.stop(0);
            workers.shutdownNow();
        }
    }

    /** A server on a free port whose every request passes the stop's filter and gets 204. */
    private static HttpServer started(WorkerPool workers, GracefulStop gracefulStop) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(workers);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        }).getFilters().add(gracefulStop);
        server.start();
        return server;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
