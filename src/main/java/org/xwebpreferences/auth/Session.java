package org.xwebpreferences.auth;

/**
 * An accepted caller: the xWeb user, and the token to hand back in the
 * response (the presented one, or a new one).
 */
public record Session(String userName, String token) {

    @Override
    public String toString() {
        return "Session[user=" + userName + "]";
    }
}
