package org.xwebpreferences.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool, with the schema migrated to the newest version before anything uses it. */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final SqlDialect dialect;
    private final Durability durability;

    private Database(HikariDataSource pool, SqlDialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
        this.durability = Durability.of(dialect);
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
        SqlDialect dialect = SqlDialect.forUrl(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("xweb-db");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        // A request waits at most this long for a connection, then fails with a
        // Server fault instead of hanging while the database is away.
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        if (metrics != null) {
            config.setMetricRegistry(metrics);
        }
        // Migrations run on connections of their own before the pool opens: Flyway
        // needs two at once on PostgreSQL, more than a pool of one would give it.
        try {
            Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            throw openElsewhere(e) ? inUse(url, e) : e;
        }
        return new Database(new HikariDataSource(config), dialect);
    }

    /** H2's "Database may be already in use" (90020): another process has the embedded file open. */
    private static boolean openElsewhere(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "90020".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * One line that says what to do, instead of H2's dump of lock-file details
     * and its advice to use server mode. The cause stays attached for the debug
     * log, not as the cause that the command's error line would print.
     */
    private static IllegalStateException inUse(String url, RuntimeException e) {
        String file = url.replaceFirst("^jdbc:h2:(file:)?", "").replaceFirst(";.*", "");
        IllegalStateException failure = new IllegalStateException("The embedded database " + file + " is open in"
                + " another process, such as a running server (H2 lets one process open it): stop that process"
                + " first, or run the servers on PostgreSQL to share one database");
        failure.addSuppressed(e);
        return failure;
    }

    public DataSource dataSource() {
        return pool;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    Durability durability() {
        return durability;
    }

    /**
     * Closes the pool. An embedded H2 database is shut down first, in this
     * thread: otherwise it closes when the pool's last connection does, on the
     * pool's closing thread, which the pool waits for only so long, and a
     * command that exits right after could cut H2 off while it writes its file.
     */
    @Override
    public void close() {
        if (dialect == SqlDialect.H2 && !pool.isClosed()) {
            // On a connection of its own: a pooled one would go back to the pool
            // closed under it, and H2 would trace that as an error in its file.
            try (Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(),
                    pool.getPassword()); Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                LOG.warn("Could not shut the H2 database down before closing the pool: {}", e.toString());
            }
        }
        pool.close();
    }
}
