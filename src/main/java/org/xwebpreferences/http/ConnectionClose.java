package org.xwebpreferences.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;

/**
 * Says {@code Connection: close} in the answer to a request that asked for
 * the connection to be closed, as RFC 9112 (9.6) asks and IIS does. The
 * JDK's server closes such a connection after the answer but, for HTTP/1.1,
 * does not say so; a client that keeps its socket unless told otherwise
 * (PHP's SoapClient with keep_alive off, Python's http.client) then sends
 * its next request into the closed socket and fails every second call.
 */
public final class ConnectionClose extends Filter {

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (asksToClose(exchange.getRequestHeaders().get("Connection"))) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "Connection: close in the answer when the request asked for it";
    }

    /** Whether the Connection header's comma-separated options include "close". */
    static boolean asksToClose(List<String> values) {
        if (values == null) {
            return false;
        }
        for (String value : values) {
            for (String option : value.split(",")) {
                if (option.strip().equalsIgnoreCase("close")) {
                    return true;
                }
            }
        }
        return false;
    }
}
