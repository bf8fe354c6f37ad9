package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.DatabaseSettings;
import org.xwebpreferences.support.PostgresServer;

/** What `copy` refuses, and what it never says, against a real PostgreSQL target. */
class DatabaseCopyTest {

    private static final String HASH = "pbkdf2-sha256$1000$c2FsdA$secret-looking-hash";

    @TempDir
    Path dataDir;

    @Test
    void aTargetWhoseTablesBelongToAnotherUserIsRefusedBeforeAnyRowIsCopied() throws Exception {
        PostgresServer postgres = PostgresServer.shared();
        String url = postgres.createDatabase();
        Database.open(url, postgres.user(), postgres.password(), 1).close(); // the schema, made by the first node's user
        String writer = "writer_" + Long.toHexString(System.nanoTime());
        try (Connection admin = DriverManager.getConnection(url, postgres.user(), postgres.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + writer + " LOGIN PASSWORD 'writer-password'");
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + writer);
        }
        try (Database source = sourceWithOneUser();
             Database target = Database.open(url, writer, "writer-password", 1)) {
            assertThatThrownBy(() -> new DatabaseCopy(source, target, "--to-db-url").run(rows -> { }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--to-db-user: the target's tables belong to another user");
            assertThat(count(target, "xweb_user")).isZero();
        }
    }

    @Test
    void aRowTheTargetRefusesIsToldByTableAndStateWithoutItsValues() throws Exception {
        PostgresServer postgres = PostgresServer.shared();
        String url = postgres.createDatabase();
        try (Database source = sourceWithOneUser();
             Database target = Database.open(url, postgres.user(), postgres.password(), 1)) {
            try (Connection connection = target.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE xweb_user ADD CONSTRAINT no_crm CHECK (user_name <> 'crm')");
            }
            assertThatThrownBy(() -> new DatabaseCopy(source, target, "--to-db-url").run(rows -> { }))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("copying xweb_user failed (SQLState 23514)")
                    .hasNoCause();
            assertThat(count(target, "xweb_user")).isZero();
        }
    }

    /** An embedded database holding one user, "crm", whose hash must never be printed. */
    private Database sourceWithOneUser() {
        Database source = DatabaseSettings.embedded(dataDir).open();
        new JdbcUserStore(source).insertUnlessLookalike("crm", HASH, Instant.parse("2026-01-02T03:04:05Z"),
                UnaryOperator.identity());
        return source;
    }

    private static long count(Database database, String table) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
