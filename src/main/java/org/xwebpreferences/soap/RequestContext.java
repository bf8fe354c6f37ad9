package org.xwebpreferences.soap;

import org.xwebpreferences.http.AnswerMemory;
import org.xwebpreferences.http.RequestRecord;

/**
 * What the gate and the endpoint share about one SOAP request: set by the
 * gate for the thread that runs Metro (Metro calls the endpoint on that same
 * thread), and read back by the gate to write the endpoint's fault in the one
 * fault format. Not an exchange attribute: the JDK 17 server keeps those in
 * the HttpContext, shared by every request in flight.
 */
final class RequestContext {

    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

    private final SoapVersion version;
    private final String operation;
    private final String correlationId;
    private final RequestRecord record;
    private final AnswerMemory.Room answerRoom;
    private SoapFault fault;
    private String tokenHandedBack;

    RequestContext(SoapVersion version, String operation, String correlationId, RequestRecord record,
                   AnswerMemory.Room answerRoom) {
        this.version = version;
        this.operation = operation;
        this.correlationId = correlationId;
        this.record = record;
        this.answerRoom = answerRoom;
    }

    /** The access-log record, where the endpoint notes the xWeb user. */
    RequestRecord record() {
        return record;
    }

    /** The memory the answer may take while it is made and sent. */
    AnswerMemory.Room answerRoom() {
        return answerRoom;
    }

    /** Makes this the current request of the calling thread until {@link #finish()}. */
    void begin() {
        CURRENT.set(this);
    }

    void finish() {
        CURRENT.remove();
    }

    /** The request the calling thread serves, or null where it did not come through the gate. */
    static RequestContext current() {
        return CURRENT.get();
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

    /** The token the answer hands back, for a fault that replaces the answer to carry. */
    String tokenHandedBack() {
        return tokenHandedBack;
    }

    void handBack(String token) {
        this.tokenHandedBack = token;
    }
}
