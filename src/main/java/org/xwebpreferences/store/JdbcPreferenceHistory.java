package org.xwebpreferences.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.xwebpreferences.core.ChangeRecord;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.HistoryCursor;
import org.xwebpreferences.core.HistoryEntry;
import org.xwebpreferences.core.HistoryPage;
import org.xwebpreferences.core.HistoryQuery;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceHistory;
import org.xwebpreferences.core.PreferenceStatus;

/** The preference_history table: appended to by the preference store, read page by page, newest first. */
public final class JdbcPreferenceHistory implements PreferenceHistory {

    static final String COLUMNS = "id, customer_key, status_before, mailing_list_key, mailing_list_name,"
            + " mailing_list_category, status_after, email_key, address_key, phone_key, fax_key, changed_at,"
            + " changed_by, protocol, correlation_id";
    private static final String INSERT = "INSERT INTO preference_history (customer_key, status_before,"
            + " mailing_list_key, mailing_list_name, mailing_list_category, status_after, email_key, address_key,"
            + " phone_key, fax_key, changed_at, changed_by, protocol, correlation_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * Newest first in the order of every column of the index on (customer_key,
     * changed_at, id), customer_key too: only then does H2 walk the index
     * backwards and stop at the first row. With MAX(changed_at), or an ORDER BY
     * without customer_key, it read and sorted every entry of the customer: a
     * Set, which reads this, and a page of history cost 7-17 ms for a customer
     * with 135,000 entries instead of 0.1, and 16 history calls for a customer
     * with 157,000 wrote 1.4 GB of sort files. PostgreSQL walks it either way.
     */
    static final String NEWEST_FIRST = " ORDER BY customer_key DESC, changed_at DESC, id DESC";
    static final String LATEST = "SELECT changed_at FROM preference_history WHERE customer_key = ?" + NEWEST_FIRST
            + " FETCH FIRST 1 ROW ONLY";

    private final Jdbc jdbc;

    public JdbcPreferenceHistory(Database database) {
        this.jdbc = new Jdbc(database);
    }

    /** The time of the customer's newest history entry, read within the caller's transaction; null for none. */
    OffsetDateTime latest(Connection connection, Guid customer) throws SQLException {
        try (PreparedStatement latest = connection.prepareStatement(LATEST)) {
            latest.setObject(1, customer.value());
            try (ResultSet result = latest.executeQuery()) {
                return result.next() ? result.getObject(1, OffsetDateTime.class) : null;
            }
        }
    }

    /** Appends the entries within the caller's transaction. */
    void append(Connection connection, List<HistoryEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (HistoryEntry entry : entries) {
                MailingListPreference after = entry.after();
                ChangeRecord change = entry.change();
                insert.setObject(1, entry.customerKey().value());
                insert.setString(2, entry.statusBefore() == null ? null : entry.statusBefore().name());
                SettingColumns.bind(insert, 3, after);
                insert.setObject(3 + SettingColumns.COUNT, change.at().atOffset(ZoneOffset.UTC));
                insert.setString(4 + SettingColumns.COUNT, change.user());
                insert.setString(5 + SettingColumns.COUNT, change.protocol());
                insert.setString(6 + SettingColumns.COUNT, change.correlationId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public HistoryPage page(HistoryQuery query) {
        return jdbc.read("read the history", connection -> {
            List<Object> parameters = new ArrayList<>();
            String sql = pageSql(query, parameters);
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                List<HistoryEntry> entries = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(read(rows));
                    }
                }
                return page(entries, query);
            }
        });
    }

    private static HistoryPage page(List<HistoryEntry> entries, HistoryQuery query) {
        int pageSize = query.pageSize();
        if (entries.size() <= pageSize) {
            return new HistoryPage(entries, null);
        }
        List<HistoryEntry> page = entries.subList(0, pageSize);
        HistoryEntry last = page.get(pageSize - 1);
        return new HistoryPage(page, new HistoryCursor(last.change().at(), last.id()).token(query.cursorScope()));
    }

    /**
     * A bound as the databases compare it alike. Changes are stamped to the
     * microsecond, so one is at or after a bound, or before it, exactly when it
     * is so of the bound raised to the next whole microsecond. A finer bound
     * is not left to the database: H2 compares its nanoseconds, the
     * PostgreSQL driver rounds them to the nearest microsecond (audit: a
     * change 0.4 µs before {@code to} was in the window on H2 and outside it
     * on PostgreSQL).
     */
    private static OffsetDateTime upToTheMicrosecond(Instant bound) {
        Instant whole = bound.truncatedTo(ChronoUnit.MICROS);
        return (whole.equals(bound) ? bound : whole.plus(1, ChronoUnit.MICROS)).atOffset(ZoneOffset.UTC);
    }

    /** Newest first by (changed_at, id); one row more than the page, to know whether another follows. */
    static String pageSql(HistoryQuery query, List<Object> parameters) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM preference_history WHERE customer_key = ?");
        parameters.add(query.customerKey().value());
        if (query.mailingListKey() != null) {
            sql.append(" AND mailing_list_key = ?");
            parameters.add(query.mailingListKey().value());
        }
        if (query.from() != null) {
            sql.append(" AND changed_at >= ?");
            parameters.add(upToTheMicrosecond(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND changed_at < ?");
            parameters.add(upToTheMicrosecond(query.to()));
        }
        if (query.cursor() != null) {
            OffsetDateTime at = query.cursor().changedAt().atOffset(ZoneOffset.UTC);
            sql.append(" AND (changed_at < ? OR (changed_at = ? AND id < ?))");
            parameters.add(at);
            parameters.add(at);
            parameters.add(query.cursor().id());
        }
        sql.append(NEWEST_FIRST).append(" FETCH FIRST ").append(query.pageSize() + 1).append(" ROWS ONLY");
        return sql.toString();
    }

    /** A row of {@link #COLUMNS}. */
    static HistoryEntry read(ResultSet rows) throws SQLException {
        String before = rows.getString(3);
        MailingListPreference after = SettingColumns.read(rows, 4);
        ChangeRecord change = new ChangeRecord(rows.getObject(12, OffsetDateTime.class).toInstant(), rows.getString(13),
                rows.getString(14), rows.getString(15));
        return new HistoryEntry(rows.getLong(1), SettingColumns.guid(rows, 2),
                before == null ? null : PreferenceStatus.valueOf(before), after, change);
    }
}
