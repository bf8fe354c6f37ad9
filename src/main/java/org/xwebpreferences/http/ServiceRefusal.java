package org.xwebpreferences.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * A 503 for a request the server turns away before any method runs (it is
 * stopping, or the request waited too long for a worker), with a body that
 * says why: JSON clients get it as every other JSON error, {"error", "field"};
 * everyone else plain text (a SOAP client takes a 503 for what it is, a
 * transport error worth a retry, where a Server fault would read as the
 * service's final word).
 */
final class ServiceRefusal {

    private final EarlyAnswer answer;

    /** @param jsonPath where the JSON methods live: answers there are JSON */
    ServiceRefusal(String jsonPath) {
        this.answer = new EarlyAnswer(jsonPath);
    }

    void send(HttpExchange exchange, String message) throws IOException {
        exchange.getResponseHeaders().set("Retry-After", "1");
        answer.send(exchange, 503, message, null);
    }
}
