package org.xwebpreferences.support;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.xwebpreferences.auth.TokenRecord;
import org.xwebpreferences.auth.TokenStore;
import org.xwebpreferences.core.XwebError;

/** Token rows in a map, as a unit test needs them. */
public final class FakeTokenStore implements TokenStore {

    private final Map<String, TokenRecord> byHash = new HashMap<>();
    private int finds;
    private FakeUserStore users;
    private boolean away;

    /** How often a token was looked up in the store. */
    public int finds() {
        return finds;
    }

    public int size() {
        return byHash.size();
    }

    /**
     * Makes every later insert check the user's password hash, and that the
     * user is enabled, in {@code users}, as the database does.
     */
    public FakeTokenStore checkingUsersIn(FakeUserStore users) {
        this.users = users;
        return this;
    }

    /** Makes every later insert fail as with the database away (true), or work again (false). */
    public FakeTokenStore away(boolean away) {
        this.away = away;
        return this;
    }

    /**
     * Stores every token, unless {@link #checkingUsersIn} gave users whose hash
     * is no longer the one given, or who are disabled.
     */
    @Override
    public boolean insert(String tokenHash, long userId, String passwordHash, Instant issuedAt, Instant expiresAt) {
        if (away) {
            throw XwebError.unavailable("The database could not store the token", new SQLException("Connection refused"));
        }
        if (users != null && (!users.hashOf(userId).equals(passwordHash) || !users.isEnabled(userId))) {
            return false;
        }
        byHash.put(tokenHash, new TokenRecord(userId, "user-" + userId, true, passwordHash, issuedAt, expiresAt));
        return true;
    }

    @Override
    public boolean insertSuccessor(String tokenHash, String predecessorHash, long userId, String passwordHash,
                                   Instant issuedAt, Instant expiresAt) {
        return byHash.containsKey(predecessorHash) && insert(tokenHash, userId, passwordHash, issuedAt, expiresAt);
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
