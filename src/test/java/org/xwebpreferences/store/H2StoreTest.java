package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.DatabaseSettings;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.HistoryCursor;
import org.xwebpreferences.core.HistoryQuery;
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
     * still pass the pool's check. The store then stops for good: a new
     * connection would open the file again, and H2 reopened on a full disk
     * acknowledged writes the next failure lost. Calls are refused at once,
     * readiness says why, and a restart finds every acknowledged write.
     */
    /**
     * H2 reads a customer's newest history entries straight off the index,
     * without sorting all of them: "index sorted" in its plan. Without it, a
     * Set and a history page cost time and sort files in proportion to the
     * customer's whole history.
     */
    @Test
    void theNewestHistoryEntriesAreReadOffTheIndexNotSorted() throws Exception {
        HistoryQuery firstPage = new HistoryQuery(guid(), null, null, null, 10, null);
        HistoryQuery later = new HistoryQuery(guid(), guid(), AT, AT.plusSeconds(60), 10,
                new HistoryCursor(AT.plusSeconds(30), 42));
        for (String sql : List.of(JdbcPreferenceHistory.LATEST,
                JdbcPreferenceHistory.pageSql(firstPage, new ArrayList<>()),
                JdbcPreferenceHistory.pageSql(later, new ArrayList<>()))) {
            try (Connection connection = database.dataSource().getConnection();
                 PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
                for (int i = 1; i <= explain.getParameterMetaData().getParameterCount(); i++) {
                    explain.setObject(i, null);
                }
                try (ResultSet plan = explain.executeQuery()) {
                    plan.next();
                    assertThat(plan.getString(1)).as(sql).contains("index sorted")
                            .contains("PREFERENCE_HISTORY_BY_CUSTOMER");
                }
            }
        }
    }

    @Test
    void aDatabaseH2ClosedAfterAFailedWriteStopsTheStoreUntilARestart() throws Exception {
        Guid customer = guid();
        MailingListPreference stored = bare(guid(), PreferenceStatus.OptIn);
        preferences.upsert(change(customer, stored), record(AT, "before"));
        try (Connection connection = database.dataSource().getConnection()) {
            // What H2 does itself after a write of its file failed.
            ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase().shutdownImmediately();
            assertThatThrownBy(() -> connection.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
        }

        for (int i = 0; i < POOL_SIZE + 2; i++) {
            assertThatThrownBy(() -> preferences.findAll(customer)).as("call %d", i).isInstanceOf(XwebError.class);
        }
        long started = System.nanoTime();
        assertThatThrownBy(() -> preferences.upsert(change(guid(), bare(guid(), PreferenceStatus.OptOut)),
                record(AT, "after"))).isInstanceOf(XwebError.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused at once").isLessThan(Duration.ofSeconds(1));
        assertThat(database.stoppedBecause()).isEqualTo("H2 could not write its file (The database has been closed"
                + " [90098-240]) and takes no more writes, so that none is acknowledged on a failed store: restart the"
                + " server once the disk has space");

        database.close();
        database = openDatabase();
        assertThat(new JdbcPreferenceStore(database, new JdbcPreferenceHistory(database), 10).findAll(customer))
                .containsExactly(stored);
    }

    /** H2 writes on into the deleted file, which is gone when it closes: no write may be acknowledged into it. */
    @Test
    void aDatabaseFileDeletedUnderTheServerTakesNoWritesAndIsNoLongerReady() throws Exception {
        Files.delete(dataDir.resolve("xweb.mv.db"));
        XwebError refused = catchThrowableOfType(XwebError.class, () -> preferences.upsert(
                change(guid(), bare(guid(), PreferenceStatus.OptIn)), record(AT, "after")));
        assertThat(refused).hasMessage("The database failed during the commit, so whether it managed to store the"
                + " preferences is unknown");
        try (Connection connection = database.dataSource().getConnection()) {
            assertThat(database.whyNotWritable(connection, 2)).isEqualTo("the file "
                    + dataDir.toAbsolutePath().normalize().resolve("xweb.mv.db") + " was deleted while the server"
                    + " runs: what it stores now is lost when it stops");
        }
    }
}
