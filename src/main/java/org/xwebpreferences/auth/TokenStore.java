package org.xwebpreferences.auth;

import java.time.Instant;
import java.util.Optional;

/** Where issued tokens live: only a hash of each, never the token itself. */
public interface TokenStore {

    void insert(String tokenHash, long userId, Instant issuedAt, Instant expiresAt);

    Optional<TokenRecord> find(String tokenHash);

    /** Removes a token; true only for the one caller that removed it. */
    boolean delete(String tokenHash);

    /** Removes every token of a user; returns how many. */
    int deleteForUser(long userId);

    /** Removes tokens that expired before {@code now}; returns how many. */
    int purgeExpired(Instant now);
}
