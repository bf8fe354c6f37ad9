package org.xwebpreferences.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.Lock;
import org.xwebpreferences.core.XwebError;

/**
 * Runs units of JDBC work with a pooled connection: reads as they come,
 * writes in one transaction that is retried when the database says it may
 * be, and every failure turned into one "store unavailable" error that
 * keeps the cause for the log, but for a statement the database refused
 * for good.
 */
final class Jdbc {

    private static final int MAX_ATTEMPTS = 4;

    /** A piece of work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Database database;

    Jdbc(Database database) {
        this.database = database;
    }

    /** Runs work that only reads: with auto-commit, and nothing to make durable. */
    <T> T read(String what, Work<T> work) {
        try (Connection connection = connection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    /**
     * Runs the work in a transaction that commits only when all of it succeeded,
     * and returns once the commit is durable.
     */
    <T> T transaction(String what, Work<T> work) {
        return transaction(what, () -> null, work);
    }

    /** Something held from before a transaction starts until it has committed or rolled back. */
    @FunctionalInterface
    interface Guard {
        /** Takes it; null when there is nothing to hold. */
        Lock acquire() throws SQLException;
    }

    /**
     * As {@link #transaction(String, Work)}, holding the guard's lock while each
     * attempt takes a connection, runs and commits, not while the commit is made
     * durable. The lock comes first, so that writers waiting for it hold no
     * connection that others could use.
     */
    <T> T transaction(String what, Guard guard, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(guard, work);
            } catch (SQLException e) {
                if (attempt >= MAX_ATTEMPTS || !SqlDialect.isRetryable(e)) {
                    throw failed(what, e);
                }
            }
        }
    }

    private <T> T attempt(Guard guard, Work<T> work) throws SQLException {
        Lock lock = guard.acquire();
        Connection connection;
        try {
            connection = connection();
        } catch (SQLException | RuntimeException e) {
            release(lock);
            throw e;
        }
        T result;
        try {
            try {
                result = commitOrRollback(connection, work);
            } finally {
                release(lock);
            }
        } catch (SQLException | RuntimeException | Error e) {
            closeAfterFailure(connection, e);
            throw e;
        }
        // Committed: whatever fails from here must not be reported (or retried) as a write that failed.
        try {
            connection.setAutoCommit(true);
            database.durability().afterCommit(connection);
        } catch (SQLException e) {
            closeAfterFailure(connection, e);
            throw new CommitInDoubt(e); // committed, perhaps not yet written: a crash now could still lose it
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Committed and written: the pool failing to take the connection back changes nothing stored.
        }
        return result;
    }

    private static void closeAfterFailure(Connection connection, Throwable failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** A pooled connection; refused at once, without waiting for one, when the store stopped. */
    private Connection connection() throws SQLException {
        database.checkNotStopped();
        return database.dataSource().getConnection();
    }

    private static void release(Lock lock) {
        if (lock != null) {
            lock.unlock();
        }
    }

    private static <T> T commitOrRollback(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            commit(connection);
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        }
    }

    /**
     * A commit whose connection broke may have happened or not: the database
     * may have committed before the answer was lost. Saying "could not" would
     * tell a client its write was refused when it may be stored.
     */
    private static void commit(Connection connection) throws SQLException {
        try {
            connection.commit();
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                throw new CommitInDoubt(e);
            }
            throw e;
        }
    }

    /**
     * The connection broke (class 08) or the server ended it (57P) during the
     * commit, or H2 committed and then could not write it out. Never retried:
     * it has no SQL state of its own.
     */
    private static final class CommitInDoubt extends SQLException {
        private static final long serialVersionUID = 1L;

        CommitInDoubt(SQLException cause) {
            super(cause.getMessage(), null, cause);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static RuntimeException failed(String what, SQLException e) {
        if (e instanceof CommitInDoubt) {
            return XwebError.unavailable("The database failed during the commit, so whether it managed to " + what
                    + " is unknown", e.getCause());
        }
        if (SqlDialect.isRefusedForGood(e)) {
            return new StatementRefused("The database refused to " + what, e);
        }
        return XwebError.unavailable("The database could not " + what, e);
    }

    /**
     * A statement the database refused for good: an error of the server like
     * any other (a Server fault, JSON 500), not the 503 of a database that is
     * away, whose "try again later" retrying clients would obey for ever
     * (contract audit: a trigger's refusal got 503 and Retry-After).
     */
    static final class StatementRefused extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        StatementRefused(String message, SQLException cause) {
            super(message, cause);
        }
    }
}
