package org.xwebpreferences.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceChange;
import org.xwebpreferences.core.PreferenceStatus;
import org.xwebpreferences.core.PreferenceStore;

/** Preferences in the communication_preference table: one row per customer and mailing list. */
public final class JdbcPreferenceStore implements PreferenceStore {

    private static final String SELECT = "SELECT mailing_list_key, mailing_list_name, mailing_list_category, status,"
            + " email_key, address_key, phone_key, fax_key FROM communication_preference WHERE customer_key = ?";
    private static final String SELECT_ALL = SELECT + " ORDER BY mailing_list_key";
    private static final String SELECT_ONE = SELECT + " AND mailing_list_key = ?";

    private final Jdbc jdbc;
    private final SqlDialect dialect;

    public JdbcPreferenceStore(DataSource dataSource, SqlDialect dialect) {
        this.jdbc = new Jdbc(dataSource);
        this.dialect = dialect;
    }

    @Override
    public void upsert(PreferenceChange change, Instant changedAt, String changedBy) {
        // Rows are written in key order, so that two requests touching the same
        // pairs lock them in the same order and cannot deadlock each other.
        List<MailingListPreference> settings = new ArrayList<>(change.settings());
        settings.sort(Comparator.comparing(MailingListPreference::mailingListKey));
        OffsetDateTime at = changedAt.atOffset(ZoneOffset.UTC);
        jdbc.transaction("store the preferences", connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(dialect.upsertPreference())) {
                for (MailingListPreference setting : settings) {
                    bindRow(upsert, change.customerKey(), setting, at, changedBy);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<MailingListPreference> findAll(Guid customerKey) {
        return jdbc.read("read the preferences", connection -> query(connection, SELECT_ALL, customerKey, null));
    }

    @Override
    public Optional<MailingListPreference> find(Guid customerKey, Guid mailingListKey) {
        return jdbc.read("read the preference",
                connection -> query(connection, SELECT_ONE, customerKey, mailingListKey).stream().findFirst());
    }

    private static void bindRow(PreparedStatement statement, Guid customer, MailingListPreference setting,
                                OffsetDateTime at, String changedBy) throws SQLException {
        statement.setObject(1, customer.value());
        statement.setObject(2, setting.mailingListKey().value());
        statement.setString(3, setting.mailingListName());
        statement.setString(4, setting.mailingListCategory());
        statement.setString(5, setting.status().name());
        statement.setObject(6, uuid(setting.emailKey()));
        statement.setObject(7, uuid(setting.addressKey()));
        statement.setObject(8, uuid(setting.phoneKey()));
        statement.setObject(9, uuid(setting.faxKey()));
        statement.setObject(10, at);
        statement.setString(11, changedBy);
    }

    private static List<MailingListPreference> query(Connection connection, String sql, Guid customer, Guid list)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, customer.value());
            if (list != null) {
                select.setObject(2, list.value());
            }
            try (ResultSet rows = select.executeQuery()) {
                List<MailingListPreference> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(readRow(rows));
                }
                return result;
            }
        }
    }

    private static MailingListPreference readRow(ResultSet rows) throws SQLException {
        return new MailingListPreference(
                guid(rows, 1),
                rows.getString(2),
                rows.getString(3),
                PreferenceStatus.valueOf(rows.getString(4)),
                guid(rows, 5),
                guid(rows, 6),
                guid(rows, 7),
                guid(rows, 8));
    }

    private static UUID uuid(Guid guid) {
        return guid == null ? null : guid.value();
    }

    private static Guid guid(ResultSet rows, int column) throws SQLException {
        UUID value = rows.getObject(column, UUID.class);
        return value == null ? null : new Guid(value);
    }
}
