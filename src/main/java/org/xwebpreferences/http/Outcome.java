package org.xwebpreferences.http;

import java.util.Locale;

/**
 * How a request ended, as the access log and the metrics count it.
 * CLIENT_GONE: the answer could not be delivered, because the client closed
 * the connection or the request timeout did.
 */
public enum Outcome {
    SUCCESS, CLIENT_FAULT, AUTH_FAILURE, SERVER_FAULT, CLIENT_GONE;

    /** The label value: lower case, as Prometheus labels usually are. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
