package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceStatus;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.support.CapturedLogs;
import org.xwebpreferences.support.PostgresServer;

/**
 * The store contract on PostgreSQL, unchanged: a real server (Debian's
 * binaries, started by the test) and a fresh database for every test.
 */
class PostgresStoreTest extends StoreContract {

    private static final String ROLE_PASSWORD = "role-password";

    private PostgresServer server;
    private String url;

    @Override
    protected Database openDatabase() throws Exception {
        server = PostgresServer.shared();
        url = server.createDatabase();
        return Database.open(url, server.user(), server.password(), 4);
    }

    /**
     * As after a failover, where the old primary or a standby refuses writes; and sessions made while the
     * database was fenced read-only kept the fence after it was lifted: the node refused every write for the
     * 30 minutes the pool keeps a connection (resilience audit).
     */
    @Test
    void aReadOnlyDatabaseIsNoReadyOneAndAFenceLiftedIsSeenByEverySessionAtTheNextCheck() throws Exception {
        String name = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        try (Connection admin = DriverManager.getConnection(url, server.user(), server.password());
             Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + name + " SET default_transaction_read_only = on");
        }
        try (Database fenced = Database.open(url, server.user(), server.password(), 2, null, Duration.ofSeconds(10))) {
            assertThat(check(fenced)).isEqualTo("the database is read-only (a standby, a failover's fence, or a file"
                    + " this user may not write): writes would fail");
            try (Connection admin = DriverManager.getConnection(url, server.user(), server.password());
                 Statement statement = admin.createStatement()) {
                statement.execute("SET default_transaction_read_only = off"); // this session was made fenced too
                statement.execute("ALTER DATABASE " + name + " RESET default_transaction_read_only");
            }

            assertThat(check(fenced)).as("at the first check after the fence is lifted").isNull();
            try (Connection one = fenced.dataSource().getConnection();
                 Connection two = fenced.dataSource().getConnection()) {
                assertThat(List.of(one, two)).as("every pooled session, not only the checks'").allSatisfy(
                        connection -> assertThat(settings(connection, "SELECT current_setting('transaction_read_only'),"
                                + " '', '', ''").get(0)).isEqualTo("off"));
            }
        }
    }

    private static String check(Database database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            return database.whyNotWritable(connection, 2);
        }
    }

    /** A node started with a database user granted SELECT only stops at once, saying what to grant. */
    @Test
    void aDatabaseUserThatMayOnlyReadIsNamedAsTheSettingToMend() throws SQLException {
        String reader = "reader_" + Long.toHexString(System.nanoTime()); // roles are the cluster's, not the database's
        try (Connection admin = DriverManager.getConnection(url, server.user(), server.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + reader + " LOGIN PASSWORD 'reader-password'");
            statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + reader);
        }
        String expected = "the database user may not change the tables it needs (no communication_preference"
                + " INSERT, communication_preference UPDATE, preference_history INSERT, xweb_token DELETE,"
                + " xweb_token INSERT, xweb_user UPDATE): grant it those (the README's \"Production: PostgreSQL\""
                + " lists what the server's user needs); every login and write fails until then";
        try (Database reading = Database.open(url, reader, "reader-password", 1)) {
            try (Connection connection = reading.dataSource().getConnection()) {
                assertThat(reading.whyNotWritable(connection, 2)).isEqualTo(expected);
            }
            assertThatThrownBy(reading::checkPrivileges).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--db-user: " + expected);
        }
        try (Connection connection = database.dataSource().getConnection()) {
            assertThat(database.missingPrivileges(connection)).isNull();
        }
        try (Connection admin = DriverManager.getConnection(url, server.user(), server.password());
             Statement statement = admin.createStatement()) {
            statement.execute("REVOKE SELECT ON xweb_token FROM " + reader);
        }
        try (Database reading = Database.open(url, reader, "reader-password", 1);
             Connection connection = reading.dataSource().getConnection()) {
            assertThat(reading.whyNotWritable(connection, 2)).as("not even SELECT: it read as unreachable (review)")
                    .startsWith("the database user may not read the tables it needs (permission denied)");
        }
    }

    /**
     * Settings an operator gives the role or the database do not reach the
     * server's sessions, nor the commands': a lock_timeout or a SERIALIZABLE
     * default turned concurrent writes of one customer into 503s, and a
     * statement_timeout or idle_in_transaction_session_timeout cut exports off
     * (PostgreSQL audit).
     */
    @Test
    void theRolesTimeoutsAndIsolationDoNotReachTheServersOrTheCommandsSessions() throws Exception {
        String tuned = roleWith("tuned", "lock_timeout = '20ms'", "statement_timeout = '50ms'",
                "idle_in_transaction_session_timeout = '200ms'", "default_transaction_isolation = 'serializable'");
        String show = "SELECT current_setting('lock_timeout'), current_setting('statement_timeout'),"
                + " current_setting('idle_in_transaction_session_timeout'), current_setting('transaction_isolation')";
        try (Database server = Database.open(url, tuned, ROLE_PASSWORD, 1, null, Duration.ofSeconds(10));
             Database command = Database.open(url, tuned, ROLE_PASSWORD, 1);
             Connection forServer = server.dataSource().getConnection();
             Connection forCommand = command.dataSource().getConnection()) {
            assertThat(settings(forServer, show)).containsExactly("0", "10s", "5s", "read committed");
            assertThat(settings(forCommand, show)).containsExactly("0", "0", "0", "read committed");
        }
    }

    /**
     * A node frozen (or cut off) in the middle of a write holds its customer's locks: another node's write of
     * that customer failed after its 10 s statement limit for as long as the first stayed frozen (multi-node
     * audit). PostgreSQL now ends a server's transaction left idle for 5 s, and the waiting write goes through.
     */
    @Test
    @Timeout(60)
    void aTransactionLeftOpenByAFrozenNodeEndsAndAnotherNodesWriteOfItsCustomerGoesThrough() throws Exception {
        Guid customer = guid();
        Guid list = guid();
        preferences.upsert(change(customer, bare(list, PreferenceStatus.OptIn)), record(AT, "u"));
        try (Database frozenNode = Database.open(url, server.user(), server.password(), 1, null, Duration.ofSeconds(10));
             Database otherNode = Database.open(url, server.user(), server.password(), 1, null, Duration.ofSeconds(10));
             Connection frozen = frozenNode.dataSource().getConnection()) {
            frozen.setAutoCommit(false);
            try (Statement statement = frozen.createStatement()) {
                statement.execute("SELECT * FROM communication_preference WHERE customer_key = '" + customer.value()
                        + "' FOR UPDATE"); // as a write does, then no word from the node
            }
            JdbcPreferenceStore onOtherNode = new JdbcPreferenceStore(otherNode, new JdbcPreferenceHistory(otherNode),
                    MAX_LISTS);

            onOtherNode.upsert(change(customer, bare(list, PreferenceStatus.OptOut)), record(AT.plusSeconds(1), "v"));

            assertThat(preferences.findAll(customer)).containsExactly(bare(list, PreferenceStatus.OptOut));
            assertThatThrownBy(frozen::commit).as("the frozen node's transaction was ended")
                    .isInstanceOf(SQLException.class);
        }
    }

    /** A node left with fewer connections than its pool wants said nothing (multi-node audit). */
    @Test
    void aPoolTheDatabaseGivesFewerConnectionsThanItWantsIsSaid() throws Exception {
        String limited = roleWith("limited");
        try (Connection admin = DriverManager.getConnection(url, server.user(), server.password());
             Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE " + limited + " CONNECTION LIMIT 2");
        }
        try (CapturedLogs logs = new CapturedLogs(Database.class.getName());
             Database node = Database.open(url, limited, ROLE_PASSWORD, 4, null, Duration.ofSeconds(10), false);
             Database full = Database.open(url, server.user(), server.password(), 2, null, Duration.ofSeconds(10),
                     false)) {
            Thread.sleep(2_000); // both pools open what they can in the background

            assertThat(node.warnIfPoolShort()).isTrue();
            assertThat(full.warnIfPoolShort()).isFalse();
            assertThat(logs.lines()).containsExactly(Database.class.getName() + " Only 2 of this node's 4 database"
                    + " connections (--db-pool-size) are open: the database refused the others or could not be"
                    + " reached (PostgreSQL's max_connections, or the user's connection limit, taken by other"
                    + " nodes?); requests wait for the ones there are");
        }
    }

    /**
     * A role or database whose synchronous_commit is off has PostgreSQL answer
     * a commit before it is on the disk, and a crash of PostgreSQL then takes
     * back acknowledged writes: the server's and the commands' sessions turn
     * it on, and say so. A stronger choice (remote_apply, for replicas) is kept.
     */
    @Test
    void aRoleThatCommitsAsynchronouslyStillCommitsDurably() throws Exception {
        String hasty = roleWith("hasty", "synchronous_commit = off");
        String careful = roleWith("careful", "synchronous_commit = remote_apply");
        String show = "SELECT current_setting('synchronous_commit'), '', '', ''";
        try (CapturedLogs logs = new CapturedLogs(PostgresSession.class.getName());
             Database server = Database.open(url, hasty, ROLE_PASSWORD, 1, null, Duration.ofSeconds(10));
             Database command = Database.open(url, hasty, ROLE_PASSWORD, 1);
             Connection forServer = server.dataSource().getConnection();
             Connection forCommand = command.dataSource().getConnection()) {
            assertThat(settings(forServer, show).get(0)).isEqualTo("on");
            assertThat(settings(forCommand, show).get(0)).isEqualTo("on");
            assertThat(logs.lines()).contains(PostgresSession.class.getName() + " PostgreSQL's synchronous_commit is off"
                    + " for this user or database: this process's sessions turn it on, so that a crash of PostgreSQL"
                    + " takes back no acknowledged write");
        }
        try (Database server = Database.open(url, careful, ROLE_PASSWORD, 1, null, Duration.ofSeconds(10));
             Connection connection = server.dataSource().getConnection()) {
            assertThat(settings(connection, show).get(0)).isEqualTo("remote_apply");
        }
    }

    /**
     * A value from the configuration file follows a reload in every session
     * that has not set its own: a reload that turned synchronous_commit off
     * under the server's open sessions lost acknowledged writes to a crash,
     * and one that made the default serializable failed writes (multi-node
     * audit). The server's sessions keep theirs.
     */
    @Test
    void aReloadedConfigurationDoesNotReachTheServersOpenSessions() throws Exception {
        String show = "SELECT current_setting('synchronous_commit'), current_setting('transaction_isolation'), '', ''";
        try (Database server = Database.open(url, this.server.user(), this.server.password(), 1, null,
                Duration.ofSeconds(10));
             Connection open = server.dataSource().getConnection()) {
            assertThat(settings(open, show)).startsWith("on", "read committed");
            try {
                reloadWith("ALTER SYSTEM SET synchronous_commit = off",
                        "ALTER SYSTEM SET default_transaction_isolation = 'serializable'");
                assertThat(newSessionsSettings(show)).as("a session that sets nothing has the reloaded values")
                        .startsWith("off", "serializable");
                assertThat(settings(open, show)).startsWith("on", "read committed");
            } finally {
                reloadWith("ALTER SYSTEM RESET synchronous_commit", "ALTER SYSTEM RESET default_transaction_isolation");
            }
        }
    }

    /** Changes the cluster's configuration file and has PostgreSQL read it again. */
    private void reloadWith(String... changes) throws SQLException {
        try (Connection admin = DriverManager.getConnection(url, server.user(), server.password());
             Statement statement = admin.createStatement()) {
            for (String change : changes) {
                statement.execute(change);
            }
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    /** A new session's settings once the reload has reached new sessions (it is read in the background), or at 10 s. */
    private List<String> newSessionsSettings(String show) throws SQLException {
        List<String> settings = List.of();
        for (int attempt = 0; attempt < 50 && !settings.contains("off"); attempt++) {
            pause(Duration.ofMillis(200));
            try (Connection fresh = DriverManager.getConnection(url, server.user(), server.password())) {
                settings = settings(fresh, show);
            }
        }
        return settings;
    }

    /** A new role that may change the tables, with these settings of its own; its name. */
    private String roleWith(String prefix, String... settings) throws SQLException {
        String role = prefix + "_" + Long.toHexString(System.nanoTime()); // roles are the cluster's
        try (Connection admin = DriverManager.getConnection(url, server.user(), server.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + ROLE_PASSWORD + "'");
            statement.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role);
            for (String setting : settings) {
                statement.execute("ALTER ROLE " + role + " SET " + setting);
            }
        }
        return role;
    }

    private static List<String> settings(Connection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(query)) {
            row.next();
            return List.of(row.getString(1), row.getString(2), row.getString(3), row.getString(4));
        }
    }

    /**
     * A LATIN1 database refused other characters with errors that read as an
     * outage, and a user whose search_path names no schema had Flyway make a
     * schema named "" and fail: both are refused first, and nothing is made.
     */
    @Test
    void aDatabaseThatIsNotUtf8OrAUserWithNoSchemaIsRefusedBeforeAnythingIsMade() throws Exception {
        String latin1 = "latin1_" + Long.toHexString(System.nanoTime());
        String lost = "lost_" + Long.toHexString(System.nanoTime());
        try (Connection admin = DriverManager.getConnection(url, server.user(), server.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + latin1 + " ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'"
                    + " TEMPLATE template0");
            statement.execute("CREATE ROLE " + lost + " LOGIN PASSWORD 'lost-password'");
            statement.execute("ALTER ROLE " + lost + " SET search_path = ''");
        }
        String latin1Url = url.substring(0, url.lastIndexOf('/') + 1) + latin1;

        assertThatThrownBy(() -> Database.open(latin1Url, server.user(), server.password(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The PostgreSQL database's encoding is LATIN1, not UTF8");
        assertThatThrownBy(() -> Database.open(url, lost, "lost-password", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The PostgreSQL user has no schema to keep the tables in (its search_path");
        String namedSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=not_there";
        assertThatThrownBy(() -> Database.open(namedSchema, server.user(), server.password(), 1))
                .as("the URL names one already: not told to add one (docs audit)")
                .hasMessage("The PostgreSQL user has no schema to keep the tables in: the URL's currentSchema names"
                        + " none that exists, or none the user may use: create it, or name one");
        assertThat(count(latin1Url, "SELECT COUNT(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog',"
                + " 'information_schema')")).as("nothing made in the LATIN1 database").isZero();
        assertThat(count(url, "SELECT COUNT(*) FROM pg_namespace WHERE nspname IN ('\"\"', '')"))
                .as("no schema named \"\"").isZero();
    }

    private int count(String database, String query) throws SQLException {
        try (Connection admin = DriverManager.getConnection(database, server.user(), server.password());
             Statement statement = admin.createStatement();
             ResultSet row = statement.executeQuery(query)) {
            row.next();
            return row.getInt(1);
        }
    }

    /** What the warning at start compares: the same clock here, so no difference to speak of. */
    @Test
    void theDatabasesClockIsComparedWithThisMachines() throws SQLException {
        assertThat(database.clockAhead().abs()).isLessThan(Duration.ofSeconds(1));
    }

    /** A table another transaction holds locked makes the node unready, whichever table it is. */
    @Test
    void aLockedTokenTableMakesTheReadinessCheckWaitAndFail() throws SQLException {
        try (Connection locker = DriverManager.getConnection(url, server.user(), server.password());
             Connection connection = database.dataSource().getConnection()) {
            locker.setAutoCommit(false);
            locker.createStatement().execute("LOCK TABLE xweb_token IN ACCESS EXCLUSIVE MODE");
            assertThatThrownBy(() -> database.whyNotWritable(connection, 1)).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            locker.rollback();
        }
    }

    /** The commit may have reached the database before the connection broke: "could not" would be a guess. */
    @Test
    void aCommitWhoseConnectionBreaksIsReportedAsUnknownNotAsRefused() {
        XwebError error = catchThrowableOfType(XwebError.class, () -> new Jdbc(database).transaction("store the row",
                connection -> {
                    long pid;
                    try (Statement statement = connection.createStatement();
                         ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
                        row.next();
                        pid = row.getLong(1);
                    }
                    try (Connection other = DriverManager.getConnection(url, server.user(), server.password());
                         Statement statement = other.createStatement()) {
                        statement.execute("SELECT pg_terminate_backend(" + pid + ")");
                    }
                    pause(Duration.ofMillis(500)); // the backend is gone before the commit is sent
                    return null;
                }));
        assertThat(error).hasMessage("The database failed during the commit, so whether it managed to store the row"
                + " is unknown");
    }

    /**
     * A write the database refuses for good (here a trigger's RAISE) is an
     * error of the server, not the "try again later" of a database that is
     * away; and what it logs names no customer's data: the driver quoted a
     * failed batch entry with its values (the customer's key, the list's name),
     * and the server's detail its row, into the error log (PostgreSQL audit).
     * The database's own words stay, to say what went wrong.
     */
    @Test
    void aWriteRefusedForGoodIsNoUnavailabilityAndLogsNoCustomersKeysOrLists() throws SQLException {
        try (Connection admin = DriverManager.getConnection(url, server.user(), server.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE FUNCTION refuse_history() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN RAISE EXCEPTION 'history refused' USING DETAIL = 'row ' || NEW::text; END $$");
            statement.execute("CREATE TRIGGER refuse_history BEFORE INSERT ON preference_history"
                    + " FOR EACH ROW EXECUTE FUNCTION refuse_history()");
        }
        Guid customer = guid();
        Guid list = guid();
        Jdbc.StatementRefused error = catchThrowableOfType(Jdbc.StatementRefused.class, () -> preferences.upsert(
                change(customer, new MailingListPreference(list, "Weekly Digest", "News", PreferenceStatus.OptIn,
                        null, null, null, null)),
                record(AT, "refused")));
        assertThat(error).hasMessage("The database refused to store the preferences");
        StringBuilder logged = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            logged.append(cause).append('\n');
            if (cause instanceof SQLException sql && sql.getNextException() != null) {
                logged.append(sql.getNextException()).append('\n');
            }
        }
        assertThat(logged.toString()).contains("history refused")
                .doesNotContain(customer.toString(), list.toString(), "Weekly Digest", "News");
    }

    /** A write blocked by a lock someone else holds ends with an answer, not when HTTP gives up. */
    @Test
    // Without the limit the write waits for the lock for ever, deaf to interrupts: fail, do not hang.
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aServersStatementsEndAtTheirTimeLimit() throws Exception {
        try (Database limited = Database.open(url, server.user(), server.password(), 2, null, Duration.ofSeconds(1));
             Connection locker = DriverManager.getConnection(url, server.user(), server.password())) {
            locker.setAutoCommit(false);
            locker.createStatement().execute("LOCK TABLE communication_preference IN ACCESS EXCLUSIVE MODE");
            JdbcPreferenceStore store = new JdbcPreferenceStore(limited, new JdbcPreferenceHistory(limited), 10);
            long started = System.nanoTime();
            XwebError error = catchThrowableOfType(XwebError.class, () -> store.upsert(
                    change(guid(), bare(guid(), PreferenceStatus.OptIn)), record(AT, "blocked")));
            assertThat(error).hasMessage("The database could not store the preferences");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            locker.rollback();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
