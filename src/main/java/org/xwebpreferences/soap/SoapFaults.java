package org.xwebpreferences.soap;

import jakarta.xml.soap.SOAPConstants;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPFactory;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;
import javax.xml.namespace.QName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.http.Outcome;
import org.xwebpreferences.http.ServerErrorLog;
import org.xwebpreferences.http.Unavailable;

/**
 * Turns whatever an operation threw into the fault the client gets: the one
 * place where SOAP maps errors. The client's mistakes come back with their
 * message; anything else is logged with a correlation id and only that id
 * reaches the client.
 */
final class SoapFaults {

    private static final Logger LOG = LoggerFactory.getLogger(SoapFaults.class);

    private SoapFaults() {
    }

    /**
     * Records the fault for the gate to write and returns the exception that
     * ends the Metro invocation. {@code token}, where not null, is handed back
     * in the fault's header (a caller whose token was accepted keeps a valid one).
     */
    static SOAPFaultException raise(RequestContext request, RuntimeException error, String token, String correlationId) {
        SoapFault fault = describe(error, request == null ? "?" : request.operation(), correlationId).withToken(token);
        if (request != null) {
            request.fail(fault);
        }
        return asException(request == null ? SoapVersion.SOAP_11 : request.version(), fault);
    }

    static SoapFault describe(RuntimeException error, String operation, String correlationId) {
        if (error instanceof XwebError known) {
            if (known.kind() == ErrorKind.UNAVAILABLE) {
                return new SoapFault(Unavailable.outcome(known), Unavailable.answer(known, operation, correlationId),
                        null, correlationId, null);
            }
            Outcome outcome = known.kind() == ErrorKind.UNAUTHENTICATED ? Outcome.AUTH_FAILURE : Outcome.CLIENT_FAULT;
            return new SoapFault(outcome, known.getMessage(), known.field(), null, null);
        }
        ServerErrorLog.failed(LOG, correlationId, operation, "failed", error);
        return internal(correlationId);
    }

    /** The fault for anything unexpected: the correlation id and nothing else. */
    static SoapFault internal(String correlationId) {
        return new SoapFault(Outcome.SERVER_FAULT, "Internal server error (correlation id " + correlationId + ")",
                null, correlationId, null);
    }

    private static SOAPFaultException asException(SoapVersion version, SoapFault fault) {
        String protocol = version == SoapVersion.SOAP_11 ? SOAPConstants.SOAP_1_1_PROTOCOL : SOAPConstants.SOAP_1_2_PROTOCOL;
        try {
            QName code = new QName(version.envelopeNamespace(), version.faultCode(fault.clientsFault()));
            return new SOAPFaultException(SOAPFactory.newInstance(protocol).createFault(fault.message(), code));
        } catch (SOAPException e) {
            throw new WebServiceException(fault.message(), e);
        }
    }
}
