package org.xwebpreferences;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.store.Database;
import org.xwebpreferences.store.DatabaseCopy;
import org.xwebpreferences.store.SqlDialect;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Copies users, preferences and history into an empty database: from the embedded one to PostgreSQL, say. */
@Command(name = "copy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copies users, preferences and their history into another, empty database (from the"
                + " embedded H2 database to PostgreSQL when going to production). Stop the servers first.",
                "Tokens are not copied: clients call Authenticate again."})
final class CopyCommand implements Callable<Integer> {

    /** Where to copy to: a JDBC URL, or a directory for an embedded database. */
    static final class Target {
        @Option(names = "--to-db-url", paramLabel = "JDBC-URL", required = true,
                description = "JDBC URL of the database to copy into, e.g. jdbc:postgresql://dbhost/xweb. Its"
                        + " password comes from the environment variable XWEB_TO_DB_PASSWORD only.")
        String dbUrl;

        @Option(names = "--to-data-dir", paramLabel = "DIR", required = true,
                description = "Or a directory for a new embedded H2 database to copy into.")
        Path dataDir;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--to-db-user", paramLabel = "USER",
            description = "Database user of the target (default: xweb).")
    String targetUser;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws SQLException, IOException {
        if (target.dbUrl != null && target.dbUrl.isBlank()) {
            throw new IllegalArgumentException("--to-db-url: is empty: give the target's JDBC URL, or --to-data-dir");
        }
        DatabaseSettings to = new DatabaseSettings(target.dataDir, target.dbUrl, targetUser,
                System.getenv("XWEB_TO_DB_PASSWORD"), 1);
        long start = System.nanoTime();
        DatabaseCopy.Copied copied;
        try (Database source = database.settings().openExisting()) {
            refuseNewer(source, "the source database");
            if (to.isEmbedded()) {
                asTarget(to::prepareDataDir);
            }
            String targetOption = to.isEmbedded() ? "--to-data-dir" : "--to-db-url";
            try (Database destination = asTarget(to::open)) {
                refuseNewer(destination, targetOption);
                copied = new DatabaseCopy(source, destination, targetOption).run(new Progress()::rowsDone);
                if (destination.dialect() == SqlDialect.H2) {
                    compact(destination, Database.h2File(to.jdbcUrl()));
                }
            }
            checkTheTarget(to, copied);
        }
        System.err.printf(Locale.ROOT, "copied %,d users, %,d preferences and %,d history entries in %.1f s%n",
                copied.users(), copied.preferences(), copied.history(), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /**
     * Opens the target again and counts its rows: "copied" is said only of
     * rows that are there once it is closed. A disk that filled as H2 wrote
     * or compacted the file lost a copy without an error H2 passed on.
     */
    private static void checkTheTarget(DatabaseSettings to, DatabaseCopy.Copied copied) throws SQLException {
        DatabaseCopy.Copied found;
        try (Database again = to.openExisting()) {
            found = DatabaseCopy.count(again);
        } catch (RuntimeException | SQLException e) {
            throw new IllegalStateException("the copy was committed, but the target cannot be read back ("
                    + Main.describe(e) + "): is its disk full? Free space and copy into a new, empty target", e);
        }
        if (!found.equals(copied)) {
            throw new IllegalStateException("the copy was committed, but the target holds " + found.users()
                    + " users, " + found.preferences() + " preferences and " + found.history() + " history entries"
                    + " of the " + copied.users() + ", " + copied.preferences() + " and " + copied.history()
                    + " copied: is its disk full? Free space and copy into a new, empty target");
        }
    }

    /**
     * A step on the target, whose errors name the target's options: the
     * settings name the source's (--data-dir: ... for a --to-data-dir that
     * is a plain file, docs audit).
     */
    private static <T> T asTarget(Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            // Not chained: the one-line error repeats a cause's message that differs, and this one would.
            IllegalArgumentException renamed = new IllegalArgumentException(String.valueOf(e.getMessage())
                    .replaceFirst("^--(data-dir|db-url|db-user):", "--to-$1:")
                    .replace(DatabaseSettings.CREDENTIALS, "--to-db-user, XWEB_TO_DB_PASSWORD"));
            renamed.setStackTrace(e.getStackTrace());
            throw renamed;
        }
    }

    /**
     * Compacts an H2 target as it is closed, keeping its file's permissions (for
     * its owner only, where the copy made it), and on the disk before the copy
     * says it is done. H2 writes the compacted rows to a new file beside it,
     * readable by all under the usual umask: not done where other users may
     * read the directory, nor where the file cannot be told from the URL.
     */
    private static void compact(Database destination, Path file) throws IOException {
        Path directory = file == null ? null : file.toAbsolutePath().getParent();
        if (directory == null || OwnerOnly.othersMayRead(directory)) {
            System.err.println("the new database file is not compacted (it takes more room than its rows need):"
                    + (directory == null ? " its file is not named by the URL" : " other users may read " + directory
                    + ", and compacting writes a copy of the rows there"));
            return;
        }
        System.err.println("compacting the new database file");
        Set<PosixFilePermission> permissions = OwnerOnly.permissions(file);
        String failed = destination.closeCompacted();
        if (failed != null) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tempFile")); // H2's, cut off
            System.err.println("the copy is complete, but compacting its file failed (" + Texts.cut(failed, 300)
                    + "; it needs room for a compacted copy beside the file): the file takes more room than its rows"
                    + " need");
        }
        if (permissions != null) {
            Files.setPosixFilePermissions(file, permissions);
        }
        DiskSync.file(file);
        DiskSync.nameOf(file);
    }

    /**
     * A database a newer version migrated may hold what this one does not know
     * of, and would not copy (operations audit: a source at a newer version was
     * copied with only Flyway's warning).
     */
    private static void refuseNewer(Database database, String which) {
        String newer = database.newerMigration();
        if (newer != null) {
            throw new IllegalArgumentException(which + ": was migrated by a newer version of xweb-server (migration "
                    + newer + "), which may store what this version would not copy: copy with that version");
        }
    }

    /** Rows done on standard error, every two seconds. */
    private static final class Progress {
        private static final long EVERY_NANOS = Duration.ofSeconds(2).toNanos();
        private long next = System.nanoTime() + EVERY_NANOS;

        void rowsDone(long rows) {
            if (System.nanoTime() >= next) {
                next = System.nanoTime() + EVERY_NANOS;
                System.err.printf(Locale.ROOT, "copied %,d rows%n", rows);
            }
        }
    }
}
