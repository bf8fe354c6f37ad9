package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.DatabaseSettings;
import org.xwebpreferences.auth.User;
import org.xwebpreferences.core.Caller;
import org.xwebpreferences.core.ChangeRecord;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.HistoryEntry;
import org.xwebpreferences.core.HistoryQuery;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceChange;
import org.xwebpreferences.core.PreferenceStatus;
import org.xwebpreferences.support.PostgresServer;

/** What `copy` copies and refuses, and what it never says: embedded targets, and real PostgreSQL ones. */
class DatabaseCopyTest {

    private static final String HASH = "pbkdf2-sha256$1000$c2FsdA$secret-looking-hash";
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

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

    /**
     * Embedded to embedded: every row arrives, progress is told per thousand
     * rows and per table, and the target's next user and history entry get ids
     * after the copied ones.
     */
    @Test
    void everyRowIsCopiedWithProgressAndTheTargetGoesOnAfterTheCopiedIds(@TempDir Path targetDir) throws Exception {
        Guid customer = new Guid(UUID.randomUUID());
        List<MailingListPreference> settings = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            settings.add(new MailingListPreference(new Guid(UUID.randomUUID()), "List " + i, null,
                    PreferenceStatus.OptIn, null, null, null, null));
        }
        List<Long> progress = new ArrayList<>();
        try (Database source = sourceWithOneUser();
             Database target = DatabaseSettings.embedded(targetDir).open()) {
            new JdbcUserStore(source).insertUnlessLookalike("sync", HASH, AT, UnaryOperator.identity());
            new JdbcPreferenceStore(source, new JdbcPreferenceHistory(source), 2_000)
                    .upsert(new PreferenceChange(customer, settings), new ChangeRecord(AT, "crm", Caller.SOAP, "c-1"));

            DatabaseCopy.Copied copied = new DatabaseCopy(source, target, "--to-data-dir").run(progress::add);

            assertThat(copied).isEqualTo(new DatabaseCopy.Copied(2, 1_001, 1_001));
            assertThat(DatabaseCopy.count(target)).isEqualTo(copied);
            assertThat(progress).containsExactly(2L, 1_002L, 1_003L, 2_003L, 2_004L);
            JdbcUserStore users = new JdbcUserStore(target);
            assertThat(users.insertUnlessLookalike("web", HASH, AT, UnaryOperator.identity())).isEmpty();
            assertThat(users.list()).extracting(User::name, User::id)
                    .containsExactly(tuple("crm", 1L), tuple("sync", 2L), tuple("web", 3L));
            JdbcPreferenceHistory history = new JdbcPreferenceHistory(target);
            new JdbcPreferenceStore(target, history, 2_000).upsert(new PreferenceChange(customer,
                    List.of(new MailingListPreference(settings.get(0).mailingListKey(), "List 0", null,
                            PreferenceStatus.OptOut, null, null, null, null))),
                    new ChangeRecord(AT.plusSeconds(1), "web", Caller.JSON, "c-2"));
            assertThat(history.page(new HistoryQuery(customer, null, null, null, 1, null)).entries())
                    .extracting(HistoryEntry::id).containsExactly(1_002L);
        }
    }

    /** One transaction on the target: a row refused in a later table leaves none of the earlier tables' rows. */
    @Test
    void aCopyThatFailsPartWayLeavesTheTargetEmpty(@TempDir Path targetDir) throws Exception {
        try (Database source = sourceWithOneUser();
             Database target = DatabaseSettings.embedded(targetDir).open()) {
            new JdbcPreferenceStore(source, new JdbcPreferenceHistory(source), 10).upsert(
                    new PreferenceChange(new Guid(UUID.randomUUID()), List.of(new MailingListPreference(
                            new Guid(UUID.randomUUID()), "refused", null, PreferenceStatus.OptIn, null, null, null, null))),
                    new ChangeRecord(AT, "crm", Caller.SOAP, "c-1"));
            try (Connection connection = target.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE communication_preference ADD CONSTRAINT test_refuses"
                        + " CHECK (mailing_list_name <> 'refused')");
            }

            assertThatThrownBy(() -> new DatabaseCopy(source, target, "--to-data-dir").run(rows -> { }))
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("copying communication_preference failed (SQLState ");
            assertThat(DatabaseCopy.count(target)).isEqualTo(new DatabaseCopy.Copied(0, 0, 0));
        }
    }

    @Test
    void aTargetThatHoldsAnyRowIsRefusedNamingWhatItHolds(@TempDir Path targetDir) throws Exception {
        try (Database source = sourceWithOneUser();
             Database target = DatabaseSettings.embedded(targetDir).open()) {
            new JdbcUserStore(target).insertUnlessLookalike("xweb", HASH, AT, UnaryOperator.identity());

            assertThatThrownBy(() -> new DatabaseCopy(source, target, "--to-data-dir").run(rows -> { }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--to-data-dir: the target database already holds rows (1 in xweb_user): copy into an"
                            + " empty database, before any server has run on it (a server started with"
                            + " XWEB_BOOTSTRAP_USER adds that user)");
            assertThat(DatabaseCopy.count(target)).isEqualTo(new DatabaseCopy.Copied(1, 0, 0));
        }
    }

    /** An embedded database holding one user, "crm", whose hash must never be printed. */
    private Database sourceWithOneUser() {
        Database source = DatabaseSettings.embedded(dataDir).open();
        new JdbcUserStore(source).insertUnlessLookalike("crm", HASH, AT, UnaryOperator.identity());
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
