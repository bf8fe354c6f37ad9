package org.xwebpreferences.auth;

import java.time.Instant;

/**
 * A stored token (by its hash) and the user it belongs to, with the user's
 * password hash as it is now: a successor token is issued only while it stays
 * the same (see {@link TokenStore#insert}).
 */
public record TokenRecord(long userId, String userName, boolean userEnabled, String userPasswordHash,
                          Instant issuedAt, Instant expiresAt) {

    @Override
    public String toString() {
        return "TokenRecord[userId=" + userId + ", userName=" + userName + ", userEnabled=" + userEnabled
                + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}
