package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.auth.TokenRecord;
import org.xwebpreferences.core.AnswerRoom;
import org.xwebpreferences.core.Caller;
import org.xwebpreferences.core.ChangeRecord;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.HistoryCursor;
import org.xwebpreferences.core.HistoryEntry;
import org.xwebpreferences.core.HistoryPage;
import org.xwebpreferences.core.HistoryQuery;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceChange;
import org.xwebpreferences.core.PreferenceStatus;
import org.xwebpreferences.core.XwebError;

/**
 * One body of store tests for every database: each subclass opens a fresh,
 * migrated database of its kind and the same assertions run against it.
 */
abstract class StoreContract {

    static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    static final int MAX_LISTS = 100;

    protected Database database;
    protected JdbcPreferenceStore preferences;
    private JdbcPreferenceHistory history;
    private JdbcUserStore users;
    private JdbcTokenStore tokens;

    /** A freshly migrated, empty database. */
    protected abstract Database openDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = openDatabase();
        history = new JdbcPreferenceHistory(database);
        preferences = new JdbcPreferenceStore(database, history, MAX_LISTS);
        users = new JdbcUserStore(database);
        tokens = new JdbcTokenStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void upsertReplacesTheWholeRowOfAPair() {
        Guid customer = guid();
        Guid list = guid();
        preferences.upsert(change(customer, full(list, PreferenceStatus.OptIn)), record(AT, "first"));

        preferences.upsert(change(customer, bare(list, PreferenceStatus.OptOut)), record(AT.plusSeconds(60), "second"));

        assertThat(preferences.findAll(customer)).containsExactly(bare(list, PreferenceStatus.OptOut));
    }

    /**
     * The count and the rows of an export are one snapshot: rows written after
     * it was counted are not exported (its progress counted past the total).
     */
    @Test
    void anExportIsTheTableAtOneMomentWhileWritesGoOn() {
        preferences.upsert(change(guid(), bare(guid(), PreferenceStatus.OptIn), bare(guid(), PreferenceStatus.OptOut)),
                record(AT, "u"));
        List<Long> totals = new ArrayList<>();
        List<String> statuses = new ArrayList<>();

        long exported = new JdbcExport(database).stream(JdbcExport.Table.PREFERENCES, total -> {
            totals.add(total);
            for (int i = 0; i < 3; i++) { // committed on other connections, between the count and the rows
                preferences.upsert(change(guid(), bare(guid(), PreferenceStatus.OptIn)), record(AT, "u"));
            }
        }, values -> statuses.add(values[4]));

        assertThat(totals).containsExactly(2L);
        assertThat(exported).isEqualTo(2);
        assertThat(statuses).containsExactlyInAnyOrder("OptIn", "OptOut");
    }

    @Test
    void eachPairIsOneRowWhateverTheOtherCustomersHave() throws SQLException {
        Guid list = guid();
        Guid alice = guid();
        Guid bob = guid();
        preferences.upsert(change(alice, bare(list, PreferenceStatus.OptIn)), record(AT, "u"));
        preferences.upsert(change(alice, bare(list, PreferenceStatus.OptOut)), record(AT, "u"));
        preferences.upsert(change(bob, bare(list, PreferenceStatus.OptIn)), record(AT, "u"));

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
                bare(middle, PreferenceStatus.OptIn)), record(AT, "u"));

        assertThat(preferences.findAll(customer)).extracting(MailingListPreference::mailingListKey)
                .containsExactly(low, middle, high);
    }

    @Test
    void aRequestThatFailsPartWayChangesNothing() throws SQLException {
        Guid customer = guid();
        // Rows are written in key order: the kept one is written before the one that fails.
        Guid kept = Guid.parse("k", "00000000-0000-0000-0000-000000000001");
        preferences.upsert(change(customer, bare(kept, PreferenceStatus.OptIn)), record(AT, "u"));
        MailingListPreference tooLong = new MailingListPreference(
                Guid.parse("k", "ffffffff-ffff-ffff-ffff-ffffffffffff"), "x".repeat(600), null,
                PreferenceStatus.OptOut, null, null, null, null);

        assertThatThrownBy(() -> preferences.upsert(change(customer, bare(kept, PreferenceStatus.OptOut), tooLong),
                record(AT, "u"))).isInstanceOf(Jdbc.StatementRefused.class); // a value too long: sent again, refused again

        assertThat(preferences.findAll(customer)).containsExactly(bare(kept, PreferenceStatus.OptIn));
        assertThat(rowCount()).isEqualTo(1);
    }

    /** A GetAll claims room for each setting as it is read, so that the server can turn a huge answer away. */
    @Test
    void findAllClaimsRoomForEverySettingItReads() {
        Guid customer = guid();
        preferences.upsert(change(customer, bare(guid(), PreferenceStatus.OptIn), bare(guid(), PreferenceStatus.OptOut),
                full(guid(), PreferenceStatus.OptIn)), record(AT, "u"));
        List<Long> claims = new ArrayList<>();

        assertThat(preferences.findAll(customer, claims::add)).hasSize(3);

        assertThat(claims).hasSize(3).allSatisfy(bytes -> assertThat(bytes).isGreaterThanOrEqualTo(
                AnswerRoom.BYTES_PER_SETTING));
    }

    @Test
    void recordsWhenAndByWhomARowWasChanged() throws SQLException {
        Guid customer = guid();
        preferences.upsert(change(customer, bare(guid(), PreferenceStatus.OptIn)), record(AT, "sync-job"));

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

        preferences.upsert(change(customer, setting), record(AT, "u"));

        assertThat(preferences.find(customer, list)).contains(setting);
    }

    @Test
    void writersWaitingForALockedCustomerLeaveTheOtherCustomersTheirConnections() throws Exception {
        // A customer's rows held by a hand-made transaction (or a slow one elsewhere): its writers
        // queue in this node's memory, with one pooled connection between them, not one each.
        Guid locked = guid();
        Guid list = guid();
        preferences.upsert(change(locked, bare(list, PreferenceStatus.OptIn)), record(AT, "u"));
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            List<Future<?>> waiting = new ArrayList<>();
            try (Connection holder = database.dataSource().getConnection()) {
                holder.setAutoCommit(false);
                try (PreparedStatement lock = holder.prepareStatement(
                        "SELECT status FROM communication_preference WHERE customer_key = ? FOR UPDATE")) {
                    lock.setObject(1, locked.value());
                    lock.executeQuery().close();
                }
                for (int i = 0; i < 8; i++) {
                    PreferenceStatus status = i % 2 == 0 ? PreferenceStatus.OptOut : PreferenceStatus.OptIn;
                    waiting.add(pool.submit(() -> preferences.upsert(change(locked, bare(list, status)),
                            record(AT, "u"))));
                }
                Thread.sleep(500);

                Guid other = guid();
                Future<?> otherWrite = pool.submit(() -> preferences.upsert(change(other, bare(list,
                        PreferenceStatus.OptIn)), record(AT, "u")));
                otherWrite.get(3, TimeUnit.SECONDS);
                assertThat(preferences.findAll(other)).hasSize(1);
                holder.rollback();
            }
            for (Future<?> write : waiting) {
                write.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
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
                    preferences.upsert(change(customer, bare(list, status), bare(guid(), status)), record(AT, "u"));
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
        assertThat(users.insertUnlessLookalike("sync", "hash-1", AT, UnaryOperator.identity())).isEmpty();
        assertThat(users.insertUnlessLookalike("sync", "hash-2", AT, UnaryOperator.identity())).contains("sync");

        assertThat(users.findByName("sync")).hasValueSatisfying(user -> {
            assertThat(user.passwordHash()).isEqualTo("hash-1");
            assertThat(user.enabled()).isTrue();
        });
        assertThat(users.isEmpty()).isFalse();
        assertThat(users.findByName("SYNC")).isEmpty();
    }

    /** What the first start asks before it creates the xWeb user 'xweb'. */
    @Test
    void aDatabaseWithoutUsersIsEmptyUntilOneIsAdded() {
        assertThat(users.isEmpty()).isTrue();
        users.insertUnlessLookalike("sync", "hash", AT, UnaryOperator.identity());
        assertThat(users.isEmpty()).isFalse();
    }

    @Test
    void concurrentAddsOfLookalikeNamesAddExactlyOne() throws Exception {
        // Slow, so that without turns every add would check before any other inserts.
        UnaryOperator<String> slowLowerCase = name -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return name.toLowerCase(Locale.ROOT);
        };
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Optional<String>>> adds = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            StringBuilder name = new StringBuilder("syncjob");
            for (int letter = 0; letter < 5; letter++) {
                if ((i >> letter & 1) == 1) {
                    name.setCharAt(letter, Character.toUpperCase(name.charAt(letter))); // SyncJob, sYncjob, ...
                }
            }
            adds.add(() -> users.insertUnlessLookalike(name.toString(), "hash", AT, slowLowerCase));
        }
        int added = 0;
        try {
            for (Future<Optional<String>> result : pool.invokeAll(adds)) {
                added += result.get().isEmpty() ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(added).isEqualTo(1);
        assertThat(users.list()).hasSize(1);
    }

    @Test
    void tokensAreFoundSpentOnceAndPurgedWhenExpired() {
        users.insertUnlessLookalike("sync", "hash", AT, UnaryOperator.identity());
        long userId = users.findByName("sync").orElseThrow().id();
        assertThat(tokens.insert("a".repeat(64), userId, "hash", AT, AT.plus(30, ChronoUnit.MINUTES))).isTrue();
        assertThat(tokens.insert("b".repeat(64), userId, "hash", AT, AT.plus(1, ChronoUnit.MINUTES))).isTrue();

        assertThat(tokens.find("a".repeat(64))).contains(
                new TokenRecord(userId, "sync", true, "hash", AT, AT.plus(30, ChronoUnit.MINUTES)));
        assertThat(tokens.purgeExpired(AT.plus(5, ChronoUnit.MINUTES))).isEqualTo(1);
        assertThat(tokens.find("b".repeat(64))).isEmpty();
        assertThat(tokens.delete("a".repeat(64))).isTrue();
        assertThat(tokens.delete("a".repeat(64))).isFalse();
    }

    @Test
    void aNodeWhoseClockRunsAheadPurgesNoTokenThatIsLiveByTheDatabasesClock() {
        users.insertUnlessLookalike("sync", "hash", AT, UnaryOperator.identity());
        long userId = users.findByName("sync").orElseThrow().id();
        Instant now = Instant.now();
        tokens.insert("a".repeat(64), userId, "hash", now, now.plus(30, ChronoUnit.MINUTES));

        assertThat(tokens.purgeExpired(now.plus(2, ChronoUnit.HOURS))).isZero();
        assertThat(tokens.find("a".repeat(64))).isPresent();
    }

    /** Purged a thousand at a time: a purge goes on until none is left, not after the first batch. */
    @Test
    void aPurgeRemovesEveryExpiredTokenEvenMoreThanOneBatch() throws SQLException {
        users.insertUnlessLookalike("sync", "hash", AT, UnaryOperator.identity());
        long userId = users.findByName("sync").orElseThrow().id();
        int expired = 1_001; // one more than a batch
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO xweb_token (token_hash, user_id, issued_at, expires_at) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < expired; i++) {
                insert.setString(1, String.format(Locale.ROOT, "%064d", i));
                insert.setLong(2, userId);
                insert.setObject(3, AT.atOffset(ZoneOffset.UTC));
                insert.setObject(4, AT.plus(1, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        tokens.insert("f".repeat(64), userId, "hash", AT, AT.plus(30, ChronoUnit.MINUTES));

        assertThat(tokens.purgeExpired(AT.plus(5, ChronoUnit.MINUTES))).isEqualTo(expired);
        assertThat(tokens.find(String.format(Locale.ROOT, "%064d", expired - 1))).isEmpty();
        assertThat(tokens.find("f".repeat(64))).as("live").isPresent();
        assertThat(tokens.purgeExpired(AT.plus(5, ChronoUnit.MINUTES))).isZero();
    }

    @Test
    void aNewPasswordRevokesTheUsersTokensAndNoOneElses() {
        users.insertUnlessLookalike("sync", "old hash", AT, UnaryOperator.identity());
        users.insertUnlessLookalike("crm", "hash", AT, UnaryOperator.identity());
        long sync = users.findByName("sync").orElseThrow().id();
        long crm = users.findByName("crm").orElseThrow().id();
        tokens.insert("a".repeat(64), sync, "old hash", AT, AT.plus(30, ChronoUnit.MINUTES));
        tokens.insert("b".repeat(64), crm, "hash", AT, AT.plus(30, ChronoUnit.MINUTES));

        users.changePassword(sync, "new hash");

        assertThat(users.findByName("sync").orElseThrow().passwordHash()).isEqualTo("new hash");
        assertThat(tokens.find("a".repeat(64))).isEmpty();
        assertThat(tokens.find("b".repeat(64))).isPresent();
    }

    /** In two transactions, a failure between them left a disabled user's tokens for enabling to bring back. */
    @Test
    void disablingAUserRevokesTheirTokensWithIt() {
        users.insertUnlessLookalike("sync", "hash", AT, UnaryOperator.identity());
        users.insertUnlessLookalike("crm", "hash", AT, UnaryOperator.identity());
        long sync = users.findByName("sync").orElseThrow().id();
        long crm = users.findByName("crm").orElseThrow().id();
        tokens.insert("a".repeat(64), sync, "hash", AT, AT.plus(30, ChronoUnit.MINUTES));
        tokens.insert("b".repeat(64), crm, "hash", AT, AT.plus(30, ChronoUnit.MINUTES));

        assertThat(users.setEnabled("sync", false)).isTrue();
        assertThat(users.setEnabled("sync", true)).isTrue();

        assertThat(tokens.find("a".repeat(64))).as("not brought back by enabling").isEmpty();
        assertThat(tokens.find("b".repeat(64))).isPresent();
        assertThat(users.setEnabled("nobody", false)).isFalse();
    }

    /** Disabling alone revokes; enabling (again) logs no one out. */
    @Test
    void disablingRevokesAtOnceAndEnablingLeavesTheTokensAlone() {
        users.insertUnlessLookalike("sync", "hash", AT, UnaryOperator.identity());
        long sync = users.findByName("sync").orElseThrow().id();
        tokens.insert("a".repeat(64), sync, "hash", AT, AT.plus(30, ChronoUnit.MINUTES));

        assertThat(users.setEnabled("sync", true)).as("already enabled").isTrue();
        assertThat(tokens.find("a".repeat(64))).as("enabling revokes nothing").isPresent();

        assertThat(users.setEnabled("sync", false)).isTrue();
        assertThat(tokens.find("a".repeat(64))).as("revoked by disabling, before any enable").isEmpty();
        assertThat(users.findByName("sync").orElseThrow().enabled()).isFalse();
    }

    /** Disabling and enabling again keeps the password hash: a successor needs its predecessor still stored. */
    @Test
    void aSuccessorIsStoredOnlyWhileItsPredecessorIs() {
        users.insertUnlessLookalike("sync", "hash", AT, UnaryOperator.identity());
        long sync = users.findByName("sync").orElseThrow().id();
        tokens.insert("a".repeat(64), sync, "hash", AT, AT.plus(30, ChronoUnit.MINUTES));

        assertThat(tokens.insertSuccessor("b".repeat(64), "a".repeat(64), sync, "hash", AT,
                AT.plus(30, ChronoUnit.MINUTES))).isTrue();
        users.setEnabled("sync", false);
        users.setEnabled("sync", true);

        assertThat(tokens.insertSuccessor("c".repeat(64), "a".repeat(64), sync, "hash", AT,
                AT.plus(30, ChronoUnit.MINUTES))).isFalse();
        assertThat(tokens.find("b".repeat(64))).isEmpty();
        assertThat(tokens.find("c".repeat(64))).isEmpty();
    }

    @Test
    void aTokenDecidedOnAnOldPasswordOrForADisabledUserIsNotStored() {
        users.insertUnlessLookalike("sync", "old hash", AT, UnaryOperator.identity());
        long sync = users.findByName("sync").orElseThrow().id();
        users.changePassword(sync, "new hash");

        assertThat(tokens.insert("a".repeat(64), sync, "old hash", AT, AT.plus(30, ChronoUnit.MINUTES))).isFalse();
        assertThat(tokens.find("a".repeat(64))).isEmpty();
        assertThat(tokens.insert("a".repeat(64), 999_999, "old hash", AT, AT.plus(30, ChronoUnit.MINUTES)))
                .as("no such user").isFalse();

        users.setEnabled("sync", false);
        assertThat(tokens.insert("b".repeat(64), sync, "new hash", AT, AT.plus(30, ChronoUnit.MINUTES))).isFalse();
        users.setEnabled("sync", true);
        assertThat(tokens.insert("b".repeat(64), sync, "new hash", AT, AT.plus(30, ChronoUnit.MINUTES))).isTrue();
    }

    @Test
    void aTokenIssuedWhileAPasswordChangeIsUnderWayWaitsForItAndIsRefused() throws Exception {
        users.insertUnlessLookalike("sync", "old hash", AT, UnaryOperator.identity());
        long sync = users.findByName("sync").orElseThrow().id();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection change = database.dataSource().getConnection()) {
            // user passwd, elsewhere: the new hash written, the tokens revoked, not yet committed
            change.setAutoCommit(false);
            try (Statement statement = change.createStatement()) {
                statement.executeUpdate("UPDATE xweb_user SET password_hash = 'new hash' WHERE id = " + sync);
                statement.executeUpdate("DELETE FROM xweb_token WHERE user_id = " + sync);
            }
            Future<Boolean> stored = pool.submit(() ->
                    tokens.insert("a".repeat(64), sync, "old hash", AT, AT.plus(30, ChronoUnit.MINUTES)));
            Thread.sleep(300);
            assertThat(stored).as("waits for the change").isNotDone();
            change.commit();

            assertThat(stored.get(30, TimeUnit.SECONDS)).isFalse();
        } finally {
            pool.shutdownNow();
        }
        assertThat(tokens.find("a".repeat(64))).isEmpty();
    }

    @Test
    void aPasswordHashIsStrengthenedOnlyWhileItIsTheOneThatWasChecked() {
        users.insertUnlessLookalike("sync", "weak hash", AT, UnaryOperator.identity());
        long sync = users.findByName("sync").orElseThrow().id();
        users.changePassword(sync, "new password's hash");

        assertThat(users.replacePasswordHash(sync, "weak hash", "strong hash of the old password")).isFalse();
        assertThat(users.findByName("sync").orElseThrow().passwordHash()).isEqualTo("new password's hash");
        assertThat(users.replacePasswordHash(sync, "new password's hash", "strong hash")).isTrue();
        assertThat(users.findByName("sync").orElseThrow().passwordHash()).isEqualTo("strong hash");
    }

    @Test
    void aReadyDatabaseHasNoReasonNotToTakeWritesAndOneWithoutItsTablesSaysSo() throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            assertThat(database.whyNotWritable(connection, 2)).isNull();
            connection.createStatement().execute("DROP TABLE communication_preference");
            assertThat(database.whyNotWritable(connection, 2)).isEqualTo("tables are missing: if the database was"
                    + " dropped and made again, restart the node to create them; if a table was dropped from it,"
                    + " restore the database from a backup");
        }
    }

    @Test
    void eachChangeIsRecordedWithTheStatusBeforeAndEverythingAfter() {
        Guid customer = guid();
        Guid list = guid();
        MailingListPreference first = full(list, PreferenceStatus.OptIn);
        preferences.upsert(change(customer, first), new ChangeRecord(AT, "crm", Caller.SOAP, "c-1"));
        preferences.upsert(change(customer, bare(list, PreferenceStatus.OptOut)),
                new ChangeRecord(AT.plusSeconds(5), "web", Caller.JSON, "c-2"));

        List<HistoryEntry> entries = history.page(query(customer, null, 10, null)).entries();

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).statusBefore()).isEqualTo(PreferenceStatus.OptIn);
        assertThat(entries.get(0).after()).isEqualTo(bare(list, PreferenceStatus.OptOut));
        assertThat(entries.get(0).change()).isEqualTo(new ChangeRecord(AT.plusSeconds(5), "web", Caller.JSON, "c-2"));
        assertThat(entries.get(1).statusBefore()).isNull();
        assertThat(entries.get(1).after()).isEqualTo(first);
        assertThat(entries.get(1).change()).isEqualTo(new ChangeRecord(AT, "crm", Caller.SOAP, "c-1"));
        assertThat(entries).extracting(HistoryEntry::customerKey).containsOnly(customer);
    }

    @Test
    void aWriteThatCommitsLastIsTheNewestChangeEvenWhenItsTimeWasTakenEarlier() throws SQLException {
        // A request stamped first can reach the customer's lock last (it waited
        // for it, or came through a node whose clock is behind).
        Guid customer = guid();
        Guid list = guid();
        preferences.upsert(change(customer, bare(list, PreferenceStatus.OptIn)), record(AT.plusSeconds(60), "ahead"));
        preferences.upsert(change(customer, bare(list, PreferenceStatus.OptOut)), record(AT, "behind"));

        List<HistoryEntry> entries = history.page(query(customer, null, 10, null)).entries();

        assertThat(entries).extracting(entry -> entry.change().user()).containsExactly("behind", "ahead");
        assertThat(entries.get(0).statusBefore()).as("the chain holds").isEqualTo(PreferenceStatus.OptIn);
        assertThat(entries.get(0).change().at()).as("moved up to the change it replaced").isEqualTo(AT.plusSeconds(60));
        assertThat(preferences.findAll(customer)).extracting(MailingListPreference::status)
                .as("the newest change is what is stored").containsExactly(PreferenceStatus.OptOut);
        assertThat(changedBy(customer, list)).isEqualTo("behind");
        HistoryPage firstPage = history.page(query(customer, null, 1, null));
        assertThat(firstPage.entries()).extracting(entry -> entry.change().user()).containsExactly("behind");
        assertThat(history.page(query(customer, null, 1, firstPage.continuationToken())).entries())
                .as("paging past two changes of one time").extracting(entry -> entry.change().user())
                .containsExactly("ahead");
    }

    @Test
    void aCustomerHoldsAtMostTheLimitOfListsAndAChangePassingItChangesNothing() throws SQLException {
        Guid customer = guid();
        List<MailingListPreference> lists = new ArrayList<>();
        for (int i = 0; i < MAX_LISTS - 1; i++) {
            lists.add(bare(guid(), PreferenceStatus.OptIn));
        }
        preferences.upsert(new PreferenceChange(customer, lists), record(AT, "u"));
        int rows = rowCount();

        assertThatThrownBy(() -> preferences.upsert(change(customer, bare(guid(), PreferenceStatus.OptIn),
                bare(lists.get(0).mailingListKey(), PreferenceStatus.OptOut), bare(guid(), PreferenceStatus.OptIn)),
                record(AT, "u")))
                .isInstanceOfSatisfying(XwebError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
                    assertThat(e.field()).isEqualTo("preferences");
                })
                .hasMessage("preferences: the customer holds " + (MAX_LISTS - 1) + " mailing lists and 2 more would"
                        + " pass the limit of " + MAX_LISTS + " per customer");
        assertThat(rowCount()).as("nothing written").isEqualTo(rows);
        assertThat(preferences.findAll(customer)).extracting(MailingListPreference::status)
                .containsOnly(PreferenceStatus.OptIn);

        preferences.upsert(change(customer, bare(guid(), PreferenceStatus.OptIn)), record(AT, "u"));
        assertThat(preferences.findAll(customer)).as("up to the limit").hasSize(MAX_LISTS);
        preferences.upsert(change(customer, bare(lists.get(0).mailingListKey(), PreferenceStatus.OptOut)),
                record(AT, "u"));
        assertThat(preferences.findAll(customer)).as("at the limit, a list it holds still changes")
                .filteredOn(p -> p.status() == PreferenceStatus.OptOut).hasSize(1);
    }

    /** A limit lowered below what a customer already holds: the lists they hold still change, no new one is added. */
    @Test
    void aCustomerOverALoweredLimitCanStillChangeTheListsTheyHold() {
        Guid customer = guid();
        MailingListPreference held = bare(guid(), PreferenceStatus.OptIn);
        preferences.upsert(change(customer, held, bare(guid(), PreferenceStatus.OptIn), bare(guid(), PreferenceStatus.OptIn)),
                record(AT, "u"));
        JdbcPreferenceStore lowered = new JdbcPreferenceStore(database, history, 2);

        lowered.upsert(change(customer, bare(held.mailingListKey(), PreferenceStatus.OptOut)), record(AT, "u"));

        assertThat(lowered.find(customer, held.mailingListKey())).map(MailingListPreference::status)
                .contains(PreferenceStatus.OptOut);
        assertThatThrownBy(() -> lowered.upsert(change(customer, bare(guid(), PreferenceStatus.OptIn)), record(AT, "u")))
                .isInstanceOf(XwebError.class)
                .hasMessage("preferences: the customer holds 3 mailing lists and 1 more would pass the limit of 2"
                        + " per customer");
    }

    @Test
    void settingAPreferenceToWhatItIsRecordsNothingAndKeepsItsTime() throws SQLException {
        Guid customer = guid();
        MailingListPreference setting = full(guid(), PreferenceStatus.OptIn);
        MailingListPreference other = bare(guid(), PreferenceStatus.OptOut);
        preferences.upsert(change(customer, setting), record(AT, "first"));

        preferences.upsert(change(customer, setting, other), record(AT.plusSeconds(60), "second"));

        List<HistoryEntry> entries = history.page(query(customer, null, 10, null)).entries();
        assertThat(entries).extracting(entry -> entry.after().mailingListKey())
                .containsExactly(other.mailingListKey(), setting.mailingListKey());
        assertThat(changedBy(customer, setting.mailingListKey())).isEqualTo("first");
    }

    /**
     * The history is written after the rows: a check the database makes on the second entry fails the
     * request when the rows and the first entry are written, and none of them may stay.
     */
    @Test
    void aRequestWhoseHistoryFailsPartWayStoresAndRecordsNothing() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE preference_history ADD CONSTRAINT test_refuses_a_name"
                    + " CHECK (mailing_list_name IS NULL OR mailing_list_name <> 'refused by the history')");
        }
        Guid customer = guid();
        MailingListPreference refused = new MailingListPreference(
                Guid.parse("k", "ffffffff-ffff-ffff-ffff-ffffffffffff"), "refused by the history", null,
                PreferenceStatus.OptOut, null, null, null, null);

        assertThatThrownBy(() -> preferences.upsert(change(customer,
                bare(Guid.parse("k", "00000000-0000-0000-0000-000000000001"), PreferenceStatus.OptIn), refused),
                record(AT, "u"))).isInstanceOf(Jdbc.StatementRefused.class);

        assertThat(history.page(query(customer, null, 10, null)).entries()).isEmpty();
        assertThat(preferences.findAll(customer)).isEmpty();
    }

    @Test
    void historyPagesNewestFirstWithoutRepeatsOrGapsWhileChangesArrive() {
        Guid customer = guid();
        Guid list = guid();
        for (int i = 0; i < 25; i++) {
            preferences.upsert(change(customer, bare(list, i % 2 == 0 ? PreferenceStatus.OptIn : PreferenceStatus.OptOut)),
                    record(AT.plusSeconds(i / 3), "u" + i)); // several changes share a second
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            HistoryPage page = history.page(query(customer, null, 10, token));
            page.entries().forEach(entry -> seen.add(entry.change().user()));
            token = page.continuationToken();
            pages++;
            // A change arriving between pages is newer than every page: it never shows up in a later one.
            preferences.upsert(change(customer, bare(guid(), PreferenceStatus.Undefined)), record(AT.plusSeconds(99), "late"));
        } while (token != null);

        assertThat(pages).isEqualTo(3);
        List<String> expected = new ArrayList<>();
        for (int i = 24; i >= 0; i--) {
            expected.add("u" + i);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    /** A page that holds the last entry carries no continuation token, also when it is exactly full. */
    @Test
    void aHistoryOfExactlyOnePageHasNoNextPage() {
        Guid customer = guid();
        Guid list = guid();
        for (int i = 0; i < 3; i++) {
            preferences.upsert(change(customer, bare(list, i % 2 == 0 ? PreferenceStatus.OptIn : PreferenceStatus.OptOut)),
                    record(AT.plusSeconds(i), "u" + i));
        }

        HistoryPage full = history.page(query(customer, null, 3, null));
        assertThat(full.entries()).extracting(entry -> entry.change().user()).containsExactly("u2", "u1", "u0");
        assertThat(full.continuationToken()).isNull();
        HistoryPage first = history.page(query(customer, null, 2, null));
        assertThat(first.continuationToken()).isNotNull();
        HistoryPage last = history.page(query(customer, null, 2, first.continuationToken()));
        assertThat(last.entries()).extracting(entry -> entry.change().user()).containsExactly("u0");
        assertThat(last.continuationToken()).isNull();
    }

    @Test
    void historyIsFilteredByMailingListAndTime() {
        Guid customer = guid();
        Guid list = guid();
        preferences.upsert(change(customer, bare(list, PreferenceStatus.OptIn), bare(guid(), PreferenceStatus.OptIn)),
                record(AT, "early"));
        preferences.upsert(change(customer, bare(list, PreferenceStatus.OptOut)), record(AT.plusSeconds(3600), "late"));

        assertThat(history.page(new HistoryQuery(customer, list, null, null, 10, null)).entries())
                .extracting(entry -> entry.change().user()).containsExactly("late", "early");
        assertThat(history.page(new HistoryQuery(customer, null, AT.plusSeconds(1), null, 10, null)).entries())
                .extracting(entry -> entry.change().user()).containsExactly("late");
        assertThat(history.page(new HistoryQuery(customer, null, null, AT.plusSeconds(1), 10, null)).entries())
                .extracting(entry -> entry.change().user()).containsExactly("early", "early");
    }

    /** H2 compared a bound's nanoseconds, PostgreSQL's driver rounded them: the same query, two answers (audit). */
    @Test
    void aTimeBoundFinerThanAMicrosecondSelectsTheSameChangesOnEveryDatabase() {
        Guid customer = guid();
        Instant at = Instant.parse("2026-11-29T16:37:32.661833Z");
        preferences.upsert(change(customer, bare(guid(), PreferenceStatus.OptIn)), record(at, "u"));
        Instant justAfter = at.plusNanos(400);
        Instant justBefore = at.minusNanos(400);

        assertThat(history.page(new HistoryQuery(customer, null, justAfter, null, 10, null)).entries())
                .as("from 0.4 µs after the change").isEmpty();
        assertThat(history.page(new HistoryQuery(customer, null, null, justAfter, 10, null)).entries())
                .as("to 0.4 µs after the change").hasSize(1);
        assertThat(history.page(new HistoryQuery(customer, null, justBefore, null, 10, null)).entries())
                .as("from 0.4 µs before the change").hasSize(1);
        assertThat(history.page(new HistoryQuery(customer, null, null, justBefore, 10, null)).entries())
                .as("to 0.4 µs before the change").isEmpty();
        assertThat(history.page(new HistoryQuery(customer, null, null, Instant.parse("9999-12-31T23:59:59.9999999Z"),
                10, null)).entries()).as("to the last moment a client may name").hasSize(1);
    }

    @Test
    void concurrentWritersOfANewPairRecordAnUnbrokenChainOfBeforeAndAfter() throws Exception {
        Guid customer = guid();
        Guid list = guid();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> writers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                PreferenceStatus status = PreferenceStatus.values()[i % 3];
                writers.add(() -> {
                    preferences.upsert(change(customer, bare(list, status)), record(AT, "u"));
                    return null;
                });
            }
            for (Future<Void> result : pool.invokeAll(writers)) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<HistoryEntry> newestFirst = history.page(query(customer, list, 1000, null)).entries();
        List<HistoryEntry> chain = new ArrayList<>(newestFirst);
        Collections.reverse(chain);
        assertThat(chain.get(0).statusBefore()).isNull();
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).statusBefore()).as("entry %d", i).isEqualTo(chain.get(i - 1).after().status());
            assertThat(chain.get(i).after().status()).isNotEqualTo(chain.get(i).statusBefore());
        }
        assertThat(preferences.find(customer, list)).contains(chain.get(chain.size() - 1).after());
    }

    private String changedBy(Guid customer, Guid list) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT changed_by FROM communication_preference"
                     + " WHERE customer_key = ? AND mailing_list_key = ?")) {
            select.setObject(1, customer.value());
            select.setObject(2, list.value());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static HistoryQuery query(Guid customer, Guid list, int pageSize, String token) {
        return new HistoryQuery(customer, list, null, null, pageSize,
                token == null ? null : HistoryCursor.parse("continuationToken", token,
                        HistoryCursor.scope(customer, list, null, null)));
    }

    private int rowCount() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM communication_preference");
             ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    static ChangeRecord record(Instant at, String user) {
        return new ChangeRecord(at, user, Caller.SOAP, "test");
    }

    static PreferenceChange change(Guid customer, MailingListPreference... settings) {
        return new PreferenceChange(customer, List.of(settings));
    }

    static MailingListPreference bare(Guid list, PreferenceStatus status) {
        return new MailingListPreference(list, null, null, status, null, null, null, null);
    }

    private static MailingListPreference full(Guid list, PreferenceStatus status) {
        return new MailingListPreference(list, "Name", "Category", status, guid(), guid(), guid(), guid());
    }

    static Guid guid() {
        return new Guid(UUID.randomUUID());
    }
}
