package org.xwebpreferences.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Serves every path no context matched exactly. IIS, where xWeb runs, matches
 * paths in any letter case, so clients written against it may send
 * /xweb/secure/netforumxml.asmx or /xWeb/json/...: those reach their handler
 * here; anything else gets a plain 404 saying where the service is.
 */
public final class FallbackRouter implements HttpHandler {

    private final Map<String, HttpHandler> routes = new LinkedHashMap<>();

    /** Routes paths that start with {@code prefix}, in any letter case, to {@code handler}. */
    public FallbackRouter route(String prefix, HttpHandler handler) {
        routes.put(prefix.toLowerCase(Locale.ROOT), handler);
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, HttpHandler> route : routes.entrySet()) {
            if (path.startsWith(route.getKey())) {
                route.getValue().handle(exchange);
                return;
            }
        }
        notFound(exchange);
    }

    /** The 404 for a path this server does not serve, saying where the service is. */
    public static void notFound(HttpExchange exchange) throws IOException {
        try (exchange) {
            RequestBody.discard(exchange);
            byte[] body = ("{\"error\":\"Not found: the xWeb service is at /xWeb/Secure/netForumXML.asmx (SOAP)"
                    + " and /xWeb/JSON/{Method} (JSON)\",\"field\":null}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ResponseBody.send(exchange, 404, body);
        }
    }
}
