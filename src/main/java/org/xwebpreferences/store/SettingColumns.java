package org.xwebpreferences.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceStatus;

/**
 * The eight columns of a mailing-list setting, in the order both the stored
 * row and its history entries keep them: mailing_list_key, mailing_list_name,
 * mailing_list_category, status, email_key, address_key, phone_key, fax_key.
 */
final class SettingColumns {

    static final int COUNT = 8;

    private SettingColumns() {
    }

    /** Binds the setting to the parameters from {@code first} on. */
    static void bind(PreparedStatement statement, int first, MailingListPreference setting) throws SQLException {
        statement.setObject(first, setting.mailingListKey().value());
        statement.setString(first + 1, setting.mailingListName());
        statement.setString(first + 2, setting.mailingListCategory());
        statement.setString(first + 3, setting.status().name());
        statement.setObject(first + 4, uuid(setting.emailKey()));
        statement.setObject(first + 5, uuid(setting.addressKey()));
        statement.setObject(first + 6, uuid(setting.phoneKey()));
        statement.setObject(first + 7, uuid(setting.faxKey()));
    }

    /** The setting in the columns from {@code first} on. */
    static MailingListPreference read(ResultSet rows, int first) throws SQLException {
        return new MailingListPreference(guid(rows, first), rows.getString(first + 1), rows.getString(first + 2),
                PreferenceStatus.valueOf(rows.getString(first + 3)), guid(rows, first + 4), guid(rows, first + 5),
                guid(rows, first + 6), guid(rows, first + 7));
    }

    static Guid guid(ResultSet rows, int column) throws SQLException {
        UUID value = rows.getObject(column, UUID.class);
        return value == null ? null : new Guid(value);
    }

    private static UUID uuid(Guid guid) {
        return guid == null ? null : guid.value();
    }
}
