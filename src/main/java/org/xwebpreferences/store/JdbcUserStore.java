package org.xwebpreferences.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xwebpreferences.auth.User;
import org.xwebpreferences.auth.UserStore;

/** xWeb users in the xweb_user table. */
public final class JdbcUserStore implements UserStore {

    private static final String COLUMNS = "SELECT id, user_name, password_hash, enabled FROM xweb_user";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbc jdbc;

    public JdbcUserStore(Database database) {
        this.jdbc = new Jdbc(database);
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
    public boolean insert(String name, String passwordHash, Instant createdAt) {
        return jdbc.transaction("add the user", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO xweb_user (user_name, password_hash, enabled, created_at) VALUES (?, ?, TRUE, ?)")) {
                insert.setString(1, name);
                insert.setString(2, passwordHash);
                insert.setObject(3, createdAt.atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false; // taken, perhaps by another node a moment ago
                }
                throw e;
            }
        });
    }

    @Override
    public void updatePasswordHash(long userId, String passwordHash) {
        jdbc.transaction("update the password", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE xweb_user SET password_hash = ? WHERE id = ?")) {
                update.setString(1, passwordHash);
                update.setLong(2, userId);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public boolean setEnabled(String name, boolean enabled) {
        return jdbc.transaction("change the user", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE xweb_user SET enabled = ? WHERE user_name = ?")) {
                update.setBoolean(1, enabled);
                update.setString(2, name);
                return update.executeUpdate() == 1;
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
