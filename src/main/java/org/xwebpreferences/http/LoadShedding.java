package org.xwebpreferences.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Under overload, a request that waited longer than the limit for a worker
 * is answered 503 at once: its client has probably given up, and serving it
 * late would only make every later request later still. JSON clients get the
 * answer as every other JSON error, {"error", "field"}; everyone else plain
 * text (a SOAP client takes a 503 for what it is, a transport error worth a
 * retry, where a Server fault would read as the service's final word).
 */
public final class LoadShedding extends Filter {

    private final Duration maxQueueWait;
    private final String jsonPath;

    /** @param jsonPath where the JSON methods live: answers there are JSON */
    public LoadShedding(Duration maxQueueWait, String jsonPath) {
        this.maxQueueWait = maxQueueWait;
        this.jsonPath = jsonPath;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Duration waited = WorkerPool.queueWait();
        if (waited.compareTo(maxQueueWait) <= 0) {
            chain.doFilter(exchange);
            return;
        }
        try (exchange) {
            RequestRecord.current().outcome(Outcome.BUSY);
            RequestBody.discard(exchange);
            String message = "Service busy: the request waited " + waited.toMillis() + " ms for a worker; try again";
            boolean json = exchange.getRequestURI().getPath().regionMatches(true, 0, jsonPath, 0, jsonPath.length());
            byte[] body = (json ? "{\"error\":\"" + message + "\",\"field\":null}" : message + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", json ? "application/json; charset=utf-8"
                    : "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("Retry-After", "1");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public String description() {
        return "503 for requests that waited too long for a worker";
    }
}
