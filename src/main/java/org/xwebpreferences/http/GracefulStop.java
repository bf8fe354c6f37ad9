package org.xwebpreferences.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests in flight, so that a stop can wait for exactly those:
 * the JDK 17 server's own {@code stop(delay)} always waits the whole delay,
 * in flight or not. Once draining, new requests get 503 and a closed connection.
 */
public final class GracefulStop extends Filter {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        inFlight.incrementAndGet();
        try {
            if (draining) {
                refuse(exchange);
            } else {
                chain.doFilter(exchange);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Refuses new requests from now on, and waits up to {@code grace} for those in flight. */
    public boolean drain(Duration grace) {
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return inFlight.get() == 0;
    }

    @Override
    public String description() {
        return "counts requests in flight for a graceful stop";
    }

    private static void refuse(HttpExchange exchange) throws IOException {
        RequestRecord.current().outcome(Outcome.STOPPING);
        try (exchange) {
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.getResponseHeaders().set("Retry-After", "1");
            exchange.sendResponseHeaders(503, -1);
        }
    }
}
