package org.xwebpreferences.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Says {@code Cache-Control: no-store} in every answer: they carry tokens
 * (Authenticate's answer, the token handed back in each SOAP header and
 * JSON WWW-Authenticate) and customers' preferences, which no proxy or
 * browser cache between client and server should keep (security audit).
 */
public final class NoStore extends Filter {

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "Cache-Control: no-store in every answer";
    }
}
