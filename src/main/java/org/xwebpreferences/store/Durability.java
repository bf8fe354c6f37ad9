package org.xwebpreferences.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * What makes a committed transaction survive a crash of the server process,
 * or a power cut, before its answer is sent. PostgreSQL's commit already is
 * durable. H2's is written to the file by a background thread within half a
 * second and never synced, so it is written out and synced first; concurrent
 * transactions share one such write and fsync, as a group commit does, so that
 * a busy server writes the file a few hundred times a second rather than once
 * per request.
 */
abstract class Durability {

    /** Returns once the transaction the connection just committed is durable. */
    abstract void afterCommit(Connection connection) throws SQLException;

    /**
     * @param file the embedded database's file, or null (an in-memory database)
     * @param stop on H2, what stops the store once its file failed
     */
    static Durability of(SqlDialect dialect, Path file, H2StoreStop stop) {
        return dialect == SqlDialect.H2 ? new GroupCheckpoint(file, stop) : new Durability() {
            @Override
            void afterCommit(Connection connection) {
                // PostgreSQL's commit is durable (fsync, synchronous_commit = on)
            }
        };
    }

    /**
     * One write of the store covers every commit made before it started. A file
     * deleted under the server (a cleaner, a mistaken rm) is written on as if
     * nothing happened, and lost when the server stops: each write looks
     * for it, so that no write is acknowledged into a file that is gone.
     */
    private static final class GroupCheckpoint extends Durability {
        private final Path file;
        private final H2StoreStop stop;
        /** The one thread that writes and syncs: idle for 10 s, it ends, and the next write starts another. */
        private final ExecutorService writer = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "xweb-h2-sync");
                    thread.setDaemon(true);
                    return thread;
                });
        private long commits;
        private long durableUpTo;
        private boolean running;

        GroupCheckpoint(Path file, H2StoreStop stop) {
            this.file = file;
            this.stop = stop;
        }

        @Override
        void afterCommit(Connection connection) throws SQLException {
            long mine;
            synchronized (this) {
                mine = ++commits;
            }
            while (true) {
                long covered;
                synchronized (this) {
                    while (running && durableUpTo < mine) {
                        awaitOthers();
                    }
                    if (durableUpTo >= mine) {
                        return;
                    }
                    running = true;
                    covered = commits; // each of these had committed before it counted itself
                }
                boolean written = false;
                try {
                    checkpointOnWriter(connection);
                    written = true;
                } finally {
                    synchronized (this) {
                        running = false;
                        if (written) {
                            durableUpTo = Math.max(durableUpTo, covered);
                        }
                        notifyAll();
                    }
                }
            }
        }

        /**
         * On a thread of its own, which nothing interrupts. H2's file is a FileChannel,
         * and an interrupt of a thread in the middle of using one closes it for every
         * thread: a worker interrupted at a stop past its grace, or the housekeeping
         * thread stopped in the middle of a purge, made the store stop as if the disk
         * had failed. And H2's waits for its writing threads return early, unwritten,
         * when an interrupt cuts them short. An interrupted caller leaves with its
         * commit in doubt while the write goes on.
         */
        private void checkpointOnWriter(Connection connection) throws SQLException {
            Future<Void> written = writer.submit(() -> {
                checkpoint(connection);
                return null;
            });
            try {
                written.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while the commit was being written", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException failed) {
                    throw failed;
                }
                if (e.getCause() instanceof RuntimeException failed) {
                    throw failed;
                }
                throw new SQLException(e.getCause());
            }
        }

        private void awaitOthers() throws SQLException {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while waiting for the commit to be written", e);
            }
        }

        /**
         * Writes what H2 has not written yet, and waits for what its background
         * writer is still writing. Not the CHECKPOINT statement alone: H2's
         * background writer hands the changes it takes to a thread that
         * serializes them and then to another that writes them, and once they
         * are serialized H2 reports nothing unwritten, so CHECKPOINT returned at
         * once while they were still on their way to the file. A full disk then
         * lost 3-4 writes acknowledged in the 90 ms before its first "No space
         * left on device", in 2 of 12 runs (operations audit); DurabilityTest
         * holds the writing thread up and fails with CHECKPOINT.
         */
        private void checkpoint(Connection connection) throws SQLException {
            if (stop != null) {
                stop.check(); // the commits of a group whose sync failed: the database is shut down under them
            }
            if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                // An H2 server's session (tcp:, AUTO_SERVER=TRUE): the store is in the other
                // process, and CHECKPOINT is as much as SQL can ask of it. A user command run
                // so beside a server failed with a ClassCastException after it had committed.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CHECKPOINT SYNC");
                }
                return;
            }
            MVStore store = session.getDatabase().getStore().getMvStore();
            FileStore<?> fileStore = store.getFileStore();
            if (fileStore == null) {
                return; // an in-memory database: there is no file to write
            }
            try {
                store.commit();
                fileStore.executeFileStoreOperation(() -> { });
            } catch (MVStoreException e) {
                throw new SQLException("H2 could not write its file: " + H2StoreStop.deepestMessage(e), e);
            }
            sync(session, fileStore);
            MVStoreException failed = store.getPanicException();
            if (failed != null || store.isClosed()) {
                throw new SQLException("H2 could not write its file" + (failed == null ? "" : ": "
                        + failed.getMessage()), failed);
            }
            if (file != null && !Files.exists(file)) {
                throw new SQLException("The database file " + file + " was deleted while the server runs");
            }
        }

        /**
         * Written is not yet on the disk: the kernel holds it in its page cache, and
         * a power cut or kernel crash drops it. One fsync per shared write covers
         * every commit it carries (and whatever H2's background writer wrote before).
         * A failed fsync leaves what the disk holds unknown: Linux may drop the pages
         * it could not write and mark them clean, and a later fsync then succeeds
         * over the gap. So the store stops, as after a failed write, instead of
         * syncing again and trusting the file.
         */
        private void sync(SessionLocal session, FileStore<?> fileStore) throws SQLException {
            try {
                fileStore.sync();
            } catch (MVStoreException e) {
                String message = H2StoreStop.deepestMessage(e);
                if (stop != null) {
                    stop.stop("H2 could not sync its file to the disk (" + message + ") and takes no more"
                            + " writes, so that none is acknowledged on a file in an unknown state: check the disk"
                            + " and restart the server");
                }
                session.getDatabase().shutdownImmediately();
                throw new SQLException("H2 could not sync its file: " + message, e);
            }
        }
    }
}
