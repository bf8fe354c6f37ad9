package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /health and /metrics as a load balancer or a monitor reads them. */
class OperationsHandlerTest {

    private HttpServer server;
    private ReadinessProbe readiness;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (readiness != null) {
            readiness.close();
        }
    }

    /** The reason quotes a path and the database's words: a backslash or a tab in them made the body invalid JSON. */
    @Test
    void notReadyIsValidJsonWhateverTheReasonHolds() throws Exception {
        String why = "the file /tmp/x\\data\tx/xweb.mv.db was deleted (\"gone\")";
        int port = start(() -> why);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("reason").asText()).isEqualTo("database: " + why);
    }

    /** A POST's body is read before the 405: the connection then serves the next request; it was reset. */
    @Test
    void aPostWithABodyGetsItsAnswerAndTheConnectionServesTheNextRequest() throws Exception {
        int port = start(() -> null);
        byte[] body = new byte[200_000];

        String answers;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            answers = readUntil(socket.getInputStream(), "{\"status\":\"UP\"}");
        }

        assertThat(answers).startsWith("HTTP/1.1 405 ").contains("\r\n\r\nUse GET\n")
                .contains("HTTP/1.1 200 ").endsWith("{\"status\":\"UP\"}");
    }

    /** An Error while answering (a class gone from a replaced jar) gets the last resort's 500: it got a closed connection. */
    @Test
    void anErrorWhileAnsweringGetsTheLastResortsAnswer() throws Exception {
        PrometheusMeterRegistry broken = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) {
            @Override
            public String scrape() {
                throw new NoClassDefFoundError("io/prometheus/Missing");
            }
        };
        int port = start(() -> null, broken);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).startsWith("Internal server error").doesNotContain("NoClassDefFound");
    }

    private int start(Supplier<String> databaseProblem) throws IOException {
        return start(databaseProblem, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    private int start(Supplier<String> databaseProblem, PrometheusMeterRegistry registry) throws IOException {
        Connection valid = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> method.getName().equals("isValid") ? true : null);
        DataSource dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> valid);
        readiness = new ReadinessProbe(dataSource, (connection, timeout) -> databaseProblem.get(), () -> null,
                Clock.systemUTC());
        OperationsHandler operations = new OperationsHandler(readiness, registry);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        for (String path : List.of(OperationsHandler.HEALTH, OperationsHandler.METRICS)) {
            HttpContext context = server.createContext(path, operations);
            context.getFilters().add(new AccessLog(new RequestMetrics(new SimpleMeterRegistry())));
            context.getFilters().add(new LastResort("/xWeb/JSON/"));
        }
        server.start();
        return server.getAddress().getPort();
    }

    /** What the connection sent until {@code end}, or until it closed or failed. */
    private static String readUntil(InputStream in, String end) {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            int b;
            while (!read.toString(StandardCharsets.UTF_8).endsWith(end) && (b = in.read()) != -1) {
                read.write(b);
            }
        } catch (IOException e) {
            read.writeBytes(("<" + e + ">").getBytes(StandardCharsets.UTF_8));
        }
        return read.toString(StandardCharsets.UTF_8);
    }
}
