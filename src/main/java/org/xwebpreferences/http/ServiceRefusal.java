package org.xwebpreferences.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A 503 for a request the server turns away before any method runs (it is
 * stopping, or the request waited too long for a worker), with a body that
 * says why: JSON clients get it as every other JSON error, {"error", "field"};
 * everyone else plain text (a SOAP client takes a 503 for what it is, a
 * transport error worth a retry, where a Server fault would read as the
 * service's final word).
 */
final class ServiceRefusal {

    private final String jsonPath;

    /** @param jsonPath where the JSON methods live: answers there are JSON */
    ServiceRefusal(String jsonPath) {
        this.jsonPath = jsonPath;
    }

    void send(HttpExchange exchange, String message) throws IOException {
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
