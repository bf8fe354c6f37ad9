package org.xwebpreferences.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Where xWeb users live. */
public interface UserStore {

    Optional<User> findByName(String name);

    /**
     * Adds a user unless a user of the same name, or of a name with the same
     * {@code lookalike} key, exists: returns that user's name, or empty when the
     * user was added. The check and the insert are one step against concurrent
     * adds, on every node of a shared database.
     */
    Optional<String> insertUnlessLookalike(String name, String passwordHash, Instant createdAt,
            UnaryOperator<String> lookalike);

    /**
     * Replaces the stored hash with a stronger hash of the same password (on
     * login), only if the stored hash is still {@code expected}; false if it is
     * not (the password changed, or another login replaced it first).
     */
    boolean replacePasswordHash(long userId, String expected, String replacement);

    /**
     * Sets a new password's hash and revokes every token of the user, in one
     * transaction: a password changed while the old one's tokens live on, or
     * tokens revoked for a change that failed, would each mislead the operator.
     */
    void changePassword(long userId, String passwordHash);

    /**
     * Enables or disables a user; false when there is no user of that name.
     * Disabling revokes the user's tokens in the same transaction: done in two,
     * a failure between them left a disabled user's tokens, which enabling
     * brought back (code review).
     */
    boolean setEnabled(String name, boolean enabled);

    List<User> list();

    boolean isEmpty();
}
