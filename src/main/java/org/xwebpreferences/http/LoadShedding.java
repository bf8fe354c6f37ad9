package org.xwebpreferences.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Under overload, a request that waited longer than the limit for a worker
 * is answered 503 at once: its client has probably given up, and serving it
 * late would only make every later request later still.
 */
public final class LoadShedding extends Filter {

    private final Duration maxQueueWait;

    public LoadShedding(Duration maxQueueWait) {
        this.maxQueueWait = maxQueueWait;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Duration waited = WorkerPool.queueWait();
        if (waited.compareTo(maxQueueWait) <= 0) {
            chain.doFilter(exchange);
            return;
        }
        try (exchange) {
            RequestRecord.current().outcome(Outcome.SERVER_FAULT);
            RequestBody.discard(exchange);
            byte[] body = ("Service busy: the request waited " + waited.toMillis() + " ms for a worker; try again\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
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
