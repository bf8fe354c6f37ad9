package org.xwebpreferences.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.xwebpreferences.auth.User;
import org.xwebpreferences.auth.UserStore;

/** xWeb users in the xweb_user table. */
public final class JdbcUserStore implements UserStore {

    private static final String COLUMNS = "SELECT id, user_name, password_hash, enabled FROM xweb_user";
    private static final ReentrantLock H2_ADDS = new ReentrantLock();

    private final Jdbc jdbc;
    private final SqlDialect dialect;

    public JdbcUserStore(Database database) {
        this.jdbc = new Jdbc(database);
        this.dialect = database.dialect();
    }

    @Override
    public Optional<User> findByName(String name) {
        return jdbc.read("look the user up", connection -> {
            try (PreparedStatement select = connection.prepareStatement(COLUMNS + " WHERE user_name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(readUser(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<String> insertUnlessLookalike(String name, String passwordHash, Instant createdAt,
            UnaryOperator<String> lookalike) {
        return jdbc.transaction("add the user", this::takeTurnInMemory, connection -> {
            takeTurnInDatabase(connection);
            Optional<String> existing = findLookalike(connection, name, lookalike);
            if (existing.isPresent()) {
                return existing;
            }
            // A unique violation here (a writer that skipped the turn) is retried, and the retry finds the name.
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO xweb_user (user_name, password_hash, enabled, created_at) VALUES (?, ?, TRUE, ?)")) {
                insert.setString(1, name);
                insert.setString(2, passwordHash);
                insert.setObject(3, createdAt.atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
                return Optional.<String>empty();
            }
        });
    }

    /** On H2 one process owns the database, so adds take turns in memory. */
    private Lock takeTurnInMemory() {
        if (dialect != SqlDialect.H2) {
            return null;
        }
        H2_ADDS.lock();
        return H2_ADDS;
    }

    /** On PostgreSQL, adds on every node take turns by an advisory lock held until the transaction ends. */
    private void takeTurnInDatabase(Connection connection) throws SQLException {
        if (dialect.lockUsers() != null) {
            try (PreparedStatement lock = connection.prepareStatement(dialect.lockUsers())) {
                lock.execute();
            }
        }
    }

    /** The user of that name, else the first whose name has the same lookalike key. */
    private static Optional<String> findLookalike(Connection connection, String name, UnaryOperator<String> lookalike)
            throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT user_name FROM xweb_user ORDER BY id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        if (names.contains(name)) {
            return Optional.of(name);
        }
        String key = lookalike.apply(name);
        return names.stream().filter(existing -> lookalike.apply(existing).equals(key)).findFirst();
    }

    @Override
    public boolean replacePasswordHash(long userId, String expected, String replacement) {
        return jdbc.transaction("update the password", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE xweb_user SET password_hash = ? WHERE id = ? AND password_hash = ?")) {
                update.setString(1, replacement);
                update.setLong(2, userId);
                update.setString(3, expected);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void changePassword(long userId, String passwordHash) {
        jdbc.transaction("change the password", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE xweb_user SET password_hash = ? WHERE id = ?");
                 PreparedStatement revoke = connection.prepareStatement("DELETE FROM xweb_token WHERE user_id = ?")) {
                update.setString(1, passwordHash);
                update.setLong(2, userId);
                update.executeUpdate();
                revoke.setLong(1, userId);
                return revoke.executeUpdate();
            }
        });
    }

    @Override
    public boolean setEnabled(String name, boolean enabled) {
        return jdbc.transaction("change the user", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE xweb_user SET enabled = ? WHERE user_name = ?");
                 PreparedStatement revoke = connection.prepareStatement(
                         "DELETE FROM xweb_token WHERE user_id IN (SELECT id FROM xweb_user WHERE user_name = ?)")) {
                update.setBoolean(1, enabled);
                update.setString(2, name);
                boolean changed = update.executeUpdate() == 1;
                if (changed && !enabled) {
                    revoke.setString(1, name);
                    revoke.executeUpdate();
                }
                return changed;
            }
        });
    }

    @Override
    public List<User> list() {
        return jdbc.read("list the users", connection -> {
            try (PreparedStatement select = connection.prepareStatement(COLUMNS + " ORDER BY user_name");
                 ResultSet rows = select.executeQuery()) {
                List<User> users = new ArrayList<>();
                while (rows.next()) {
                    users.add(readUser(rows));
                }
                return users;
            }
        });
    }

    @Override
    public boolean isEmpty() {
        return jdbc.read("count the users", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM xweb_user FETCH FIRST 1 ROWS ONLY");
                 ResultSet rows = select.executeQuery()) {
                return !rows.next();
            }
        });
    }

    private static User readUser(ResultSet rows) throws SQLException {
        return new User(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getBoolean(4));
    }
}
