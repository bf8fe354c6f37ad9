package org.xwebpreferences.soap;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scheme and host a client used to reach this server, for the address in
 * the WSDL it is served: behind a proxy or load balancer the ones it forwards
 * (Forwarded, else X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-Port), so that a WSDL
 * fetched over https names an https address where TLS ends at the proxy; else
 * the connection's and the Host header. Each only shapes the WSDL its sender
 * gets, and only a plain host name or address is ever copied into it.
 */
final class ClientAddress {

    // A DNS name (labels of letters, digits, underscores as in Docker's service names, and
    // inner hyphens; a final dot allowed) or an IPv4 address, or a bracketed IPv6 literal;
    // then an optional port, checked for its range below.
    private static final Pattern SAFE_HOST = Pattern.compile(
            "(?:(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.)*[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.?"
                    + "|\\[[0-9A-Fa-f:.]{2,45}\\])(?::([0-9]{1,5}))?");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");

    private ClientAddress() {
    }

    /**
     * {@code scheme://host[:port]}, without a path. The host of a request in
     * absolute form ({@code GET http://host/...}) is its target's, which RFC
     * 9112 puts before the Host header. A port a proxy forwards apart
     * (X-Forwarded-Port) is added to a host that names none, and takes the place
     * of a port in the Host header, which a proxy may have pointed at the server
     * itself; a host the proxy forwards (Forwarded's host, X-Forwarded-Host)
     * keeps a port it names: behind a port mapping that is the port the client
     * used, where X-Forwarded-Port is the proxy's own. The scheme's own port is
     * left out.
     */
    static String of(HttpExchange exchange) {
        Headers headers = exchange.getRequestHeaders();
        Map<String, String> forwarded = forwardedElement(headers.getFirst("Forwarded"));
        String proto = firstNonNull(forwarded.get("proto"), firstValue(headers.getFirst("X-Forwarded-Proto")), "");
        String scheme = switch (proto.toLowerCase(Locale.ROOT)) {
            case "https" -> "https";
            case "http" -> "http";
            default -> exchange instanceof HttpsExchange ? "https" : "http";
        };
        // Only an absolute-form target has a scheme: a path starting "//x/" parses with an authority too.
        URI target = exchange.getRequestURI();
        String forwardedHost = firstNonNull(forwarded.get("host"), firstValue(headers.getFirst("X-Forwarded-Host")));
        String host = firstNonNull(forwardedHost, target.getScheme() == null ? null : target.getRawAuthority(),
                headers.getFirst("Host"));
        if (!isSafeHost(host)) {
            return scheme + "://" + authority(exchange.getLocalAddress());
        }
        return scheme + "://" + withForwardedPort(host, forwardedHost == null, scheme,
                firstValue(headers.getFirst("X-Forwarded-Port")));
    }

    /**
     * The address the request came in on, as a URL writes it: an IPv6 address
     * in brackets, its zone's '%' escaped (it went out bare, as
     * http://0:0:0:0:0:0:0:1:8080/, which no client can call: review).
     */
    static String authority(InetSocketAddress local) {
        String host = local.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host.replace("%", "%25") + "]" : host) + ":" + local.getPort();
    }

    /**
     * The host with a valid forwarded port added, or in place of its own where
     * {@code portReplaceable}; else the host as it is.
     */
    private static String withForwardedPort(String host, boolean portReplaceable, String scheme, String port) {
        boolean hostHasPort = host.lastIndexOf(':') > host.lastIndexOf(']');
        if (port == null || !PORT.matcher(port).matches() || Integer.parseInt(port) > 65_535
                || hostHasPort && !portReplaceable) {
            return host;
        }
        String name = hostHasPort ? host.substring(0, host.lastIndexOf(':')) : host;
        return port.equals(scheme.equals("https") ? "443" : "80") ? name : name + ":" + port;
    }

    /** A host name or address with an optional port from 1 to 65535: nothing else goes into a WSDL. */
    private static boolean isSafeHost(String host) {
        if (host == null || host.length() > 260) {
            return false;
        }
        Matcher matcher = SAFE_HOST.matcher(host);
        if (!matcher.matches()) {
            return false;
        }
        String port = matcher.group(1);
        return port == null || !port.startsWith("0") && Integer.parseInt(port) <= 65_535;
    }

    /** The parameters of the first element of a Forwarded header (RFC 7239), the one the client's proxy wrote. */
    private static Map<String, String> forwardedElement(String header) {
        if (header == null) {
            return Map.of();
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : header.split(",", 2)[0].split(";")) {
            String[] nameValue = pair.split("=", 2);
            if (nameValue.length == 2) {
                String value = nameValue[1].strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                parameters.putIfAbsent(nameValue[0].strip().toLowerCase(Locale.ROOT), value);
            }
        }
        return parameters;
    }

    /** The first of a comma-separated list of values (a chain of proxies), or null. */
    private static String firstValue(String header) {
        return header == null ? null : header.split(",", 2)[0].strip();
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
