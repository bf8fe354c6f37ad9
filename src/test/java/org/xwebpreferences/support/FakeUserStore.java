package org.xwebpreferences.support;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.xwebpreferences.auth.TokenStore;
import org.xwebpreferences.auth.User;
import org.xwebpreferences.auth.UserStore;
import org.xwebpreferences.core.XwebError;

/** Users in a list, as a unit test needs them; counts hash updates. */
public final class FakeUserStore implements UserStore {

    private final List<User> users = new ArrayList<>();
    private final List<Instant> createdAt = new ArrayList<>();
    private int hashUpdates;
    private int lookups;
    private boolean away;
    private TokenStore tokens;
    private CountDownLatch lookupEntered;
    private CountDownLatch lookupRelease;
    private Runnable beforeReplace;

    /** How often a user was looked up by name: once per password check. */
    public int lookups() {
        return lookups;
    }

    /** Makes every later lookup count {@code entered} down, then wait for {@code release}: a slow check. */
    public FakeUserStore holdingLookupsUntil(CountDownLatch entered, CountDownLatch release) {
        this.lookupEntered = entered;
        this.lookupRelease = release;
        return this;
    }

    /** Adds a user directly, bypassing the service's checks. */
    public User put(String name, String passwordHash, boolean enabled) {
        User user = new User(users.size() + 1L, name, passwordHash, enabled);
        users.add(user);
        createdAt.add(Instant.EPOCH);
        return user;
    }

    public Instant createdAt(String name) {
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i).name().equals(name)) {
                return createdAt.get(i);
            }
        }
        return null;
    }

    public int hashUpdates() {
        return hashUpdates;
    }

    /** The stored password hash of the user with this id. */
    public String hashOf(long userId) {
        return byId(userId).passwordHash();
    }

    /** Whether the user with this id may log in. */
    public boolean isEnabled(long userId) {
        return byId(userId).enabled();
    }

    private User byId(long userId) {
        return users.stream().filter(u -> u.id() == userId).findFirst().orElseThrow();
    }

    /** Makes every later lookup fail as with the database away (true), or work again (false). */
    public FakeUserStore away(boolean away) {
        this.away = away;
        return this;
    }

    @Override
    public Optional<User> findByName(String name) {
        lookups++;
        if (away) {
            throw XwebError.unavailable("The database could not read the user", new SQLException("Connection refused"));
        }
        if (lookupRelease != null) {
            lookupEntered.countDown();
            try {
                lookupRelease.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while held", e);
            }
        }
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    @Override
    public Optional<String> insertUnlessLookalike(String name, String passwordHash, Instant at,
            UnaryOperator<String> lookalike) {
        Optional<String> existing = users.stream().map(User::name)
                .filter(other -> other.equals(name) || lookalike.apply(other).equals(lookalike.apply(name)))
                .min((a, b) -> a.equals(name) ? -1 : b.equals(name) ? 1 : 0);
        if (existing.isPresent()) {
            return existing;
        }
        put(name, passwordHash, true);
        createdAt.set(createdAt.size() - 1, at);
        return Optional.empty();
    }

    @Override
    public boolean setEnabled(String name, boolean enabled) {
        for (int i = 0; i < users.size(); i++) {
            User user = users.get(i);
            if (user.name().equals(name)) {
                users.set(i, new User(user.id(), user.name(), user.passwordHash(), enabled));
                if (!enabled && tokens != null) {
                    tokens.deleteForUser(user.id());
                }
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean replacePasswordHash(long userId, String expected, String replacement) {
        Runnable change = beforeReplace;
        beforeReplace = null;
        if (change != null) {
            change.run();
        }
        for (int i = 0; i < users.size(); i++) {
            User user = users.get(i);
            if (user.id() == userId && user.passwordHash().equals(expected)) {
                hashUpdates++;
                users.set(i, new User(user.id(), user.name(), replacement, user.enabled()));
                return true;
            }
        }
        return false;
    }

    /** Runs {@code change} just before the next hash replacement: a change made meanwhile, elsewhere. */
    public FakeUserStore changingBeforeReplace(Runnable change) {
        beforeReplace = change;
        return this;
    }

    private void setHash(long userId, String passwordHash) {
        for (int i = 0; i < users.size(); i++) {
            User user = users.get(i);
            if (user.id() == userId) {
                users.set(i, new User(user.id(), user.name(), passwordHash, user.enabled()));
            }
        }
    }

    /** Without tokens of its own: {@link #revokingTokensIn} says whose to revoke. */
    @Override
    public void changePassword(long userId, String passwordHash) {
        setHash(userId, passwordHash);
        if (tokens != null) {
            tokens.deleteForUser(userId);
        }
    }

    /** The token store whose tokens of a user a password change revokes, as the one database does. */
    public FakeUserStore revokingTokensIn(TokenStore tokens) {
        this.tokens = tokens;
        return this;
    }

    @Override
    public List<User> list() {
        return List.copyOf(users);
    }

    @Override
    public boolean isEmpty() {
        return users.isEmpty();
    }
}
