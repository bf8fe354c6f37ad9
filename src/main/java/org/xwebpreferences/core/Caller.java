package org.xwebpreferences.core;

/** Who asks for a change, and through what: recorded with every change in the history. */
public record Caller(String user, String protocol, String correlationId) {

    public static final String SOAP = "SOAP";
    public static final String JSON = "JSON";
}
