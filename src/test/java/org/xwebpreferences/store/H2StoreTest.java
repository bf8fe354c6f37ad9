package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.DatabaseSettings;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceStatus;
import org.xwebpreferences.core.XwebError;

/** The store contract on the embedded default: an H2 file database, opened as the server opens it. */
class H2StoreTest extends StoreContract {

    private static final int POOL_SIZE = 4;

    @TempDir
    Path dataDir;

    @Override
    protected Database openDatabase() {
        return Database.open(DatabaseSettings.embedded(dataDir).jdbcUrl(), "xweb", "", POOL_SIZE);
    }

    /**
     * When H2 cannot write its file (a full disk) it closes the database and
     * leaves the sessions open: every statement fails, and the connections
     * still pass the pool's check. Readiness says so, and the pool replaces
     * each such connection, so that the store works again without a restart
     * once the file can be written, with every acknowledged write in it.
     */
    @Test
    void aDatabaseH2ClosedAfterAFailedWriteIsOpenedAgainByNewConnections() throws SQLException {
        Guid customer = guid();
        MailingListPreference stored = bare(guid(), PreferenceStatus.OptIn);
        preferences.upsert(change(customer, stored), record(AT, "before"));
        try (Connection connection = database.dataSource().getConnection()) {
            // What H2 does itself after a write of its file failed.
            ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase().shutdownImmediately();
            assertThat(database.whyNotWritable(connection, 2)).isEqualTo("H2 closed the database after a write"
                    + " failed (a full disk?): it opens again once the file can be written");
        }

        int failures = 0;
        while (true) {
            try {
                assertThat(preferences.findAll(customer)).containsExactly(stored);
                break;
            } catch (XwebError closed) {
                failures++;
                assertThat(failures).as("each pooled connection fails once, then is replaced").isLessThan(POOL_SIZE);
            }
        }
        try (Connection connection = database.dataSource().getConnection()) {
            assertThat(database.whyNotWritable(connection, 2)).isNull();
        }
    }

    /** H2 writes on into the deleted file, which is gone when it closes: no write may be acknowledged into it. */
    @Test
    void aDatabaseFileDeletedUnderTheServerTakesNoWritesAndIsNoLongerReady() throws Exception {
        Files.delete(dataDir.resolve("xweb.mv.db"));
        XwebError refused = catchThrowableOfType(XwebError.class, () -> preferences.upsert(
                change(guid(), bare(guid(), PreferenceStatus.OptIn)), record(AT, "after")));
        assertThat(refused).hasMessage("The database could not store the preferences");
        try (Connection connection = database.dataSource().getConnection()) {
            assertThat(database.whyNotWritable(connection, 2)).isEqualTo("the file "
                    + dataDir.toAbsolutePath().normalize().resolve("xweb.mv.db") + " was deleted while the server"
                    + " runs: what it stores now is lost when it stops");
        }
    }
}
