package org.xwebpreferences.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.core.XwebError;

/**
 * A request the service could not serve for now (the database away, an
 * overload): the one log line it gets and the words the client gets, the
 * same over SOAP and JSON.
 */
public final class Unavailable {

    private static final Logger LOG = LoggerFactory.getLogger(Unavailable.class);

    private Unavailable() {
    }

    /**
     * Logs the failure, as a warning when it was refused on purpose to shield
     * the server (no cause), else as an error with its cause, and returns what
     * to tell the client: no cause, only the correlation id to quote.
     */
    public static String answer(XwebError error, String operation, String correlationId) {
        if (error.getCause() == null) {
            LOG.warn("[{}] {}: {}", correlationId, operation, error.getMessage());
        } else {
            LOG.error("[{}] {}: {}", correlationId, operation, error.getMessage(), error.getCause());
        }
        return "The service is unavailable: " + error.getMessage() + "; try again later (correlation id "
                + correlationId + ")";
    }
}
