package org.xwebpreferences.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The body of an answer the HTTP layer sends ahead of, or instead of, the
 * protocol gates (a refused request line or header, a request turned away, a
 * handler that threw): on the JSON path as every other JSON error, {"error",
 * "field"}, with the correlation id where there is one; everywhere else plain
 * text. The JSON path got plain text from these, where the README promises
 * JSON (JSON audit).
 */
final class EarlyAnswer {

    private final String jsonPath;

    /** @param jsonPath where the JSON methods live: answers there are JSON */
    EarlyAnswer(String jsonPath) {
        this.jsonPath = jsonPath;
    }

    /** Sets the Content-Type and sends the status and the message; {@code correlationId} may be null. */
    void send(HttpExchange exchange, int status, String message, String correlationId) throws IOException {
        String path = exchange.getRequestURI().getPath(); // null for an opaque target such as mailto:x
        boolean json = path != null && path.regionMatches(true, 0, jsonPath, 0, jsonPath.length());
        String text = json ? "{\"error\":" + quoted(message) + ",\"field\":null"
                + (correlationId == null ? "" : ",\"correlationId\":" + quoted(correlationId)) + "}"
                : message + "\n";
        exchange.getResponseHeaders().set("Content-Type", json ? "application/json; charset=utf-8"
                : "text/plain; charset=utf-8");
        ResponseBody.send(exchange, status, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
