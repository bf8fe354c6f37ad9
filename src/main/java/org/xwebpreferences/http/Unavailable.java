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
     * Logs the failure ({@link ServerErrorLog}: a few lines a minute of each kind),
     * as a warning when it was refused on purpose to shield the server (no cause),
     * else as an error, and
     * returns what to tell the client: no cause, only the correlation id to quote.
     */
    public static String answer(XwebError error, String operation, String correlationId) {
        Throwable cause = error.getCause();
        if (cause == null) {
            ServerErrorLog.turnedAway(LOG, correlationId, operation, error.getMessage());
        } else {
            ServerErrorLog.failed(LOG, correlationId, operation, error.getMessage(), cause);
        }
        return "The service is unavailable: " + error.getMessage() + "; try again later (correlation id "
                + correlationId + ")";
    }

    /**
     * busy for load turned away on purpose to shield the server (too many
     * logins being checked, no room for a large answer), as for the 503 after
     * a long queue wait; server_fault for everything else. A burst of logins
     * after a deploy counted as server faults, which operators alert on
     * (soak audit).
     */
    public static Outcome outcome(XwebError error) {
        return error.isShedding() ? Outcome.BUSY : Outcome.SERVER_FAULT;
    }
}
