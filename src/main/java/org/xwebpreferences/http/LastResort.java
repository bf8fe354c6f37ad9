package org.xwebpreferences.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a request gets when its handler throws instead of answering. The
 * gates answer every exception in their protocol's words; this is for what
 * gets past them, an Error above all (a class gone because the jar was
 * replaced under a running server): the JDK's server would leave such a
 * connection open with no answer, and the client would wait for ever.
 * Here it gets a 500 with the correlation id, the log gets the cause once,
 * and the request counts as a server fault.
 */
public final class LastResort extends Filter {

    private static final Logger LOG = LoggerFactory.getLogger(LastResort.class);

    private final EarlyAnswer answer;

    /** @param jsonPath where the JSON methods live: answers there are JSON */
    public LastResort(String jsonPath) {
        this.answer = new EarlyAnswer(jsonPath);
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        try {
            chain.doFilter(exchange);
        } catch (RuntimeException | Error e) {
            RequestRecord record = RequestRecord.current().outcome(Outcome.SERVER_FAULT);
            String correlationId = record.correlationId();
            ServerErrorLog.failed(LOG, correlationId, exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath(), "failed without an answer", e);
            answer(exchange, correlationId);
        }
    }

    @Override
    public String description() {
        return "a 500 for a request whose handler threw";
    }

    private void answer(HttpExchange exchange, String correlationId) {
        try (exchange) {
            if (exchange.getResponseCode() == -1) {
                exchange.getResponseHeaders().set("Connection", "close");
                answer.send(exchange, 500, "Internal server error" + (correlationId == null ? ""
                        : " (correlation id " + correlationId + ")"), correlationId);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not answer after a failure: {}", e.toString());
        }
    }
}
