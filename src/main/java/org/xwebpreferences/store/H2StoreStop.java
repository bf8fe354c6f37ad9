package org.xwebpreferences.store;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.mvstore.MVStoreException;

/**
 * Stops an embedded H2 database at the first failure of its file (a full
 * disk), for the rest of the process. H2 then closes the database and leaves
 * its sessions open; a rollback on one of them could spin in H2 for ever, so
 * each is evicted from the pool at once. No new connection is made either: a
 * new one opens the file again, and H2 reopened while the disk was still full
 * acknowledged writes that the next failure lost, and twice left a file that
 * could not be read. Until the restart, every call is refused at once and
 * /health/ready says why.
 */
final class H2StoreStop implements SQLExceptionOverride {

    /** H2's "the database is closed" and "it is being shut down". */
    static final Set<Integer> CLOSED_CODES = Set.of(90098, 90121);

    private final AtomicReference<String> reason = new AtomicReference<>();

    /** Null while the store works; otherwise why it stopped. */
    String reason() {
        return reason.get();
    }

    /** Throws once the store stopped. */
    void check() throws SQLException {
        String stopped = reason.get();
        if (stopped != null) {
            throw new SQLException(stopped);
        }
    }

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        if (!storeFailed(e)) {
            return Override.CONTINUE_EVICT;
        }
        stop("H2 could not write its file (" + deepestMessage(e) + ") and takes no more writes, so that none is"
                + " acknowledged on a failed store: restart the server once the disk has space");
        return Override.MUST_EVICT;
    }

    /** Stops the store for the rest of the process; the first reason given is the one kept. */
    void stop(String why) {
        reason.compareAndSet(null, why);
    }

    /** The database is closed, or its store failed (a full disk's first error wraps the store's own exception). */
    static boolean storeFailed(SQLException e) {
        if (CLOSED_CODES.contains(e.getErrorCode())) {
            return true;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MVStoreException) {
                return true;
            }
        }
        return false;
    }

    static String deepestMessage(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return String.valueOf(deepest.getMessage()).replaceAll("\\s+", " ");
    }

    /** The pool's source of connections, which refuses once the store stopped. */
    DataSource connections(String url, String user, String password) {
        return new DataSource() {
            /**
             * Hikari sets it from its connection timeout and, at close, waits that long for its
             * connection adder to end: at 0 it warned at almost every stop that the adder had not.
             */
            private volatile int loginTimeoutSeconds;

            @java.lang.Override
            public Connection getConnection() throws SQLException {
                check();
                return DriverManager.getConnection(url, user, password);
            }

            @java.lang.Override
            public Connection getConnection(String otherUser, String otherPassword) throws SQLException {
                check();
                return DriverManager.getConnection(url, otherUser, otherPassword);
            }

            @java.lang.Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @java.lang.Override
            public void setLogWriter(PrintWriter out) {
                // H2 traces to its own file
            }

            @java.lang.Override
            public void setLoginTimeout(int seconds) {
                loginTimeoutSeconds = seconds; // an embedded database has no login to wait for
            }

            @java.lang.Override
            public int getLoginTimeout() {
                return loginTimeoutSeconds;
            }

            @java.lang.Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException();
            }

            @java.lang.Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                throw new SQLException("Not a wrapper");
            }

            @java.lang.Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }
        };
    }
}
