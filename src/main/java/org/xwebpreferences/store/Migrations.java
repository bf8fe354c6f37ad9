package org.xwebpreferences.store;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.exception.FlywayValidateException;

/**
 * The schema's migrations in db/migration. Several nodes starting at once on
 * one database are safe: the migration tool takes a lock, and applies each
 * version once.
 */
final class Migrations {

    private Migrations() {
    }

    /**
     * Migrates the schema to this build's newest version, or with {@code migrate}
     * false refuses one that lacks any of this build's migrations. Returns the
     * newest migration a newer version applied, which this one does not know, or null.
     */
    static String run(String url, String user, String password, SqlDialect dialect, boolean migrate) {
        // On connections of their own before the pool opens: Flyway needs two at
        // once on PostgreSQL, more than a pool of one would give it.
        try {
            Flyway flyway = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration")
                    .initSql(dialect == SqlDialect.POSTGRESQL ? PostgresSession.FOR_COMMANDS : null).load();
            if (migrate) {
                flyway.migrate();
            }
            MigrationInfoService info = flyway.info();
            if (!migrate) {
                refuseUnmigrated(info);
            }
            return Arrays.stream(info.applied()).filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS)
                    .map(m -> m.getVersion() + " (" + m.getDescription() + ")").reduce((a, b) -> b).orElse(null);
        } catch (FlywayValidateException e) {
            throw notThisBuilds(e);
        } catch (RuntimeException e) {
            throw openElsewhere(e) ? inUse(url, e) : e;
        }
    }

    /**
     * What failed validation, on the one line a command's error has: Flyway
     * gives it in the lines below its first, "Validate failed: Migrations have
     * failed validation", which was all an operator saw (storage audit). Every
     * error it lists is kept; its advice to run Flyway's repair, and its link,
     * are left out: this server has no repair.
     */
    private static IllegalArgumentException notThisBuilds(FlywayValidateException e) {
        String details = String.valueOf(e.getMessage()).lines().skip(1)
                .map(line -> line.replaceFirst("^-> ", "").replaceAll("\\s+", " ").strip())
                .filter(line -> !line.isEmpty() && !line.contains("repair") && !line.startsWith("Need more"))
                .collect(Collectors.joining("; "));
        IllegalArgumentException failure = new IllegalArgumentException("The database's record of its migrations"
                + " does not match this build's (" + details + "): a migration failed part-way, or the schema was"
                + " changed by another build of xweb-server or by hand. Run the build that migrated it, or restore the"
                + " database from a backup");
        failure.addSuppressed(e);
        return failure;
    }

    private static void refuseUnmigrated(MigrationInfoService info) {
        MigrationInfo[] pending = info.pending();
        if (info.applied().length == 0) {
            throw new IllegalArgumentException("The database holds no xweb-server tables: start a server on it once"
                    + " to create them");
        }
        if (pending.length > 0) {
            throw new IllegalArgumentException("The database's schema is older than this version of xweb-server"
                    + " (migration " + pending[0].getVersion() + " (" + pending[0].getDescription() + ") is not"
                    + " applied): start this version's server on it once, which migrates it, or use the version its"
                    + " servers run. This command leaves the schema as it is");
        }
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
}
