package org.xwebpreferences.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Counts the requests in flight, so that a stop can wait for exactly those:
 * the JDK 17 server's own {@code stop(delay)} always waits the whole delay,
 * in flight or not. Once draining, new requests get 503 and a closed connection.
 */
public final class GracefulStop extends Filter {

    /** How long a stop waits for workers still reading a request's headers, once nothing else is left. */
    static final Duration READING_GRACE = Duration.ofSeconds(1);

    private final AtomicInteger inFlight = new AtomicInteger();
    private final ServiceRefusal refusal;
    private volatile boolean draining;

    /** @param jsonPath where the JSON methods live: answers there are JSON */
    public GracefulStop(String jsonPath) {
        this.refusal = new ServiceRefusal(jsonPath);
    }

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

    /**
     * Refuses new requests from now on, and waits up to {@code grace} for those
     * in flight and for those waiting for a worker: requests
     * that are read but still wait for a worker have not reached this filter,
     * and stopping then reset their connections unanswered, so that a client
     * could not tell whether its write was applied (re-audit: 4 of 8 queued).
     * Waited for, they get their 503 instead. A worker that is still reading a
     * request's headers once all that is done (a client that sent part of
     * them and waits) holds no request yet: it is given a second to come
     * here for its 503, not the whole grace (review: one half-sent request
     * held every stop for the full 10 s).
     *
     * @param noneWaiting whether no request waits for a worker
     * @param workersIdle whether no worker serves or reads a request either
     * @return whether no request was left in flight or waiting
     */
    public boolean drain(Duration grace, BooleanSupplier noneWaiting, BooleanSupplier workersIdle) {
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        long readingSince = 0;
        boolean reading = false;
        while (System.nanoTime() < deadline) {
            if (inFlight.get() == 0 && noneWaiting.getAsBoolean()) {
                if (workersIdle.getAsBoolean()) {
                    return true;
                }
                if (!reading) {
                    reading = true;
                    readingSince = System.nanoTime();
                } else if (System.nanoTime() - readingSince >= READING_GRACE.toNanos()) {
                    return true;
                }
            } else {
                reading = false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return inFlight.get() == 0 && noneWaiting.getAsBoolean();
    }

    @Override
    public String description() {
        return "counts requests in flight for a graceful stop";
    }

    /** With a body that says why: an empty 503 left JSON clients without their {"error"} (consistency audit). */
    private void refuse(HttpExchange exchange) throws IOException {
        RequestRecord.current().outcome(Outcome.STOPPING);
        try (exchange) {
            RequestBody.discard(exchange);
            exchange.getResponseHeaders().set("Connection", "close");
            refusal.send(exchange, "Service unavailable: the server is stopping; try again (another node)");
        }
    }
}
