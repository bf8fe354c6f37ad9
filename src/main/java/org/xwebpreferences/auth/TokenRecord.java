package org.xwebpreferences.auth;

import java.time.Instant;

/** A stored token (by its hash) and the user it belongs to. */
public record TokenRecord(long userId, String userName, boolean userEnabled, Instant issuedAt, Instant expiresAt) {
}
