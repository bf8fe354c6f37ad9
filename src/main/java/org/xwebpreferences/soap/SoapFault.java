package org.xwebpreferences.soap;

/**
 * A fault as the client will see it, before it is written in either SOAP
 * version. {@code token}, where present, goes back in the AuthorizationToken
 * header; {@code field} and {@code correlationId} go into the detail.
 */
record SoapFault(boolean clientsFault, String message, String field, String correlationId, String token) {

    static SoapFault client(String message, String field) {
        return new SoapFault(true, message, field, null, null);
    }

    SoapFault withToken(String newToken) {
        return new SoapFault(clientsFault, message, field, correlationId, newToken);
    }
}
