package org.xwebpreferences.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.LongConsumer;
import org.xwebpreferences.core.Timestamps;

/**
 * Reads a whole table row by row, for exports: through a database cursor
 * (fetch size on a transaction, which PostgreSQL needs to stream), so memory
 * stays flat however many rows there are.
 */
public final class JdbcExport {

    /** What can be exported, with its columns in the order they are written. */
    public enum Table {
        PREFERENCES("communication_preference", "customer_key, mailing_list_key",
                List.of("customer_key", "mailing_list_key", "mailing_list_name", "mailing_list_category", "status",
                        "email_key", "address_key", "phone_key", "fax_key", "changed_at", "changed_by")),
        HISTORY("preference_history", "id",
                List.of("id", "customer_key", "mailing_list_key", "status_before", "status_after", "mailing_list_name",
                        "mailing_list_category", "email_key", "address_key", "phone_key", "fax_key", "changed_at",
                        "changed_by", "protocol", "correlation_id"));

        private final String name;
        private final String order;
        private final List<String> columns;

        Table(String name, String order, List<String> columns) {
            this.name = name;
            this.order = order;
            this.columns = columns;
        }

        public List<String> columns() {
            return columns;
        }

        String tableName() {
            return name;
        }

        /** The columns rows are read in order of: the primary key. */
        String order() {
            return order;
        }
    }

    /** Receives each row as text: keys in lower case, times in ISO-8601 UTC, null where empty. */
    @FunctionalInterface
    public interface RowSink {
        void row(String[] values) throws IOException;
    }

    private static final int FETCH_SIZE = 1000;

    private final Jdbc jdbc;

    public JdbcExport(Database database) {
        this.jdbc = new Jdbc(database);
    }

    /**
     * Every row of the table, in key order, after {@code total} is told how
     * many there are; returns how many. The count and the rows are of one
     * snapshot, so that an export taken while servers write is the table at one
     * moment, and its progress never counts past the total.
     */
    public long stream(Table table, LongConsumer total, RowSink sink) {
        String sql = "SELECT " + String.join(", ", table.columns) + " FROM " + table.name + " ORDER BY " + table.order;
        return jdbc.read("export " + table.name, connection -> {
            // A snapshot on both: PostgreSQL's REPEATABLE READ is one; H2's keeps each table as first read.
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM " + table.name);
                 PreparedStatement select = connection.prepareStatement(sql)) {
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total.accept(rows.getLong(1));
                }
                select.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = select.executeQuery()) {
                    return copy(rows, table.columns.size(), sink);
                }
            } finally {
                connection.rollback();
            }
        });
    }

    private static long copy(ResultSet rows, int width, RowSink sink) throws SQLException {
        long count = 0;
        String[] values = new String[width];
        boolean[] times = timeColumns(rows, width);
        while (rows.next()) {
            for (int i = 0; i < width; i++) {
                values[i] = text(times[i] ? rows.getObject(i + 1, OffsetDateTime.class) : rows.getObject(i + 1));
            }
            try {
                sink.row(values);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            count++;
        }
        return count;
    }

    /**
     * Which columns hold times: asked for as OffsetDateTime, since a plain
     * getObject gives a java.sql.Timestamp on PostgreSQL, printed in local time.
     */
    static boolean[] timeColumns(ResultSet rows, int width) throws SQLException {
        boolean[] times = new boolean[width];
        for (int i = 0; i < width; i++) {
            int type = rows.getMetaData().getColumnType(i + 1);
            times[i] = type == Types.TIMESTAMP_WITH_TIMEZONE || type == Types.TIMESTAMP;
        }
        return times;
    }

    private static String text(Object value) {
        if (value instanceof OffsetDateTime time) {
            return Timestamps.format(time.toInstant());
        }
        return value == null ? null : value.toString();
    }
}
