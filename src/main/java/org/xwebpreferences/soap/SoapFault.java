package org.xwebpreferences.soap;

import java.util.List;
import javax.xml.namespace.QName;
import org.xwebpreferences.http.Outcome;

/**
 * A fault as the client will see it, before it is written in either SOAP
 * version. {@code token}, where present, goes back in the AuthorizationToken
 * header; {@code field} and {@code correlationId} go into the detail;
 * {@code notUnderstood}, where not empty, makes it a MustUnderstand fault about
 * those headers; {@code versionMismatch} a VersionMismatch fault.
 */
record SoapFault(Outcome outcome, String message, String field, String correlationId, String token,
                 List<QName> notUnderstood, boolean versionMismatch) {

    SoapFault(Outcome outcome, String message, String field, String correlationId, String token,
              List<QName> notUnderstood) {
        this(outcome, message, field, correlationId, token, notUnderstood, false);
    }

    SoapFault(Outcome outcome, String message, String field, String correlationId, String token) {
        this(outcome, message, field, correlationId, token, List.of());
    }

    static SoapFault client(String message, String field) {
        return new SoapFault(Outcome.CLIENT_FAULT, message, field, null, null);
    }

    /** The fault for an envelope the gate refused: a MustUnderstand fault where a header was not understood. */
    static SoapFault refused(EnvelopeRefused rejected) {
        return new SoapFault(Outcome.CLIENT_FAULT, rejected.getMessage(), rejected.field(), null, null,
                rejected.notUnderstood(), rejected.versionMismatch());
    }

    /** Client (1.1) or Sender (1.2) for everything but the server's own failures and refusals. */
    boolean clientsFault() {
        return outcome != Outcome.SERVER_FAULT && outcome != Outcome.BUSY;
    }

    SoapFault withToken(String newToken) {
        return new SoapFault(outcome, message, field, correlationId, newToken, notUnderstood, versionMismatch);
    }
}
