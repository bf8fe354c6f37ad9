package org.xwebpreferences.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xwebpreferences.core.AnswerRoom;
import org.xwebpreferences.core.ChangeRecord;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.HistoryEntry;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceChange;
import org.xwebpreferences.core.PreferenceStore;
import org.xwebpreferences.core.XwebError;

/**
 * Preferences in the communication_preference table: one row per customer and
 * mailing list, each change recorded in preference_history in the same transaction.
 */
public final class JdbcPreferenceStore implements PreferenceStore {

    private static final String SELECT = "SELECT mailing_list_key, mailing_list_name, mailing_list_category, status,"
            + " email_key, address_key, phone_key, fax_key FROM communication_preference WHERE customer_key = ?";
    private static final String SELECT_ALL = SELECT + " ORDER BY mailing_list_key";
    private static final String SELECT_ONE = SELECT + " AND mailing_list_key = ?";

    /** PostgreSQL's and the SQL standard's code for "run the transaction again". */
    private static final String SERIALIZATION_FAILURE = "40001";

    private final Jdbc jdbc;
    private final SqlDialect dialect;
    private final JdbcPreferenceHistory history;
    private final CustomerLocks customerLocks;
    private final int maxListsPerCustomer;

    /**
     * {@code maxListsPerCustomer} bounds what GetAll answers at once: without
     * it, a customer given 50,000 lists over many requests made every GetAll of
     * theirs a 37 MB answer, and a few at once used up the server's memory.
     */
    public JdbcPreferenceStore(Database database, JdbcPreferenceHistory history, int maxListsPerCustomer) {
        this.jdbc = new Jdbc(database);
        this.dialect = database.dialect();
        // On PostgreSQL a writer that got its turn may still wait for the database (its
        // statements up to 10 s each): its turn comes within 10 s, so that its answer still
        // reaches the client within the 30 s the server gives a request.
        this.customerLocks = dialect == SqlDialect.H2 ? new CustomerLocks()
                : new CustomerLocks(Duration.ofSeconds(10));
        this.history = history;
        this.maxListsPerCustomer = maxListsPerCustomer;
    }

    @Override
    public void upsert(PreferenceChange change, ChangeRecord record) {
        // Rows are written in key order, so that two requests touching the same
        // pairs lock them in the same order and cannot deadlock each other.
        List<MailingListPreference> settings = new ArrayList<>(change.settings());
        settings.sort(Comparator.comparing(MailingListPreference::mailingListKey));
        // One writer per customer in this server, before a connection is taken; on
        // PostgreSQL the advisory lock then keeps out other nodes' writers.
        Jdbc.Guard oneWriterPerCustomer = () -> customerLocks.acquire(change.customerKey());
        jdbc.transaction("store the preferences", oneWriterPerCustomer, connection -> {
            lockCustomer(connection, change.customerKey());
            Map<Guid, MailingListPreference> current = current(connection, change.customerKey());
            List<MailingListPreference> different = settings.stream()
                    .filter(setting -> !setting.equals(current.get(setting.mailingListKey())))
                    .toList(); // the others are already so: nothing to write, nothing to record
            if (different.isEmpty()) {
                return null;
            }
            checkListLimit(current, different);
            ChangeRecord stamped = notBeforeLatest(connection, change.customerKey(), record);
            List<HistoryEntry> changed = new ArrayList<>();
            try (PreparedStatement upsert = connection.prepareStatement(dialect.upsertPreference())) {
                for (MailingListPreference setting : different) {
                    MailingListPreference before = current.get(setting.mailingListKey());
                    bindRow(upsert, change.customerKey(), setting, stamped);
                    if (inserted(upsert) != (before == null)) {
                        // Another transaction inserted the row after we looked: what we
                        // would record as "before" is wrong. Start again from the top.
                        // Only a writer that skips the customer lock gets here (a change
                        // made by hand). Not enough for a second server on one H2 server
                        // database, whose updates and other lists' inserts this does not
                        // see: one server per H2 database (XwebServer warns).
                        throw new SQLException("A preference row appeared concurrently", SERIALIZATION_FAILURE);
                    }
                    changed.add(new HistoryEntry(0, change.customerKey(), before == null ? null : before.status(),
                            setting, stamped));
                }
            }
            history.append(connection, changed);
            return null;
        });
    }

    /** Refuses, before anything is written, a change that would give the customer more lists than the limit. */
    private void checkListLimit(Map<Guid, MailingListPreference> current, List<MailingListPreference> different) {
        long added = different.stream().filter(setting -> !current.containsKey(setting.mailingListKey())).count();
        if (added > 0 && current.size() + added > maxListsPerCustomer) {
            throw XwebError.invalid("preferences", "the customer holds " + current.size() + " mailing lists and "
                    + added + " more would pass the limit of " + maxListsPerCustomer + " per customer");
        }
    }

    /**
     * The change's time, moved up to the customer's newest history entry when
     * it is earlier. The time is taken when a request arrives, before it waits
     * for the customer's lock, and nodes' clocks differ: without this, a write
     * that committed last could be listed as older than one it replaced, and the
     * history would contradict the stored row. With it, history order (time,
     * then id, which is drawn under the lock) is the order the writes committed.
     */
    private ChangeRecord notBeforeLatest(Connection connection, Guid customer, ChangeRecord record)
            throws SQLException {
        OffsetDateTime latest = history.latest(connection, customer);
        if (latest == null || !latest.toInstant().isAfter(record.at())) {
            return record;
        }
        return new ChangeRecord(latest.toInstant(), record.user(), record.protocol(), record.correlationId());
    }

    /** On PostgreSQL: no other transaction, on any node, changes the customer's rows until this one ends. */
    private void lockCustomer(Connection connection, Guid customer) throws SQLException {
        if (dialect.lockCustomer() == null) {
            return;
        }
        try (PreparedStatement lock = connection.prepareStatement(dialect.lockCustomer())) {
            lock.setInt(1, customer.value().hashCode());
            lock.execute();
        }
    }

    /**
     * The customer's rows, which no other writer changes until the transaction
     * ends (the customer lock, and the dialect's row lock): their "before" cannot
     * change under us.
     */
    private Map<Guid, MailingListPreference> current(Connection connection, Guid customer) throws SQLException {
        Map<Guid, MailingListPreference> rows = new HashMap<>();
        for (MailingListPreference row : query(connection, SELECT + dialect.lockReadRows(), customer, null,
                AnswerRoom.UNBOUNDED)) {
            rows.put(row.mailingListKey(), row);
        }
        return rows;
    }

    private static boolean inserted(PreparedStatement upsert) throws SQLException {
        try (ResultSet result = upsert.executeQuery()) {
            result.next();
            return result.getBoolean(1);
        }
    }

    @Override
    public List<MailingListPreference> findAll(Guid customerKey, AnswerRoom room) {
        return jdbc.read("read the preferences", connection -> query(connection, SELECT_ALL, customerKey, null, room));
    }

    @Override
    public Optional<MailingListPreference> find(Guid customerKey, Guid mailingListKey) {
        return jdbc.read("read the preference",
                connection -> query(connection, SELECT_ONE, customerKey, mailingListKey, AnswerRoom.UNBOUNDED).stream().findFirst());
    }

    private static void bindRow(PreparedStatement statement, Guid customer, MailingListPreference setting,
                                ChangeRecord record) throws SQLException {
        statement.setObject(1, customer.value());
        SettingColumns.bind(statement, 2, setting);
        statement.setObject(2 + SettingColumns.COUNT, record.at().atOffset(ZoneOffset.UTC));
        statement.setString(3 + SettingColumns.COUNT, record.user());
    }

    /** The rows, each claimed from the room before the next is read. */
    private static List<MailingListPreference> query(Connection connection, String sql, Guid customer, Guid list,
                                                     AnswerRoom room) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, customer.value());
            if (list != null) {
                select.setObject(2, list.value());
            }
            try (ResultSet rows = select.executeQuery()) {
                List<MailingListPreference> result = new ArrayList<>();
                while (rows.next()) {
                    MailingListPreference row = SettingColumns.read(rows, 1);
                    room.claimFor(row);
                    result.add(row);
                }
                return result;
            }
        }
    }
}
