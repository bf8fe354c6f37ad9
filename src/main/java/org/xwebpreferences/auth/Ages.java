package org.xwebpreferences.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * Ages of what is kept in memory (a token's row, a checked password, a
 * lockout), measured by the wall clock, which NTP or an operator can set
 * back. A time still to come counts as no age at all: otherwise a clock set
 * back by ten minutes kept a revoked token, or a changed password, working
 * for ten minutes more than the documented seconds (code review).
 */
final class Ages {

    private Ages() {
    }

    /** Whether less than {@code limit} has passed from {@code since} to {@code now}; false if since is later. */
    static boolean within(Instant since, Instant now, Duration limit) {
        return !now.isBefore(since) && Duration.between(since, now).compareTo(limit) < 0;
    }
}
