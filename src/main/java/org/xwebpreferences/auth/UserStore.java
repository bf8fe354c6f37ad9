package org.xwebpreferences.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where xWeb users live. */
public interface UserStore {

    Optional<User> findByName(String name);

    /** Adds a user; false when one of that name exists already. */
    boolean insert(String name, String passwordHash, Instant createdAt);

    void updatePasswordHash(long userId, String passwordHash);

    /** Enables or disables a user; false when there is no user of that name. */
    boolean setEnabled(String name, boolean enabled);

    List<User> list();

    boolean isEmpty();
}
