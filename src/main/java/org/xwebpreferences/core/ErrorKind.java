package org.xwebpreferences.core;

/** What went wrong, in the terms each transport maps to its own answer. */
public enum ErrorKind {
    /** The request itself is wrong: a Client fault, HTTP 400. */
    INVALID_INPUT,
    /** No valid token or credentials: a Client fault, HTTP 401. */
    UNAUTHENTICATED,
    /** The database could not be reached or failed: a Server fault, HTTP 503. */
    UNAVAILABLE
}
