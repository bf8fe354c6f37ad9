package org.xwebpreferences.http;

/**
 * What is known about one request for its access-log line and its metrics:
 * filled in by the handler that serves it, read by {@link AccessLog} when it
 * is done. Never a token, a password or a body.
 *
 * It is held per worker thread, which serves one exchange from the first
 * filter to the last byte. Not as an exchange attribute: the JDK 17 server
 * keeps those in the HttpContext, shared by every request in flight on it.
 */
public final class RequestRecord {

    private static final ThreadLocal<RequestRecord> CURRENT = new ThreadLocal<>();

    private String protocol = "http";
    private String operation = "-";
    private Outcome outcome;
    private String user = "-";
    private String correlationId = "-";

    /** The record of the request this thread serves; a fresh one (not logged) outside an {@link AccessLog}. */
    public static RequestRecord current() {
        RequestRecord record = CURRENT.get();
        return record != null ? record : new RequestRecord();
    }

    /** A new record for the request this thread starts to serve. */
    static RequestRecord begin() {
        RequestRecord record = new RequestRecord();
        CURRENT.set(record);
        return record;
    }

    static void end() {
        CURRENT.remove();
    }

    public RequestRecord protocol(String value) {
        protocol = value;
        return this;
    }

    public RequestRecord operation(String value) {
        operation = value;
        return this;
    }

    public RequestRecord outcome(Outcome value) {
        outcome = value;
        return this;
    }

    /** The connection broke while the answer was written: it never arrived, whatever it said, unless the server failed. */
    public void connectionLost() {
        if (outcome != Outcome.SERVER_FAULT) {
            outcome = Outcome.CLIENT_GONE;
        }
    }

    public RequestRecord user(String value) {
        user = value;
        return this;
    }

    public RequestRecord correlationId(String value) {
        correlationId = value;
        return this;
    }

    String protocol() {
        return protocol;
    }

    String operation() {
        return operation;
    }

    /** The outcome the handler set, or one read off the HTTP status. */
    Outcome outcome(int status) {
        if (outcome != null) {
            return outcome;
        }
        if (status == 401) {
            return Outcome.AUTH_FAILURE;
        }
        return status >= 500 || status <= 0 ? Outcome.SERVER_FAULT
                : status >= 400 ? Outcome.CLIENT_FAULT : Outcome.SUCCESS;
    }

    String user() {
        return user;
    }

    public String correlationId() {
        return correlationId;
    }
}
