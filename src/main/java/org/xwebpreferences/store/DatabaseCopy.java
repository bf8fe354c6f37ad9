package org.xwebpreferences.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Copies what a server stored (users, preferences, their history) from one
 * database into another, empty one: from the embedded H2 database to
 * PostgreSQL when a pilot goes to production, or back. Rows keep their ids,
 * so history pages and continuation tokens stay as they were. Tokens are not
 * copied: clients call Authenticate again. The copy is one transaction on the
 * target: a failure leaves it empty, and the copy can simply run again.
 */
public final class DatabaseCopy {

    /** The tables, parents first, with their columns and the order rows are read in. */
    private enum Table {
        USERS("xweb_user", "id", List.of("id", "user_name", "password_hash", "enabled", "created_at")),
        PREFERENCES(JdbcExport.Table.PREFERENCES),
        HISTORY(JdbcExport.Table.HISTORY);

        final String name;
        final String order;
        final List<String> columns;

        Table(String name, String order, List<String> columns) {
            this.name = name;
            this.order = order;
            this.columns = columns;
        }

        /** A table exports write too: the same columns, every one of them. */
        Table(JdbcExport.Table exported) {
            this(exported.tableName(), exported.order(), exported.columns());
        }
    }

    /** How many rows of each kind were copied. */
    public record Copied(long users, long preferences, long history) {
        /** From counts by {@link Table}, in its order. */
        private static Copied of(long[] counts) {
            return new Copied(counts[Table.USERS.ordinal()], counts[Table.PREFERENCES.ordinal()],
                    counts[Table.HISTORY.ordinal()]);
        }
    }

    private static final int FETCH_SIZE = 1000;
    private static final int BATCH_SIZE = 1000;

    private final Database source;
    private final Database target;
    private final String targetOption;

    /** @param targetOption the option that named the target (--to-db-url, --to-data-dir), for errors about it */
    public DatabaseCopy(Database source, Database target, String targetOption) {
        this.source = source;
        this.target = target;
        this.targetOption = targetOption;
    }

    /**
     * Copies every row; {@code progress} hears the count of rows copied so far
     * now and then. Throws, changing nothing, when the target holds any row.
     */
    public Copied run(LongConsumer progress) throws SQLException {
        try (Connection from = source.dataSource().getConnection();
             Connection to = target.dataSource().getConnection()) {
            refuseUnlessEmpty(to);
            refuseUnlessOwner(to, target.dialect());
            // One snapshot of the source, should a server still write to it; and PostgreSQL
            // streams rows with a fetch size only inside a transaction.
            from.setAutoCommit(false);
            from.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            from.setReadOnly(true);
            to.setAutoCommit(false);
            try {
                long[] counts = new long[Table.values().length];
                long done = 0;
                for (Table table : Table.values()) {
                    counts[table.ordinal()] = copy(table, from, to, done, progress);
                    done += counts[table.ordinal()];
                }
                restartIdentities(to);
                to.commit();
                // Committed is not yet written: H2 writes in the background, and a disk that filled
                // then lost the copy while it said "copied" (second review). Written and synced here,
                // as each of a server's commits is, or the copy fails.
                to.setAutoCommit(true);
                try {
                    target.durability().afterCommit(to);
                } catch (SQLException e) {
                    // Not chained: the one-line error would repeat the store's causes after its own words.
                    SQLException told = new SQLException("the target could not write the copy (" + e.getMessage()
                            + "): free space, and copy again into a new, empty target");
                    told.setStackTrace(e.getStackTrace());
                    throw told;
                }
                return Copied.of(counts);
            } catch (SQLException | RuntimeException e) {
                rollBack(to, e);
                throw e;
            } finally {
                endSnapshot(from);
            }
        }
    }

    /** The rows a database holds, counted as {@link #run} counts those it copies. */
    public static Copied count(Database database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            long[] counts = new long[Table.values().length];
            for (Table table : Table.values()) {
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table.name)) {
                    rows.next();
                    counts[table.ordinal()] = rows.getLong(1);
                }
            }
            return Copied.of(counts);
        }
    }

    /**
     * Ends the source's read-only snapshot. Its failure changes nothing either
     * way: thrown from the finally block, it hid the copy's own failure, or
     * reported a committed copy as failed (code review).
     */
    private static void endSnapshot(Connection from) {
        try {
            from.rollback();
        } catch (SQLException e) {
            // the pool takes the connection back, or closes it if it is broken
        }
    }

    /**
     * Rolls the target back after a failure, which stays the one told: after a
     * full disk the pool had closed the connection, and its "Connection is
     * closed" replaced "No space left on device" (review). The target's file
     * keeps no row of an uncommitted copy either way.
     */
    private static void rollBack(Connection to, Exception failure) {
        try {
            to.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private void refuseUnlessEmpty(Connection to) throws SQLException {
        List<String> held = new ArrayList<>();
        for (String table : List.of("xweb_user", "xweb_token", "communication_preference", "preference_history")) {
            try (Statement statement = to.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    held.add(rows.getLong(1) + " in " + table);
                }
            }
        }
        if (!held.isEmpty()) {
            throw new IllegalArgumentException(targetOption + ": the target database already holds rows ("
                    + String.join(", ", held) + "): copy into an empty database, before any server has run on it"
                    + " (a server started with XWEB_BOOTSTRAP_USER adds that user)");
        }
    }

    /**
     * On PostgreSQL only a table's owner may restart its identity, the copy's last
     * step: said before any row is copied, not after all of them.
     */
    private static void refuseUnlessOwner(Connection to, SqlDialect dialect) throws SQLException {
        if (dialect != SqlDialect.POSTGRESQL) {
            return;
        }
        try (Statement statement = to.createStatement();
             ResultSet rows = statement.executeQuery("SELECT bool_and(pg_has_role(current_user, relowner, 'USAGE'))"
                     + " FROM pg_class WHERE oid IN ('xweb_user'::regclass, 'preference_history'::regclass)")) {
            rows.next();
            if (!rows.getBoolean(1)) {
                throw new IllegalArgumentException("--to-db-user: the target's tables belong to another user, and"
                        + " only their owner may set where their ids go on: copy as the user that owns them (the"
                        + " one the first node ran as), or into a new database");
            }
        }
    }

    /**
     * Copies the table. A refused row is told by table and SQL state only: the
     * driver's message repeats the row's values, password hashes among them.
     */
    private static long copy(Table table, Connection from, Connection to, long before, LongConsumer progress)
            throws SQLException {
        try {
            return copyRows(table, from, to, before, progress);
        } catch (SQLException e) {
            SQLException first = e.getNextException() != null ? e.getNextException() : e;
            throw new SQLException("copying " + table.name + " failed (SQLState " + first.getSQLState() + ")",
                    first.getSQLState());
        }
    }

    private static long copyRows(Table table, Connection from, Connection to, long before, LongConsumer progress)
            throws SQLException {
        String columns = String.join(", ", table.columns);
        String placeholders = String.join(", ", Collections.nCopies(table.columns.size(), "?"));
        long count = 0;
        try (PreparedStatement select = from.prepareStatement(
                     "SELECT " + columns + " FROM " + table.name + " ORDER BY " + table.order);
             PreparedStatement insert = to.prepareStatement(
                     "INSERT INTO " + table.name + " (" + columns + ") VALUES (" + placeholders + ")")) {
            select.setFetchSize(FETCH_SIZE);
            try (ResultSet rows = select.executeQuery()) {
                boolean[] times = JdbcExport.timeColumns(rows, table.columns.size());
                while (rows.next()) {
                    for (int i = 1; i <= table.columns.size(); i++) {
                        // Times as OffsetDateTime: PostgreSQL's getObject gives a Timestamp in local time.
                        insert.setObject(i, times[i - 1] ? rows.getObject(i, OffsetDateTime.class) : rows.getObject(i));
                    }
                    insert.addBatch();
                    if (++count % BATCH_SIZE == 0) {
                        insert.executeBatch();
                        progress.accept(before + count);
                    }
                }
            }
            insert.executeBatch();
        }
        progress.accept(before + count);
        return count;
    }

    /** The next user and history entry the target adds get ids after the copied ones. */
    private static void restartIdentities(Connection to) throws SQLException {
        for (String table : List.of("xweb_user", "preference_history")) {
            long next;
            try (Statement statement = to.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table)) {
                rows.next();
                next = rows.getLong(1);
            }
            try (Statement statement = to.createStatement()) {
                statement.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + next);
            }
        }
    }
}
