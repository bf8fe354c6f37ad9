package org.xwebpreferences.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.core.Texts;

/** The connection pool, with the schema migrated to the newest version before anything uses it. */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** "Table not found": PostgreSQL's, H2's. */
    private static final Set<String> MISSING_TABLE_STATES = Set.of("42P01", "42S02", "42102");

    private static final Duration FILL_WAIT = Duration.ofSeconds(2);

    private final HikariDataSource pool;
    private final SqlDialect dialect;
    private final Durability durability;
    /** The embedded H2 database's file; null for PostgreSQL or an in-memory H2 database. */
    private final Path file;
    /** On H2: stops the store at its file's first failure; null on PostgreSQL, whose failures pass. */
    private final H2StoreStop stop;
    /** A migration newer than this build's (a newer version migrated it), or null. */
    private final String newerMigration;

    private Database(HikariDataSource pool, SqlDialect dialect, Path file, H2StoreStop stop, String newerMigration) {
        this.pool = pool;
        this.dialect = dialect;
        this.durability = Durability.of(dialect, file, stop);
        this.file = file;
        this.stop = stop;
        this.newerMigration = newerMigration;
    }

    /**
     * jdbc:h2:file:/dir/name;... (the embedded default's form), or
     * jdbc:h2:/dir/name;..., is kept in /dir/name.mv.db. Null for every other
     * form (~, relative paths, H2's other file systems, servers, memory), whose
     * file this cannot tell for sure.
     */
    public static Path h2File(String url) {
        String name = url.startsWith("jdbc:h2:file:") ? url.substring("jdbc:h2:file:".length())
                : url.startsWith("jdbc:h2:") ? url.substring("jdbc:h2:".length()) : "";
        if (!name.startsWith("/")) {
            return null;
        }
        return Path.of(name.replaceFirst(";.*", "") + ".mv.db");
    }

    /**
     * Opens the pool and runs the migrations in db/migration. Several nodes
     * starting at once on one database are safe: the migration tool takes a
     * lock, and applies each version once.
     */
    public static Database open(String url, String user, String password, int poolSize) {
        return open(url, user, password, poolSize, null);
    }

    /** As {@link #open(String, String, String, int)}, with the pool's meters in {@code metrics} (may be null). */
    public static Database open(String url, String user, String password, int poolSize, MeterRegistry metrics) {
        return open(url, user, password, poolSize, metrics, null);
    }

    /**
     * As {@link #open(String, String, String, int, MeterRegistry)}, with each
     * statement on PostgreSQL limited to {@code statementTimeout} (null: no
     * limit, for commands that may read a whole table). A server needs the
     * limit: a table locked by someone else, or a database that stopped
     * answering, held requests until the HTTP request timeout cut them off
     * without an answer, while their writes committed a minute later.
     */
    public static Database open(String url, String user, String password, int poolSize, MeterRegistry metrics,
                                Duration statementTimeout) {
        return open(url, user, password, poolSize, metrics, statementTimeout, true);
    }

    /**
     * As {@link #open(String, String, String, int, MeterRegistry, Duration)};
     * with {@code migrate} false the schema is used as it is, and one that
     * lacks this build's migrations is refused. The commands on a database
     * that servers use take it so: a newer version's export, run against
     * production, upgraded the schema under the servers still running.
     */
    public static Database open(String url, String user, String password, int poolSize, MeterRegistry metrics,
                                Duration statementTimeout, boolean migrate) {
        SqlDialect dialect = SqlDialect.forUrl(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("xweb-db");
        H2StoreStop stop = dialect == SqlDialect.H2 ? new H2StoreStop() : null;
        if (stop != null) {
            config.setDataSource(stop.connections(url, user, password));
            config.setExceptionOverride(stop);
        } else {
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        // A request waits at most this long for a connection, then fails with a
        // Server fault instead of hanging while the database is away.
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        if (metrics != null) {
            config.setMetricRegistry(metrics);
        }
        if (dialect == SqlDialect.POSTGRESQL) {
            PostgresSession.checkDatabase(url, user, password);
            // Writers of one customer take turns and retry on their own terms; a database or
            // role default of SERIALIZABLE, or a lock_timeout, turned waits into 503s (audit).
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
            config.setConnectionInitSql(statementTimeout == null ? PostgresSession.FOR_COMMANDS
                    : PostgresSession.forServer(statementTimeout));
            // The driver's messages otherwise quote a failed batch entry with its values and the
            // server's detail ("Failing row contains (...)"): customers' keys and lists in the log.
            config.addDataSourceProperty("logServerErrorDetail", "false");
        }
        if (dialect == SqlDialect.POSTGRESQL && statementTimeout != null) {
            // And a database that answers nothing at all, not even the timeout's error.
            config.addDataSourceProperty("socketTimeout", String.valueOf(statementTimeout.toSeconds() + 5));
        }
        String newer = Migrations.run(url, user, password, dialect, migrate);
        return new Database(new HikariDataSource(config), dialect, dialect == SqlDialect.H2 ? h2File(url) : null, stop,
                newer);
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Null when the database can take writes now; otherwise why not, in words
     * for /health/ready. Answering alone said too little: a database H2 had
     * closed after a failed write (a full disk), a file deleted under the
     * server, a PostgreSQL switched to read-only by a failover, or one whose
     * tables were dropped all answered while every write failed or was lost.
     */
    public String whyNotWritable(Connection connection, int timeoutSeconds) throws SQLException {
        if (file != null && !Files.exists(file)) {
            return "the file " + file + " was deleted while the server runs: what it stores now is lost when it"
                    + " stops";
        }
        try (Statement statement = connection.createStatement()) {
            if (dialect == SqlDialect.POSTGRESQL) {
                // Not on H2: its statement timeout is a setting of the session, which the pooled connection keeps.
                statement.setQueryTimeout(timeoutSeconds);
            }
            // Every table a call uses: one locked by another transaction holds this up to the timeout.
            statement.executeQuery("SELECT (SELECT COUNT(*) FROM communication_preference WHERE 1 = 0)"
                    + " + (SELECT COUNT(*) FROM preference_history WHERE 1 = 0)"
                    + " + (SELECT COUNT(*) FROM xweb_token WHERE 1 = 0)"
                    + " + (SELECT COUNT(*) FROM xweb_user WHERE 1 = 0)").close();
            try (ResultSet readOnly = statement.executeQuery(dialect.isReadOnly())) {
                if (readOnly.next() && readOnly.getBoolean(1) && !aNewSessionMayWrite()) {
                    return "the database is read-only (a standby, a failover's fence, or a file this user may not"
                            + " write): writes would fail";
                }
            }
            String missing = missingPrivileges(connection);
            if (missing != null) {
                return missing;
            }
            return null;
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                // Not even SELECT (REVOKE ALL): it read as "unreachable" (review).
                return "the database user may not read the tables it needs (permission denied): grant it what the"
                        + " README's \"Production: PostgreSQL\" lists; every call fails until then";
            }
            if (e.getSQLState() != null && MISSING_TABLE_STATES.contains(e.getSQLState())) { // Set.of refuses null
                // A restart makes them in an empty database only: for one whose other tables are there, the
                // migrations count as done, and "restart" sent the operator round in a circle (docs audit).
                return "tables are missing: if the database was dropped and made again, restart the node to create"
                        + " them; if a table was dropped from it, restore the database from a backup";
            }
            throw e;
        }
    }

    /**
     * Whether a session made now may write, where a pooled one says it may
     * not; if so, the pooled sessions go, each once it is given back. On
     * PostgreSQL a session made while the database or role was fenced
     * read-only (ALTER DATABASE ... SET default_transaction_read_only) keeps
     * that setting after the fence is lifted: the node refused every write
     * for the 30 minutes the pool keeps a connection (resilience audit). Not
     * on H2, whose read-only file is no session's setting.
     */
    private boolean aNewSessionMayWrite() {
        if (dialect != SqlDialect.POSTGRESQL) {
            return false;
        }
        Properties login = new Properties();
        login.setProperty("user", pool.getUsername());
        login.setProperty("password", pool.getPassword() == null ? "" : pool.getPassword());
        // The check's own limit, unless the URL sets others: the driver takes the URL's over these.
        login.setProperty("connectTimeout", "2");
        login.setProperty("socketTimeout", "2");
        try (Connection fresh = DriverManager.getConnection(pool.getJdbcUrl(), login);
             Statement statement = fresh.createStatement();
             ResultSet readOnly = statement.executeQuery(dialect.isReadOnly())) {
            if (readOnly.next() && readOnly.getBoolean(1)) {
                return false;
            }
        } catch (SQLException e) {
            return false; // the pooled session's answer stands
        }
        pool.getHikariPoolMXBean().softEvictConnections();
        return true;
    }

    /**
     * Null when the database user may make every change the server makes;
     * otherwise which it may not, and what to do. On PostgreSQL only: an H2
     * database's one user owns it. A user granted SELECT alone got a node that
     * started, said it was ready, and answered every login and write "try again
     * later".
     */
    public String missingPrivileges(Connection connection) throws SQLException {
        if (dialect != SqlDialect.POSTGRESQL) {
            return null;
        }
        List<String> missing = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT t.name || ' ' || t.privilege FROM (VALUES"
                     + " ('communication_preference', 'INSERT'), ('communication_preference', 'UPDATE'),"
                     + " ('preference_history', 'INSERT'), ('xweb_token', 'INSERT'), ('xweb_token', 'DELETE'),"
                     + " ('xweb_user', 'UPDATE')) AS t(name, privilege)"
                     + " WHERE NOT has_table_privilege(t.name, t.privilege) ORDER BY 1")) {
            while (rows.next()) {
                missing.add(rows.getString(1));
            }
        }
        return missing.isEmpty() ? null : "the database user may not change the tables it needs (no "
                + String.join(", ", missing) + "): grant it those (the README's \"Production: PostgreSQL\" lists"
                + " what the server's user needs); every login and write fails until then";
    }

    /**
     * How far this machine's clock is ahead of the database's (behind: negative),
     * within the time the query took; zero on H2, which runs on this machine.
     */
    public Duration clockAhead() throws SQLException {
        if (dialect != SqlDialect.POSTGRESQL) {
            return Duration.ZERO;
        }
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement()) {
            long before = System.currentTimeMillis();
            try (ResultSet row = statement.executeQuery("SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000"
                    + " AS BIGINT)")) {
                row.next();
                long after = System.currentTimeMillis();
                return Duration.ofMillis((before + after) / 2 - row.getLong(1));
            }
        }
    }

    /** Throws, as a setting to mend, when the database user may not make the server's changes (see above). */
    public void checkPrivileges() {
        String missing;
        try (Connection connection = pool.getConnection()) {
            missing = missingPrivileges(connection);
        } catch (SQLException e) {
            return; // not reachable now: readiness says so, and the node recovers when it is
        }
        if (missing != null) {
            throw new IllegalArgumentException("--db-user: " + missing);
        }
    }

    /**
     * Null while the store can work; otherwise why it stopped for good in this
     * process (H2's file failed), known without a connection, as none is made then.
     */
    public String stoppedBecause() {
        return stop == null ? null : stop.reason();
    }

    /** Throws, without waiting for a connection, once the store stopped. */
    void checkNotStopped() throws SQLException {
        if (stop != null) {
            stop.check();
        }
    }

    /**
     * The newest migration a newer version of this server applied, which this
     * one does not know (its tables may hold columns this one would not copy),
     * or null.
     */
    public String newerMigration() {
        return newerMigration;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    Durability durability() {
        return durability;
    }

    /**
     * Closes an H2 database after rewriting its file without the room its
     * past writes left unused. A copy writes every row in one transaction, and
     * H2 kept the transaction's earlier states in the file: 347 MB for 200,000
     * preferences and as many history entries, 39 MB once compacted (1.4 s).
     * H2 writes the new file beside the old one (NAME.mv.db.tempFile, under
     * the process's umask) and renames it over it once whole: a failure, such
     * as a full disk, leaves the old file as it was. Returns null, or why the
     * compaction failed.
     */
    public String closeCompacted() {
        String stopped = stoppedBecause();
        if (dialect != SqlDialect.H2 || pool.isClosed() || stopped != null) {
            close();
            return stopped;
        }
        awaitFullPool(FILL_WAIT);
        String failed = null;
        try (Connection connection = pool.getDataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        } catch (SQLException e) {
            failed = Texts.maskUrlSecrets(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        pool.close();
        return failed;
    }

    /**
     * Closes the pool. An embedded H2 database is shut down first, in this
     * thread: otherwise it closes when the pool's last connection does, on the
     * pool's closing thread, which the pool waits for only so long, and a
     * command that exits right after could cut H2 off while it writes its file.
     */
    @Override
    public void close() {
        // Not once the store stopped: a connection would open the failed file again.
        if (dialect == SqlDialect.H2 && !pool.isClosed() && stoppedBecause() == null) {
            awaitFullPool(FILL_WAIT);
            // On a connection of its own: a pooled one would go back to the pool
            // closed under it, and H2 would trace that as an error in its file.
            try (Connection connection = pool.getDataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                LOG.warn("Could not shut the H2 database down before closing the pool: {}", e.toString());
            }
        }
        pool.close();
    }

    /**
     * Says when the pool holds fewer connections than it should: PostgreSQL's
     * max_connections (or the role's connection limit) spent by other nodes
     * left a node with 3 of its 8, and nothing said so (multi-node audit).
     * Returns whether it is short.
     */
    public boolean warnIfPoolShort() {
        int open = pool.getHikariPoolMXBean().getTotalConnections();
        int wanted = pool.getMaximumPoolSize();
        if (open >= wanted) {
            return false;
        }
        LOG.warn("Only {} of this node's {} database connections (--db-pool-size) are open: the database refused"
                + " the others or could not be reached (PostgreSQL's max_connections, or the user's connection"
                + " limit, taken by other nodes?); requests wait for the ones there are", open, wanted);
        return true;
    }

    /**
     * Waits, at most {@code limit}, until the pool holds all its connections.
     * Hikari opens them in the background (the first fill starts 100 ms after
     * the pool opens); a connection it opened after the SHUTDOWN above opened
     * the database again, and outlived the pool, still writing its file: a
     * store test's directory could not be deleted after it.
     */
    private void awaitFullPool(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (pool.getHikariPoolMXBean().getTotalConnections() < pool.getMaximumPoolSize()
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
