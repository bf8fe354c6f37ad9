package org.xwebpreferences.soap;

import com.sun.net.httpserver.HttpExchange;
import org.xwebpreferences.http.RequestRecord;

/**
 * What the gate and the endpoint share about one SOAP request: set by the
 * gate on the HTTP exchange, where the endpoint finds it, and read back by
 * the gate to write the endpoint's fault in the one fault format.
 */
final class RequestContext {

    private static final String ATTRIBUTE = RequestContext.class.getName();

    private final SoapVersion version;
    private final String operation;
    private final String correlationId;
    private final RequestRecord record;
    private SoapFault fault;

    RequestContext(SoapVersion version, String operation, String correlationId, RequestRecord record) {
        this.version = version;
        this.operation = operation;
        this.correlationId = correlationId;
        this.record = record;
    }

    /** The access-log record, where the endpoint notes the xWeb user. */
    RequestRecord record() {
        return record;
    }

    void attachTo(HttpExchange exchange) {
        exchange.setAttribute(ATTRIBUTE, this);
    }

    /** The context of the exchange, or null where the request did not come through the gate. */
    static RequestContext of(HttpExchange exchange) {
        return exchange == null ? null : (RequestContext) exchange.getAttribute(ATTRIBUTE);
    }

    SoapVersion version() {
        return version;
    }

    String operation() {
        return operation;
    }

    String correlationId() {
        return correlationId;
    }

    SoapFault fault() {
        return fault;
    }

    void fail(SoapFault fault) {
        this.fault = fault;
    }
}
