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
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
        return new Database(new HikariDataSource(config), dialect);
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
