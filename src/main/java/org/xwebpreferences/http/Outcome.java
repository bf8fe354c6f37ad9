package org.xwebpreferences.http;

import java.util.Locale;

/**
 * How a request ended, as the access log and the metrics count it.
 * CLIENT_GONE: the answer could not be delivered, because the client closed
 * the connection or the request timeout did. STOPPING: turned away with 503
 * because the server is shutting down, as on every deploy. BUSY: turned away
 * with 503 after waiting longer than the limit for a worker (overload). Both
 * apart from SERVER_FAULT, so that an alert on server faults fires on
 * failures, not on a deploy or a burst of load.
 */
public enum Outcome {
    SUCCESS, CLIENT_FAULT, AUTH_FAILURE, SERVER_FAULT, CLIENT_GONE, STOPPING, BUSY;

    /** The label value: lower case, as Prometheus labels usually are. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
