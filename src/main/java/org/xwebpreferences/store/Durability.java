package org.xwebpreferences.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What makes a committed transaction survive a crash of the server process
 * before its answer is sent. PostgreSQL's commit already is durable. H2's is
 * written to the file by a background thread within half a second, so a
 * CHECKPOINT writes it out first; concurrent transactions share one
 * checkpoint, as a group commit does, so that a busy server writes the file
 * a few hundred times a second rather than once per request.
 */
abstract class Durability {

    /** Returns once the transaction the connection just committed is durable. */
    abstract void afterCommit(Connection connection) throws SQLException;

    /** @param file the embedded database's file, or null (an in-memory database) */
    static Durability of(SqlDialect dialect, Path file) {
        return dialect == SqlDialect.H2 ? new GroupCheckpoint(file) : new Durability() {
            @Override
            void afterCommit(Connection connection) {
                // PostgreSQL's commit is durable (fsync, synchronous_commit = on)
            }
        };
    }

    /**
     * One CHECKPOINT covers every commit made before it started. A file
     * deleted under the server (a cleaner, a mistaken rm) is written on as if
     * nothing happened, and lost when the server stops: each checkpoint looks
     * for it, so that no write is acknowledged into a file that is gone.
     */
    private static final class GroupCheckpoint extends Durability {
        private final Path file;
        private long commits;
        private long durableUpTo;
        private boolean running;

        GroupCheckpoint(Path file) {
            this.file = file;
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
                    checkpoint(connection);
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

        private void awaitOthers() throws SQLException {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while waiting for the commit to be written", e);
            }
        }

        private void checkpoint(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            }
            if (file != null && !Files.exists(file)) {
                throw new SQLException("The database file " + file + " was deleted while the server runs");
            }
        }
    }
}
