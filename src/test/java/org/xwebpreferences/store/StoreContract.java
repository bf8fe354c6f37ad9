package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.auth.TokenRecord;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceChange;
import org.xwebpreferences.core.PreferenceStatus;
import org.xwebpreferences.core.XwebError;

/**
 * One body of store tests for every database: each subclass opens a fresh,
 * migrated database of its kind and the same assertions run against it.
 */
abstract class StoreContract {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    protected Database database;
    private JdbcPreferenceStore preferences;
    private JdbcUserStore users;
    private JdbcTokenStore tokens;

    /** A freshly migrated, empty database. */
    protected abstract Database openDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = openDatabase();
        preferences = new JdbcPreferenceStore(database.dataSource(), database.dialect());
        users = new JdbcUserStore(database.dataSource());
        tokens = new JdbcTokenStore(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void upsertReplacesTheWholeRowOfAPair() {
        Guid customer = guid();
        Guid list = guid();
        preferences.upsert(change(customer, full(list, PreferenceStatus.OptIn)), AT, "first");

        preferences.upsert(change(customer, bare(list, PreferenceStatus.OptOut)), AT.plusSeconds(60), "second");

        assertThat(preferences.findAll(customer)).containsExactly(bare(list, PreferenceStatus.OptOut));
    }

    @Test
    void eachPairIsOneRowWhateverTheOtherCustomersHave() throws SQLException {
        Guid list = guid();
        Guid alice = guid();
        Guid bob = guid();
        preferences.upsert(change(alice, bare(list, PreferenceStatus.OptIn)), AT, "u");
        preferences.upsert(change(alice, bare(list, PreferenceStatus.OptOut)), AT, "u");
        preferences.upsert(change(bob, bare(list, PreferenceStatus.OptIn)), AT, "u");

        assertThat(rowCount()).isEqualTo(2);
        assertThat(preferences.find(alice, list)).contains(bare(list, PreferenceStatus.OptOut));
        assertThat(preferences.find(bob, list)).contains(bare(list, PreferenceStatus.OptIn));
    }

    @Test
    void findAllIsOrderedByMailingListKeyAsText() {
        Guid customer = guid();
        Guid low = Guid.parse("k", "0fffffff-ffff-ffff-ffff-ffffffffffff");
        Guid middle = Guid.parse("k", "7fffffff-ffff-ffff-ffff-ffffffffffff");
        Guid high = Guid.parse("k", "f0000000-0000-0000-0000-000000000000");
        preferences.upsert(change(customer, bare(high, PreferenceStatus.OptIn), bare(low, PreferenceStatus.OptIn),
                bare(middle, PreferenceStatus.OptIn)), AT, "u");

        assertThat(preferences.findAll(customer)).extracting(MailingListPreference::mailingListKey)
                .containsExactly(low, middle, high);
    }

    @Test
    void aRequestThatFailsPartWayChangesNothing() throws SQLException {
        Guid customer = guid();
        Guid kept = guid();
        preferences.upsert(change(customer, bare(kept, PreferenceStatus.OptIn)), AT, "u");
        MailingListPreference tooLong = new MailingListPreference(guid(), "x".repeat(600), null,
                PreferenceStatus.OptOut, null, null, null, null);

        assertThatThrownBy(() -> preferences.upsert(change(customer, bare(kept, PreferenceStatus.OptOut), tooLong),
                AT, "u")).isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));

        assertThat(preferences.findAll(customer)).containsExactly(bare(kept, PreferenceStatus.OptIn));
        assertThat(rowCount()).isEqualTo(1);
    }

    @Test
    void recordsWhenAndByWhomARowWasChanged() throws SQLException {
        Guid customer = guid();
        preferences.upsert(change(customer, bare(guid(), PreferenceStatus.OptIn)), AT, "sync-job");

        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT changed_at, changed_by FROM communication_preference WHERE customer_key = ?")) {
            select.setObject(1, customer.value());
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(AT);
                assertThat(rows.getString(2)).isEqualTo("sync-job");
            }
        }
    }

    @Test
    void textIsStoredExactly() {
        Guid customer = guid();
        Guid list = guid();
        String name = "Ünïcödé 😀".repeat(25) + " ' OR 1=1; --";
        MailingListPreference setting = new MailingListPreference(list, name, "  tabs\tand\nlines  ",
                PreferenceStatus.Undefined, guid(), null, guid(), null);

        preferences.upsert(change(customer, setting), AT, "u");

        assertThat(preferences.find(customer, list)).contains(setting);
    }

    @Test
    void concurrentWritersOfOnePairLeaveExactlyOneRow() throws Exception {
        Guid customer = guid();
        Guid list = guid();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> writers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                PreferenceStatus status = i % 2 == 0 ? PreferenceStatus.OptIn : PreferenceStatus.OptOut;
                writers.add(() -> {
                    preferences.upsert(change(customer, bare(list, status), bare(guid(), status)), AT, "u");
                    return null;
                });
            }
            for (Future<Void> result : pool.invokeAll(writers)) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(preferences.find(customer, list)).isPresent();
        assertThat(preferences.findAll(customer)).hasSize(65);
    }

    @Test
    void aUserNameIsTakenOnce() {
        assertThat(users.insert("sync", "hash-1", AT)).isTrue();
        assertThat(users.insert("sync", "hash-2", AT)).isFalse();

        assertThat(users.findByName("sync")).hasValueSatisfying(user -> {
            assertThat(user.passwordHash()).isEqualTo("hash-1");
            assertThat(user.enabled()).isTrue();
        });
        assertThat(users.isEmpty()).isFalse();
        assertThat(users.findByName("SYNC")).isEmpty();
    }

    @Test
    void tokensAreFoundSpentOnceAndPurgedWhenExpired() {
        users.insert("sync", "hash", AT);
        long userId = users.findByName("sync").orElseThrow().id();
        tokens.insert("a".repeat(64), userId, AT, AT.plus(30, ChronoUnit.MINUTES));
        tokens.insert("b".repeat(64), userId, AT, AT.plus(1, ChronoUnit.MINUTES));

        assertThat(tokens.find("a".repeat(64))).contains(
                new TokenRecord(userId, "sync", true, AT, AT.plus(30, ChronoUnit.MINUTES)));
        assertThat(tokens.purgeExpired(AT.plus(5, ChronoUnit.MINUTES))).isEqualTo(1);
        assertThat(tokens.find("b".repeat(64))).isEmpty();
        assertThat(tokens.delete("a".repeat(64))).isTrue();
        assertThat(tokens.delete("a".repeat(64))).isFalse();
    }

    private int rowCount() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM communication_preference");
             ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static PreferenceChange change(Guid customer, MailingListPreference... settings) {
        return new PreferenceChange(customer, List.of(settings));
    }

    private static MailingListPreference bare(Guid list, PreferenceStatus status) {
        return new MailingListPreference(list, null, null, status, null, null, null, null);
    }

    private static MailingListPreference full(Guid list, PreferenceStatus status) {
        return new MailingListPreference(list, "Name", "Category", status, guid(), guid(), guid(), guid());
    }

    private static Guid guid() {
        return new Guid(UUID.randomUUID());
    }
}
