package org.xwebpreferences.http;

import java.util.Locale;

/** How a request ended, as the access log and the metrics count it. */
public enum Outcome {
    SUCCESS, CLIENT_FAULT, AUTH_FAILURE, SERVER_FAULT;

    /** The label value: lower case, as Prometheus labels usually are. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
