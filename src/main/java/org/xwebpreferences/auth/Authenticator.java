package org.xwebpreferences.auth;

import java.util.Optional;
import org.xwebpreferences.core.XwebError;

/**
 * Checks an xWeb user's name and password. A wrong name and a wrong password
 * cost the same time and get the same answer, so the answer tells an attacker
 * nothing about which user names exist.
 */
public final class Authenticator {

    private final UserStore users;
    private final PasswordHasher hasher;
    private final LoginLimiter limiter;
    /**
     * What an unknown name's password is checked against, for the same cost.
     * Made at start: made at the first unknown name, it cost that login a
     * second hash (telling the name was unknown) and ran outside the limiter,
     * once for every such login that came meanwhile (review: 48 at once after
     * a start took 17 s of CPU).
     */
    private final String decoyHash;

    public Authenticator(UserStore users, PasswordHasher hasher, LoginLimiter limiter) {
        this.users = users;
        this.hasher = hasher;
        this.limiter = limiter;
        this.decoyHash = hasher.hash("decoy password that matches no user");
    }

    /**
     * The user whose name and password these are; empty for a failed login (a
     * result, not an error). Throws only when the check itself cannot run.
     */
    public Optional<User> verify(String name, String password) {
        // A name no user can have is refused before it is looked up or remembered:
        // the limiter keeps names it saw fail, and a client could send large ones.
        // PBKDF2's HMAC pads a short password with NULs: "pw" and "pw\0" would both match. None is set so now
        // (one set earlier with a NUL inside still works: only those at the end are the same password).
        if (name == null || password == null || !UserService.couldBeAName(name) || password.endsWith("\0")
                || limiter.lockedOut(name)) {
            return Optional.empty();
        }
        Optional<User> user = users.findByName(name);
        String stored = user.map(User::passwordHash).orElse(decoyHash); // same cost for an unknown name
        // Asked again once it is this login's turn: guesses that came together each got a hash, after the first
        // had locked the name (review: five on two cores instead of one).
        Boolean matches = limiter.withHashSlot(() -> limiter.lockedOut(name) ? null : hasher.verify(password, stored));
        if (matches == null) {
            return Optional.empty();
        }
        if (user.isEmpty() || !matches || !user.get().enabled()) {
            limiter.failed(name);
            return Optional.empty();
        }
        limiter.succeeded(name);
        return strengthened(user.get(), password);
    }

    /**
     * The user with the password hashed at this server's iteration count, where
     * it was hashed with fewer. The stored hash is replaced only if it is still
     * the one just checked: a password changed meanwhile (by {@code user passwd}
     * on a shared database) must not be overwritten by a hash of the old one.
     */
    private Optional<User> strengthened(User user, String password) {
        if (!hasher.needsRehash(user.passwordHash())) {
            return Optional.of(user);
        }
        String stronger = limiter.withHashSlot(() -> hasher.hash(password));
        if (users.replacePasswordHash(user.id(), user.passwordHash(), stronger)) {
            return Optional.of(new User(user.id(), user.name(), stronger, user.enabled()));
        }
        // Another login strengthened it first, or the password was changed: check against what is stored now.
        Optional<User> current = users.findByName(user.name());
        boolean stillMatches = current.isPresent() && current.get().enabled()
                && limiter.withHashSlot(() -> hasher.verify(password, current.get().passwordHash()));
        return stillMatches ? current : Optional.empty();
    }

    /** The user, or the one answer every failed login gets. */
    public User login(String name, String password) {
        return verify(name, password).orElseThrow(Authenticator::failed);
    }

    /** The one answer to every failed login, whatever was wrong. */
    public static XwebError failed() {
        return XwebError.unauthenticated(null, "Authentication failed: the user name or password is wrong");
    }
}
