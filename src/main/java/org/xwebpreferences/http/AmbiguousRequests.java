package org.xwebpreferences.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Requests that a proxy in front of this server may read differently from
 * the JDK server beneath it, which is how one client's bytes end up run as
 * another request (request smuggling) or get past a rule on a path.
 * <ul>
 * <li>After a request with a Transfer-Encoding, or a body on a GET or HEAD,
 * the connection is closed: nothing the client sent after it is run. The JDK
 * reads a chunk size of 2^32 or more as a small number (100000000 as 0, the
 * last chunk) and a bare CR inside a header as a line break, so the bytes a
 * proxy forwards as one request's body could otherwise run as the next.</li>
 * <li>A path with a percent escape gets 404: the JDK decodes the path before
 * it picks a handler, so /%6detrics would be /metrics to this server and
 * another path to a proxy rule that keeps /metrics private. No path of this
 * server needs an escape.</li>
 * </ul>
 */
public final class AmbiguousRequests extends Filter {

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String path = exchange.getRequestURI().getRawPath(); // null for an opaque target such as mailto:x
        if (path != null && path.indexOf('%') >= 0) {
            refuseEscapedPath(exchange);
            return;
        }
        if (exchange.getRequestHeaders().containsKey("Transfer-Encoding") || hasBodyItShouldNot(exchange)) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        chain.doFilter(exchange);
    }

    private static boolean hasBodyItShouldNot(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return (method.equals("GET") || method.equals("HEAD")) && length != null && !length.strip().equals("0");
    }

    private static void refuseEscapedPath(HttpExchange exchange) throws IOException {
        try (exchange) {
            RequestRecord.current().outcome(Outcome.CLIENT_FAULT);
            exchange.getResponseHeaders().set("Connection", "close");
            byte[] body = "No such path: this server's paths have no percent escapes\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(404, head ? -1 : body.length);
            if (!head) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    @Override
    public String description() {
        return "closes the connection after requests a proxy may frame differently; 404 for escaped paths";
    }
}
