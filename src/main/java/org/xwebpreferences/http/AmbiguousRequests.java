package org.xwebpreferences.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.xwebpreferences.core.Texts;

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
 * <li>A request target that is neither a path starting with one slash nor an
 * absolute http(s) URL gets 400. The JDK reads //x/metrics as host x and path
 * /metrics; a proxy reads it as the path /x/metrics, which a rule that keeps
 * /metrics private does not match, and forwards it as it came.</li>
 * <li>A path with a percent escape gets 404: the JDK decodes the path before
 * it picks a handler, so /%6detrics would be /metrics to this server and
 * another path to a proxy rule that keeps /metrics private. No path of this
 * server needs an escape.</li>
 * <li>What the JDK lets through and HTTP/1.1 (RFC 9112) refuses gets 400 or
 * 505 on a connection that then closes: a Content-Length other than digits
 * (the JDK reads "+583" as 583, a proxy may not), an HTTP/1.1 request without
 * exactly one Host, and a version other than HTTP/1.0 or HTTP/1.1 (the JDK
 * serves "HTTP/2.0" or "FOO/1.1" as 1.1), and a Content-Length or
 * Transfer-Encoding inside another header's value, where a folded line puts
 * it.</li>
 * </ul>
 */
public final class AmbiguousRequests extends Filter {

    private static final List<String> FRAMING_HEADERS = List.of("Content-Length", "Transfer-Encoding");

    private final EarlyAnswer answer;

    /** @param jsonPath where the JSON methods live: answers there are JSON */
    public AmbiguousRequests(String jsonPath) {
        this.answer = new EarlyAnswer(jsonPath);
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (!isOriginOrAbsoluteForm(exchange.getRequestURI())) {
            refuse(exchange, 400, "Request target: send a path that starts with a single '/', such as "
                    + "/xWeb/Secure/netForumXML.asmx, or an absolute http or https URL");
            return;
        }
        String path = exchange.getRequestURI().getRawPath(); // null for an opaque target such as mailto:x
        if (path != null && path.indexOf('%') >= 0) {
            refuse(exchange, 404, "No such path: this server's paths have no percent escapes");
            return;
        }
        String protocol = exchange.getProtocol();
        if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
            refuse(exchange, 505, "HTTP version not supported: send HTTP/1.1 or HTTP/1.0");
            return;
        }
        String badHeader = badFraming(exchange, protocol);
        if (badHeader != null) {
            refuse(exchange, 400, badHeader);
            return;
        }
        String method = exchange.getRequestMethod();
        if (exchange.getRequestHeaders().containsKey("Transfer-Encoding")
                || (method.equals("GET") || method.equals("HEAD")) && RequestBody.isDeclared(exchange)) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        chain.doFilter(exchange);
    }

    /**
     * The request line's target as HTTP/1.1 has it for a server: a path (that is
     * not the start of an authority, //), or an absolute http or https URL with a
     * host. The JDK keeps the target as it came in the URI's text.
     */
    private static boolean isOriginOrAbsoluteForm(URI target) {
        String text = target.toString();
        if (text.startsWith("/")) {
            return !text.startsWith("//");
        }
        String scheme = target.getScheme();
        return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                && target.getRawAuthority() != null && text.regionMatches(true, scheme.length(), "://", 0, 3);
    }

    /** What is wrong with the request's Content-Length or Host, or null. */
    private static String badFraming(HttpExchange exchange, String protocol) {
        List<String> lengths = exchange.getRequestHeaders().get("Content-Length");
        if (lengths != null) {
            for (String length : lengths) {
                if (!isDigits(length.strip())) {
                    return "Content-Length: " + shown(length) + " is not a number of bytes: send digits only";
                }
            }
        }
        List<String> hosts = exchange.getRequestHeaders().get("Host");
        if (protocol.equals("HTTP/1.1") && (hosts == null || hosts.size() != 1)) {
            return "Host: an HTTP/1.1 request must have one Host header, not " + (hosts == null ? 0 : hosts.size());
        }
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                String hidden = value.indexOf(':') < 0 ? null : hiddenFramingHeader(value);
                if (hidden != null) {
                    return "Header " + shown(header.getKey()) + ": its value holds '" + hidden + ":', as a header"
                            + " line folded into it (a line that starts with a space or tab) would: send each header"
                            + " on a line of its own";
                }
            }
        }
        return null;
    }

    /**
     * The name of a framing header inside another header's value, or null. The
     * JDK joins a line that starts with a space or tab (obsolete line folding)
     * to the header before it, so " Content-Length: 734" hid a body from it
     * that a proxy taking the line as a header of its own forwards, and the
     * body ran as the next request.
     */
    private static String hiddenFramingHeader(String value) {
        for (String name : FRAMING_HEADERS) {
            for (int at = 0; at + name.length() < value.length(); at++) {
                if ((at == 0 || isSpaceOrTab(value.charAt(at - 1)))
                        && value.regionMatches(true, at, name, 0, name.length())
                        && colonAfterSpaces(value, at + name.length())) {
                    return name;
                }
            }
        }
        return null;
    }

    /** Read in place, not from a copy of the rest: a value of many names without a colon took seconds. */
    private static boolean colonAfterSpaces(String value, int from) {
        int at = from;
        while (at < value.length() && isSpaceOrTab(value.charAt(at))) {
            at++;
        }
        return at < value.length() && value.charAt(at) == ':';
    }

    private static boolean isSpaceOrTab(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A header value as quoted in an answer: short, and only printable ASCII. */
    private static String shown(String value) {
        String cut = Texts.cut(value, 40);
        return "'" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    private void refuse(HttpExchange exchange, int status, String text) throws IOException {
        try (exchange) {
            RequestRecord.current().outcome(Outcome.CLIENT_FAULT);
            exchange.getResponseHeaders().set("Connection", "close");
            answer.send(exchange, status, text, null);
        }
    }

    @Override
    public String description() {
        return "closes the connection after requests a proxy may frame differently; refuses targets other than"
                + " a path or an http(s) URL, escaped paths,"
                + " a Content-Length other than digits, a missing Host, framing headers folded into others and"
                + " unknown HTTP versions";
    }
}
