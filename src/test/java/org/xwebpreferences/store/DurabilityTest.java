package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.core.XwebError;

class DurabilityTest {

    @TempDir
    Path dir;

    /**
     * H2's background writer hands the changes it takes to a thread that
     * serializes them, and that thread hands the bytes to another that writes
     * them. Once serialized, H2 reports nothing unwritten, and its CHECKPOINT
     * returned at once while the bytes were still on their way to the file:
     * a write acknowledged then is lost to a crash or a full disk right after.
     * Here the writing thread is held up, the changes taken as H2's writer
     * takes them, and the commit must not count as durable until they are
     * written.
     */
    @Test
    void aCommitTheBackgroundWriterTookIsDurableOnlyOnceItIsWritten() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db"), "sa", "");
             Statement statement = connection.createStatement()) {
            MVStore store = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase()
                    .getStore().getMvStore();
            statement.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            store.commit();
            CountDownLatch release = new CountDownLatch(1);
            writingThread(store.getFileStore()).submit(() -> {
                release.await();
                return null;
            });
            try {
                checkTheWriteIsAwaited(connection, statement, store, release);
            } finally {
                release.countDown(); // else closing the database waits for ever
            }
        }
    }

    private static void checkTheWriteIsAwaited(Connection connection, Statement statement, MVStore store,
                                               CountDownLatch release) throws Exception {
        statement.execute("INSERT INTO t VALUES (1)");
        store.tryCommit(); // what H2's background writer does: the chunk now waits behind the held thread
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.hasUnsavedChanges() && System.nanoTime() < deadline) {
            Thread.sleep(10); // serialized on the other thread
        }
        assertThat(store.hasUnsavedChanges()).as("H2 says nothing is left to write").isFalse();
        CompletableFuture<Void> durable = CompletableFuture.runAsync(() -> {
            try {
                Durability.of(SqlDialect.H2, null, new H2StoreStop()).afterCommit(connection);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        Thread.sleep(300);
        assertThat(durable).as("acknowledged before the chunk was written").isNotDone();
        release.countDown();
        durable.get(10, TimeUnit.SECONDS);
    }

    private static ThreadPoolExecutor writingThread(FileStore<?> fileStore) throws Exception {
        Field executor = FileStore.class.getDeclaredField("bufferSaveExecutor");
        executor.setAccessible(true);
        return (ThreadPoolExecutor) executor.get(fileStore);
    }
    /**
     * A written file is in the kernel's page cache until it is synced, and a
     * power cut or kernel crash drops what is only there. Twenty users are
     * added one acknowledged write each, the power is cut, and the file as the
     * disk held it at its last fsync must have all twenty. H2 itself syncs only
     * when it closes the file or moves chunks, so without an fsync per shared
     * write not even the table would be there.
     */
    @Test
    void everyAcknowledgedWriteSurvivesAPowerCut() throws Exception {
        Path file = dir.resolve("db.mv.db");
        try (Database database = onAPowerCutDisk(4)) {
            Jdbc jdbc = new Jdbc(database);
            for (int i = 1; i <= 20; i++) {
                addUser(jdbc, "user" + i);
            }
            PowerCutFileSystem.cut();
        } finally {
            PowerCutFileSystem.cut();
        }
        byte[] survivor = PowerCutFileSystem.survivor(file.toString());
        assertThat(survivor).as("the database file was never synced").isNotNull();
        Path afterTheCut = Files.createDirectories(dir.resolve("after")).resolve("db.mv.db");
        Files.write(afterTheCut, survivor);

        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("after/db"), "sa", "");
             Statement statement = connection.createStatement();
             ResultSet users = statement.executeQuery("SELECT COUNT(*) FROM xweb_user WHERE user_name LIKE 'user%'")) {
            users.next();
            assertThat(users.getInt(1)).as("acknowledged users still there after the power cut").isEqualTo(20);
        }
    }

    /**
     * Sixteen writers at once share each write and sync of the file, and the
     * power is cut while they go on: every write acknowledged before the cut
     * must be in the file as it was at its last sync.
     */
    @Test
    void writesAcknowledgedTogetherAllSurviveAPowerCut() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean cut = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(16);
        try (Database database = onAPowerCutDisk(16)) {
            Jdbc jdbc = new Jdbc(database);
            for (int w = 0; w < 16; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int i = 0; !cut.get(); i++) {
                        String name = "w" + writer + "-" + i;
                        addUser(jdbc, name);
                        if (!cut.get()) { // answered before the cut: its sync came before it
                            acknowledged.add(name);
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(1_500);
            cut.set(true); // first: a write counted before it had its sync before the power went
            PowerCutFileSystem.cut();
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            PowerCutFileSystem.cut();
            writers.shutdownNow();
        }
        assertThat(acknowledged).hasSizeGreaterThan(100);
        Path afterTheCut = Files.createDirectories(dir.resolve("after")).resolve("db.mv.db");
        Files.write(afterTheCut, PowerCutFileSystem.survivor(dir.resolve("db.mv.db").toString()));

        Set<String> stored = new HashSet<>();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("after/db"), "sa", "");
             Statement statement = connection.createStatement();
             ResultSet users = statement.executeQuery("SELECT user_name FROM xweb_user WHERE user_name LIKE 'w%'")) {
            while (users.next()) {
                stored.add(users.getString(1));
            }
        }
        assertThat(stored).as("acknowledged before the power cut").containsAll(acknowledged);
    }

    /**
     * After a failed fsync Linux may drop the pages it could not write and mark
     * them clean, so the next fsync succeeds over the gap. A write whose sync
     * failed is not acknowledged, and the store then takes no more writes,
     * though syncs work again, until a restart opens the file afresh.
     */
    @Test
    void aFailedSyncStopsTheStore() throws Exception {
        try (Database database = onAPowerCutDisk(4)) {
            Jdbc jdbc = new Jdbc(database);
            addUser(jdbc, "before");
            PowerCutFileSystem.failSyncs(true);
            try {
                assertThatThrownBy(() -> addUser(jdbc, "during")).isInstanceOf(XwebError.class)
                        .hasMessageContaining("whether it managed to write is unknown");
            } finally {
                PowerCutFileSystem.failSyncs(false);
            }

            assertThat(database.stoppedBecause()).isEqualTo("H2 could not sync its file to the disk (Input/output"
                    + " error) and takes no more writes, so that none is acknowledged on a file in an unknown state:"
                    + " check the disk and restart the server");
            assertThatThrownBy(() -> addUser(jdbc, "after")).as("refused though syncs work again")
                    .isInstanceOf(XwebError.class).hasStackTraceContaining("could not sync its file");
        }
    }

    /**
     * H2's file is a FileChannel, and an interrupt of a thread in the middle of
     * using one closes it for every thread: a worker interrupted at a stop past
     * its grace, or the housekeeping thread stopped in the middle of a purge,
     * made the store stop as if the disk had failed. The write whose thread is
     * interrupted is in doubt; the store goes on.
     */
    @Test
    void aWriterInterruptedWhileItsCommitIsSyncedLeavesTheStoreWorking() throws Exception {
        try (Database database = onAPowerCutDisk(2)) {
            Jdbc jdbc = new Jdbc(database);
            PowerCutFileSystem.slowSyncs(500);
            CompletableFuture<Void> interrupted = new CompletableFuture<>();
            Thread writer = new Thread(() -> {
                try {
                    addUser(jdbc, "interrupted");
                    interrupted.complete(null);
                } catch (Throwable e) {
                    interrupted.completeExceptionally(e);
                }
            });
            writer.start();
            PowerCutFileSystem.awaitSlowSync(); // its commit is being synced, not written by its own thread
            writer.interrupt();
            writer.join(10_000);
            PowerCutFileSystem.slowSyncs(0);

            assertThat(interrupted).isCompletedExceptionally();
            assertThatThrownBy(interrupted::join).hasMessageContaining("whether it managed to write is unknown");
            addUser(jdbc, "after");
            assertThat(database.stoppedBecause()).isNull();
        } finally {
            PowerCutFileSystem.powerOn();
        }
    }

    /** A database on the simulated disk, with the power on. */
    private Database onAPowerCutDisk(int poolSize) {
        PowerCutFileSystem.powerOn();
        return Database.open("jdbc:h2:" + PowerCutFileSystem.prefix() + dir.resolve("db") + ";RETENTION_TIME=1000",
                "sa", "", poolSize);
    }

    private static void addUser(Jdbc jdbc, String name) {
        jdbc.transaction("write", connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("INSERT INTO xweb_user (user_name, password_hash, enabled,"
                        + " created_at) VALUES ('" + name + "', 'x', TRUE, CURRENT_TIMESTAMP)");
            }
        });
    }

    /**
     * A session of an H2 server (tcp:, or AUTO_SERVER=TRUE beside a running
     * server) has its store in the other process: a write through it is made
     * durable by CHECKPOINT, not taken for a failure after it had committed
     * (a ClassCastException, and exit 1 from a user command that had worked).
     */
    @Test
    void aWriteThroughAnH2ServersSessionIsAcknowledged() throws Exception {
        org.h2.tools.Server server = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-baseDir",
                dir.toString(), "-ifNotExists").start();
        try (Database database = Database.open("jdbc:h2:tcp://localhost:" + server.getPort() + "/remote", "sa", "",
                1)) {
            int written = new Jdbc(database).transaction("write", connection -> {
                try (Statement statement = connection.createStatement()) {
                    return statement.executeUpdate("INSERT INTO xweb_user (user_name, password_hash, enabled, created_at)"
                            + " VALUES ('remote', 'x', TRUE, CURRENT_TIMESTAMP)");
                }
            });

            assertThat(written).isEqualTo(1);
        } finally {
            server.stop();
        }
    }
}
