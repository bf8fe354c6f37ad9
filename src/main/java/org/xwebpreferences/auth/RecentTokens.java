package org.xwebpreferences.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token rows this node read a moment ago, so that a client calling several
 * times a second does not cost a database read per call. A row is kept for
 * {@link #MAX_AGE} at most: a token revoked on another node (user disabled,
 * password changed) stops working here within that time. Expiry is always
 * checked against the row's own time, so caching never extends a token.
 */
final class RecentTokens {

    static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(TokenRecord record, Instant readAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    RecentTokens(Clock clock) {
        this.clock = clock;
    }

    Optional<TokenRecord> get(String tokenHash) {
        Entry entry = entries.get(tokenHash);
        if (entry == null || !Ages.within(entry.readAt(), clock.instant(), MAX_AGE)) {
            return Optional.empty();
        }
        return Optional.of(entry.record());
    }

    void put(String tokenHash, TokenRecord record) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear(); // crude but bounded: the next calls read their rows again
        }
        entries.put(tokenHash, new Entry(record, clock.instant()));
    }
}
