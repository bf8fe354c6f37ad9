package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.DatabaseSettings;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.XwebError;

/** Units of JDBC work: transactions retried when the database says so, and connections held only while needed. */
class JdbcTest {

    @TempDir
    Path dataDir;

    private Database database;

    @BeforeEach
    void open() {
        database = Database.open(DatabaseSettings.embedded(dataDir).jdbcUrl(), "xweb", "", 2);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aWriterWaitingForItsCustomerHoldsNoConnectionAndReleasesTheLockAfterCommitting() {
        // Writers queued behind another write of their customer must not take
        // connections from the pool: other customers' writes need them.
        HikariDataSource pool = (HikariDataSource) database.dataSource();
        ReentrantLock customerLock = new ReentrantLock();
        AtomicInteger inUseWhileLocking = new AtomicInteger(-1);
        AtomicInteger lockedDuringWork = new AtomicInteger();

        new Jdbc(database).transaction("test", () -> {
            inUseWhileLocking.set(pool.getHikariPoolMXBean().getActiveConnections());
            customerLock.lock();
            return customerLock;
        }, connection -> {
            lockedDuringWork.set(customerLock.getHoldCount());
            return null;
        });

        assertThat(inUseWhileLocking).hasValue(0);
        assertThat(lockedDuringWork).hasValue(1);
        assertThat(customerLock.isLocked()).as("released after the commit").isFalse();
    }

    @Test
    void aTransactionTheDatabaseSaysToRetryRunsAgainAndOnlyTheAttemptThatSucceededIsCommitted() {
        Jdbc jdbc = new Jdbc(database);
        jdbc.read("create the table", connection -> execute(connection, "CREATE TABLE attempt (n INT)"));
        AtomicInteger attempts = new AtomicInteger();

        String result = jdbc.transaction("record the attempt", connection -> {
            int attempt = attempts.incrementAndGet();
            execute(connection, "INSERT INTO attempt VALUES (" + attempt + ")");
            if (attempt <= 2) {
                throw new SQLException("Deadlock detected", "40001");
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(3);
        assertThat(jdbc.read("read the attempts", JdbcTest::attemptsStored)).containsExactly(3);
    }

    @Test
    void aTransactionTheDatabaseKeepsSayingToRetryEndsUnavailableAfterFourAttempts() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> new Jdbc(database).transaction("save the preference", connection -> {
            attempts.incrementAndGet();
            throw new SQLException("Timeout trying to lock table", "HYT00");
        })).isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                .hasMessage("The database could not save the preference");
        assertThat(attempts).hasValue(4);
    }

    private static Void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        return null;
    }

    private static List<Integer> attemptsStored(Connection connection) throws SQLException {
        List<Integer> stored = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT n FROM attempt")) {
            while (rows.next()) {
                stored.add(rows.getInt(1));
            }
        }
        return stored;
    }
}
