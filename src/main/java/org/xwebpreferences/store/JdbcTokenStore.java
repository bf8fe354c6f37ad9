package org.xwebpreferences.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.xwebpreferences.auth.TokenRecord;
import org.xwebpreferences.auth.TokenStore;

/**
 * Token hashes in the xweb_token table, shared by every server node. Every
 * change is a durable transaction: a token issued must work after a crash,
 * and one spent or revoked must stay so (with single-use tokens a spend that
 * a crash undid would let the token be used again).
 */
public final class JdbcTokenStore implements TokenStore {

    /** Expired tokens go in batches of this many (see {@link #purgeExpired}). */
    private static final int PURGE_BATCH = 1000;

    private final Jdbc jdbc;
    private final SqlDialect dialect;

    public JdbcTokenStore(Database database) {
        this.jdbc = new Jdbc(database);
        this.dialect = database.dialect();
    }

    @Override
    public boolean insert(String tokenHash, long userId, String passwordHash, Instant issuedAt, Instant expiresAt) {
        return insert(tokenHash, null, userId, passwordHash, issuedAt, expiresAt);
    }

    @Override
    public boolean insertSuccessor(String tokenHash, String predecessorHash, long userId, String passwordHash,
                                   Instant issuedAt, Instant expiresAt) {
        return insert(tokenHash, predecessorHash, userId, passwordHash, issuedAt, expiresAt);
    }

    /** {@code predecessorHash}: a token that must still be stored, or null. */
    private boolean insert(String tokenHash, String predecessorHash, long userId, String passwordHash,
                           Instant issuedAt, Instant expiresAt) {
        return jdbc.transaction("store the token", connection -> {
            try (PreparedStatement user = connection.prepareStatement(
                    "SELECT password_hash, enabled FROM xweb_user WHERE id = ?" + dialect.lockUserRow())) {
                user.setLong(1, userId);
                try (ResultSet rows = user.executeQuery()) {
                    if (!rows.next() || !rows.getString(1).equals(passwordHash) || !rows.getBoolean(2)) {
                        return false;
                    }
                }
            }
            // Read under the user's lock, which a revocation takes too: it has either removed the token, or waits.
            if (predecessorHash != null && !stored(connection, predecessorHash)) {
                return false;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO xweb_token (token_hash, user_id, issued_at, expires_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, tokenHash);
                insert.setLong(2, userId);
                insert.setObject(3, issuedAt.atOffset(ZoneOffset.UTC));
                insert.setObject(4, expiresAt.atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
                return true;
            }
        });
    }

    private static boolean stored(Connection connection, String tokenHash) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM xweb_token WHERE token_hash = ?")) {
            select.setString(1, tokenHash);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    @Override
    public Optional<TokenRecord> find(String tokenHash) {
        return jdbc.read("check the token", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT u.id, u.user_name, u.enabled, u.password_hash, t.issued_at, t.expires_at"
                            + " FROM xweb_token t JOIN xweb_user u ON u.id = t.user_id WHERE t.token_hash = ?")) {
                select.setString(1, tokenHash);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new TokenRecord(rows.getLong(1), rows.getString(2), rows.getBoolean(3),
                            rows.getString(4), rows.getObject(5, OffsetDateTime.class).toInstant(),
                            rows.getObject(6, OffsetDateTime.class).toInstant()));
                }
            }
        });
    }

    @Override
    public boolean delete(String tokenHash) {
        return jdbc.transaction("spend the token", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM xweb_token WHERE token_hash = ?")) {
                delete.setString(1, tokenHash);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int deleteForUser(long userId) {
        return jdbc.transaction("revoke the user's tokens", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM xweb_token WHERE user_id = ?")) {
                delete.setLong(1, userId);
                return delete.executeUpdate();
            }
        });
    }

    /**
     * Each batch is a transaction of its own, so that a purge never holds long
     * locks, and nodes purging at the same moment just share the work.
     */
    @Override
    public int purgeExpired(Instant now) {
        int total = 0;
        int removed;
        do {
            removed = jdbc.transaction("purge expired tokens", connection -> {
                try (PreparedStatement delete = connection.prepareStatement(dialect.purgeExpiredTokens(PURGE_BATCH))) {
                    delete.setObject(1, now.atOffset(ZoneOffset.UTC));
                    return delete.executeUpdate();
                }
            });
            total += removed;
        } while (removed == PURGE_BATCH);
        return total;
    }
}
