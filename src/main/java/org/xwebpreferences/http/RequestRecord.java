package org.xwebpreferences.http;

import com.sun.net.httpserver.HttpExchange;

/**
 * What is known about one request for its access-log line and its metrics:
 * filled in by the handler that serves it, read by {@link AccessLog} when it
 * is done. Never a token, a password or a body.
 */
public final class RequestRecord {

    private static final String ATTRIBUTE = RequestRecord.class.getName();

    private String protocol = "http";
    private String operation = "-";
    private Outcome outcome;
    private String user = "-";
    private String correlationId = "-";

    /** The record of the exchange; a fresh one (not logged) where no AccessLog filter made one. */
    public static RequestRecord of(HttpExchange exchange) {
        Object record = exchange.getAttribute(ATTRIBUTE);
        return record instanceof RequestRecord found ? found : new RequestRecord();
    }

    void attachTo(HttpExchange exchange) {
        exchange.setAttribute(ATTRIBUTE, this);
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
