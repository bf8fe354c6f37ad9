package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.DatabaseSettings;

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
}
