package org.xwebpreferences.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;

/**
 * Under overload, a request that waited longer than the limit for a worker
 * is answered 503 at once: its client has probably given up, and serving it
 * late would only make every later request later still.
 */
public final class LoadShedding extends Filter {

    private final Duration maxQueueWait;
    private final ServiceRefusal refusal;

    /** @param jsonPath where the JSON methods live: answers there are JSON */
    public LoadShedding(Duration maxQueueWait, String jsonPath) {
        this.maxQueueWait = maxQueueWait;
        this.refusal = new ServiceRefusal(jsonPath);
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
            refusal.send(exchange, "Service busy: the request waited " + waited.toMillis()
                    + " ms for a worker; try again");
        }
    }

    @Override
    public String description() {
        return "503 for requests that waited too long for a worker";
    }
}
