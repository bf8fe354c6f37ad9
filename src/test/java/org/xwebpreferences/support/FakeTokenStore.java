package org.xwebpreferences.support;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.xwebpreferences.auth.TokenRecord;
import org.xwebpreferences.auth.TokenStore;

/** Token rows in a map, as a unit test needs them. */
public final class FakeTokenStore implements TokenStore {

    private final Map<String, TokenRecord> byHash = new HashMap<>();
    private int finds;

    /** How often a token was looked up in the store. */
    public int finds() {
        return finds;
    }

    public int size() {
        return byHash.size();
    }

    /** Stores every token: this store knows no users, so no password ever changed. */
    @Override
    public boolean insert(String tokenHash, long userId, String passwordHash, Instant issuedAt, Instant expiresAt) {
        byHash.put(tokenHash, new TokenRecord(userId, "user-" + userId, true, passwordHash, issuedAt, expiresAt));
        return true;
    }

    @Override
    public Optional<TokenRecord> find(String tokenHash) {
        finds++;
        return Optional.ofNullable(byHash.get(tokenHash));
    }

    @Override
    public boolean delete(String tokenHash) {
        return byHash.remove(tokenHash) != null;
    }

    @Override
    public int deleteForUser(long userId) {
        int before = byHash.size();
        byHash.values().removeIf(record -> record.userId() == userId);
        return before - byHash.size();
    }

    @Override
    public int purgeExpired(Instant now) {
        int before = byHash.size();
        byHash.values().removeIf(record -> record.expiresAt().isBefore(now));
        return before - byHash.size();
    }
}
