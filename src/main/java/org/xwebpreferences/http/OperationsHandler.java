package org.xwebpreferences.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What the people who run the server look at: /health/live (the process
 * serves), /health/ready (the database answers: what a load balancer checks),
 * and /metrics in the Prometheus text format.
 */
public final class OperationsHandler implements HttpHandler {

    public static final String HEALTH = "/health/";
    public static final String METRICS = "/metrics";
    private static final String LIVE = HEALTH + "live";
    private static final String READY = HEALTH + "ready";

    private final ReadinessProbe readiness;
    private final PrometheusMeterRegistry registry;

    public OperationsHandler(ReadinessProbe readiness, PrometheusMeterRegistry registry) {
        this.readiness = readiness;
        this.registry = registry;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // Not closed in a finally: closing an exchange that has no answer yet drops the connection, and the
        // last resort's 500 for what got out of here unanswered had nowhere to go (review).
        answer(exchange);
        exchange.close();
    }

    private void answer(HttpExchange exchange) throws IOException {
        RequestBody.discard(exchange); // a POST's body: unread, it reset the connection after the 405 (review)
        String path = exchange.getRequestURI().getPath();
        // The path becomes a metrics label and a log field: only the three known ones
        // may, so that made-up paths cannot add a series (or a log line) each.
        boolean known = LIVE.equals(path) || READY.equals(path) || METRICS.equals(path);
        RequestRecord.current().protocol("ops").operation(known ? path : "unknown");
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "text/plain", "Use GET\n");
            return;
        }
        switch (known ? path : "") {
            case LIVE -> send(exchange, 200, "application/json", "{\"status\":\"UP\"}");
            case READY -> ready(exchange);
            case METRICS -> send(exchange, 200, "text/plain; version=0.0.4", registry.scrape());
            default -> send(exchange, 404, "text/plain", "Not found\n");
        }
    }

    private void ready(HttpExchange exchange) throws IOException {
        String problem = readiness.problem();
        if (problem == null) {
            send(exchange, 200, "application/json", "{\"status\":\"UP\",\"database\":\"UP\"}");
        } else {
            // The reason may hold a path or a database's words, with a backslash or a tab: quoted as JSON
            // (a monitor could not parse it just when the node was down: review).
            send(exchange, 503, "application/json", "{\"status\":\"DOWN\",\"reason\":\""
                    + new String(JsonStringEncoder.getInstance().quoteAsString(problem)) + "\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        ResponseBody.send(exchange, status, bytes);
    }
}
