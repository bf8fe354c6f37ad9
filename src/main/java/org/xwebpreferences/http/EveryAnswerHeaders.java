package org.xwebpreferences.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * The headers every answer carries. {@code Cache-Control: no-store}: they
 * carry tokens (Authenticate's answer, the token handed back in each SOAP
 * header and JSON WWW-Authenticate) and customers' preferences, which no
 * proxy or browser cache between client and server should keep (security
 * audit). {@code X-Content-Type-Options: nosniff}: error messages repeat what
 * the client sent, and a browser must not take an answer for other than its
 * Content-Type says (JSON audit).
 */
public final class EveryAnswerHeaders extends Filter {

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        chain.doFilter(exchange);
    }

    @Override
    public String description() {
        return "Cache-Control: no-store and X-Content-Type-Options: nosniff in every answer";
    }
}
