package org.xwebpreferences.soap;

import org.xwebpreferences.http.Outcome;

/**
 * A fault as the client will see it, before it is written in either SOAP
 * version. {@code token}, where present, goes back in the AuthorizationToken
 * header; {@code field} and {@code correlationId} go into the detail.
 */
record SoapFault(Outcome outcome, String message, String field, String correlationId, String token) {

    static SoapFault client(String message, String field) {
        return new SoapFault(Outcome.CLIENT_FAULT, message, field, null, null);
    }

    /** Client (1.1) or Sender (1.2) for everything but the server's own failures. */
    boolean clientsFault() {
        return outcome != Outcome.SERVER_FAULT;
    }

    SoapFault withToken(String newToken) {
        return new SoapFault(outcome, message, field, correlationId, newToken);
    }
}
