package org.xwebpreferences.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One access-log line and one metrics sample per request, whatever served it:
 * protocol, operation, outcome, duration, xWeb user, correlation id, status
 * and client address. The logger is {@value #LOGGER}; its level and where it
 * goes are the logging backend's business.
 */
public final class AccessLog extends Filter {

    public static final String LOGGER = "xweb.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final RequestMetrics metrics;

    private static final int MAX_FIELD = 100;

    public AccessLog(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        RequestRecord record = RequestRecord.begin();
        long start = System.nanoTime();
        try {
            chain.doFilter(exchange);
        } catch (IOException e) {
            // Writing the answer failed: the client went away, or the request
            // timeout closed the connection first. A write may have committed all
            // the same; the log must not call it delivered.
            record.connectionLost();
            throw e;
        } finally {
            RequestRecord.end();
            Duration duration = Duration.ofNanos(System.nanoTime() - start);
            int status = exchange.getResponseCode();
            Outcome outcome = record.outcome(status);
            metrics.record(record.protocol(), record.operation(), outcome, duration);
            if (LOG.isInfoEnabled()) {
                LOG.info("protocol={} operation={} outcome={} status={} duration_ms={} user={} correlation_id={} client={}",
                        record.protocol(), field(record.operation()), outcome.label(), status,
                        duration.toNanos() / 100_000 / 10.0, field(record.user()), field(record.correlationId()),
                        address(exchange.getRemoteAddress()));
            }
        }
    }

    @Override
    public String description() {
        return "access log and request metrics";
    }

    /**
     * A value as one token of the line, whoever chose it: spaces and control
     * characters (line breaks of every kind among them) escaped, so that no
     * value can end the line or forge a field, and format characters too
     * (a right-to-left override shows the rest of a line backwards in a
     * terminal); at most {@value #MAX_FIELD} characters.
     */
    static String field(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_FIELD) + 8);
        for (int i = 0; i < value.length() && i < MAX_FIELD; i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f && c <= 0x9f || Character.isSpaceChar(c)
                    || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return value.length() > MAX_FIELD ? out.append("...").toString() : out.toString();
    }

    private static String address(InetSocketAddress remote) {
        return remote == null ? "-" : remote.getAddress().getHostAddress();
    }
}
