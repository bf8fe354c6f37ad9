package org.xwebpreferences.auth;

import java.time.Instant;
import java.util.Optional;

/** Where issued tokens live: only a hash of each, never the token itself. */
public interface TokenStore {

    /**
     * Stores a token of the user, unless the user's password hash is no longer
     * {@code passwordHash} or the user is disabled or gone: false then. A token
     * stands for the credentials it was issued on, and a password change revokes
     * the user's tokens; one stored just after that, on the old password, would
     * outlive the change. The user's row is locked first, so a concurrent change
     * either waits for the token and revokes it too, or goes first and the token
     * is refused.
     */
    boolean insert(String tokenHash, long userId, String passwordHash, Instant issuedAt, Instant expiresAt);

    /**
     * Stores the successor of a token as {@link #insert} does, and only while
     * that token is still stored: disabling a user and enabling them again
     * revokes their tokens but leaves the password hash as it was, and a node
     * that still held a revoked token's row gave it a successor that lived on.
     */
    boolean insertSuccessor(String tokenHash, String predecessorHash, long userId, String passwordHash,
                            Instant issuedAt, Instant expiresAt);

    Optional<TokenRecord> find(String tokenHash);

    /** Removes a token; true only for the one caller that removed it. */
    boolean delete(String tokenHash);

    /** Removes every token of a user; returns how many. */
    int deleteForUser(long userId);

    /** Removes tokens that expired before {@code now}; returns how many. */
    int purgeExpired(Instant now);
}
