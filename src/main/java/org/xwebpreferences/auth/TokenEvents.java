package org.xwebpreferences.auth;

/** What the token service tells the metrics: a token issued, a token refused. */
public interface TokenEvents {

    TokenEvents NONE = new TokenEvents() {
    };

    default void issued() {
    }

    default void rejected() {
    }
}
