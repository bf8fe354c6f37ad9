package org.xwebpreferences;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.store.Database;

/** Which database to use: a JDBC URL, or by default the embedded H2 database under the data directory. */
public record DatabaseSettings(Path dataDir, String url, String user, String password, int poolSize) {

    /** The embedded database's name under the data directory, and the file H2 keeps it in. */
    private static final String EMBEDDED_NAME = "xweb";
    private static final String EMBEDDED_USER = "xweb";
    /** Where a database's user and password come from, as the messages name them (copy's target renames them). */
    static final String CREDENTIALS = "--db-user, XWEB_DB_PASSWORD";
    /** H2's "Database ... not found, either pre-create it or allow remote database creation" (IFEXISTS=TRUE). */
    private static final int H2_DATABASE_NOT_FOUND = 90146;
    private static final Pattern H2_NOT_FOUND_NAME = Pattern.compile("Database \"([^\"]*)\" not found");
    /**
     * A user or password written into a PostgreSQL URL's query: its driver takes
     * it over --db-user and XWEB_DB_PASSWORD. (H2 refuses a URL's USER that differs
     * from the one given, and the start stops saying so.)
     */
    private static final Pattern URL_USER = Pattern.compile("[?&]user=");
    private static final Pattern URL_PASSWORD = Pattern.compile("[?&]password=");
    private static final String EMBEDDED_FILE = EMBEDDED_NAME + ".mv.db";

    /**
     * Connections to PostgreSQL per node: several nodes share its connection
     * limit (100 by default). On H2 a connection is a session inside the server,
     * and a server takes as many as it has workers ({@link #defaultPoolSize}).
     */
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final int MAX_POOL_SIZE = 200;
    static final int STATEMENT_TIMEOUT_SECONDS = 10;

    public DatabaseSettings {
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("--db-pool-size: " + poolSize + " is outside 1.." + MAX_POOL_SIZE);
        }
    }

    public static DatabaseSettings embedded(Path dataDir) {
        return new DatabaseSettings(dataDir, null, null, null, DEFAULT_POOL_SIZE);
    }

    /**
     * The pool size when --db-pool-size is not given: on H2 one connection per
     * worker, so that every write in flight can join the next shared checkpoint
     * (up to the pool's limit); {@link #DEFAULT_POOL_SIZE} on PostgreSQL. At
     * least one: a --workers out of range is then refused under its own name.
     */
    public static int defaultPoolSize(String url, int workers) {
        return isH2(url) ? Math.max(1, Math.min(workers, MAX_POOL_SIZE)) : DEFAULT_POOL_SIZE;
    }

    /** AUTO_SERVER set on, in each spelling H2 reads as true (review: =1 and =YES were missed). */
    private static final Pattern AUTO_SERVER_ON = Pattern.compile(
            ";\\s*AUTO_SERVER\\s*=\\s*(TRUE|T|YES|Y|1)\\s*(;|$)", Pattern.CASE_INSENSITIVE);

    /** The two 4 KiB copies of its header that H2 writes at the start of a file it makes. */
    private static final int H2_HEADERS = 2 * 4096;

    /** Whether the URL given (null: none, the embedded default) is an H2 database. */
    public static boolean isH2(String url) {
        return url == null || url.isBlank() || url.startsWith("jdbc:h2:");
    }

    public boolean isEmbedded() {
        return url == null || url.isBlank();
    }

    /**
     * Whether the database is H2 reached through an H2 server, which other
     * processes can reach too: a {@code tcp:} or {@code ssl:} URL, or
     * {@code AUTO_SERVER=TRUE}.
     */
    public boolean isH2Server() {
        if (isEmbedded() || !isH2(url)) {
            return false;
        }
        return url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:") || AUTO_SERVER_ON.matcher(url).find();
    }

    /** The JDBC URL: the one given, or the embedded H2 database under the data directory. */
    public String jdbcUrl() {
        return jdbcUrl(Runtime.getRuntime().maxMemory());
    }

    String jdbcUrl(long maxHeapBytes) {
        if (!isEmbedded()) {
            return url;
        }
        // Durability: each write transaction is followed by a write and an fsync of
        // the file, shared by concurrent ones (see store.Durability), before the
        // client hears of it.
        // RETENTION_TIME=1000: H2 may reuse the space of a chunk that is no longer
        // needed once the chunk is a second old (counted from when it was written,
        // not from when it was freed: FileStore.isSeasonedChunk). With its default
        // of 45 s, a busy server's per-commit chunks grew the file by hundreds of
        // megabytes a minute (WRITE_DELAY=0, which stops H2's background writer,
        // grew it by a gigabyte per 40,000 commits). Not 0: space freed by one
        // write could be overwritten by the very next, and a kill -9 in the middle
        // of that one could leave the last complete version pointing at pages that
        // are gone. H2 calls values below its default dangerous where the disk may
        // hold writes back longer; here each shared write is synced (Durability),
        // and a power-cut audit that kept random, torn subsets of the writes since
        // the last sync found every acknowledged write in 304 images, at 1 s and
        // at 45 s alike (a harness outside the test suite, 2026-11-28).
        // DB_CLOSE_ON_EXIT=FALSE: the server closes the database itself, after the
        // last request in flight, instead of H2's own shutdown hook racing it.
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve(EMBEDDED_NAME)
                + ";RETENTION_TIME=1000;DB_CLOSE_ON_EXIT=FALSE" + cacheSetting(maxHeapBytes);
    }

    /**
     * H2's page cache for the embedded database: a quarter of the heap, at most
     * 64 MiB, where H2's own default (64 MiB per GiB of heap: 16 MiB with the
     * shipped -Xmx256m) is smaller. With 16 MiB, after a burst of writes H2's
     * background compaction pushed the pages readers use out of the cache; their
     * reads from the file made each of its passes count as busy, which kept it
     * from ever giving up, so it rewrote the file for as long as reads went on
     * (docs/BENCHMARKS.md, "Traced in the tenth session"). With 64 MiB the
     * benchmark's readers kept their pages and it stopped after half a minute.
     */
    static String cacheSetting(long maxHeapBytes) {
        long gib = 1L << 30;
        if (maxHeapBytes >= gib) {
            return "";
        }
        return ";CACHE_SIZE=" + Math.min(maxHeapBytes / 4, 64L << 20) / 1024;
    }

    public String jdbcUser() {
        return user != null && !user.isBlank() ? user : "xweb";
    }

    /** The embedded database needs a password of its own: empty is as good as any for a file only we read. */
    public String jdbcPassword() {
        return password == null ? "" : password;
    }

    /**
     * Makes the embedded database's directory where there is none, and checks
     * that this user may write there: H2 opened a file it could not write as
     * a read-only database, and the server started, said it was ready and
     * failed every call. Returns whether the database will be new.
     */
    public boolean prepareDataDir() {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data-dir: " + dir + " exists and is not a directory");
        }
        createDirectory(dir);
        Path file = dir.resolve(EMBEDDED_FILE);
        boolean created = !Files.exists(file);
        if (!Files.isWritable(dir) || !created && !Files.isWritable(file)) {
            throw new IllegalArgumentException("--data-dir: " + (created ? dir : file) + " is not writable by user "
                    + System.getProperty("user.name"));
        }
        if (!created) {
            refuseEmptyFile(file);
        }
        return created;
    }

    private static void createDirectory(Path dir) {
        try {
            OwnerOnly.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("--data-dir: cannot create " + dir + " (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    /**
     * H2 takes an empty file for a new database, but an empty file is what a
     * failed copy or restore leaves: the server would start on no data, under a
     * new first user, and a command would turn it into an empty database. A
     * file shorter than H2's two 4 KiB headers is what a first start on a
     * nearly full disk leaves (4 KiB), which H2 cannot read: every later start
     * failed with H2's raw I/O error and exit code 1, which a supervisor
     * restarts for ever (operations audit).
     */
    private static void refuseEmptyFile(Path file) {
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new IllegalArgumentException("--data-dir: " + file + " is empty (0 bytes), as a failed copy or"
                        + " restore leaves it, or a first start on a full disk: restore the backup, or remove the file"
                        + " to start a new, empty database");
            }
            if (size < H2_HEADERS) {
                throw new IllegalArgumentException("--data-dir: " + file + " holds only " + size + " bytes, less than"
                        + " an H2 database's headers, as a first start on a full disk leaves it: remove the file to"
                        + " start a new, empty database, or restore the backup");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--data-dir: cannot read " + file + " (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    /** Opens the database, made and migrated to this version's schema where it is not yet. */
    public Database open() {
        return open(true);
    }

    private Database open(boolean migrate) {
        if (isEmbedded() && refuseAnEmbeddedFileOutOfReach(migrate)) {
            refuseEmptyFile(embeddedFile());
        } else if (isEmbedded()) {
            createDirectory(dataDir.toAbsolutePath().normalize()); // as the server would, not as H2 would
        }
        // A command on a database that must be there (migrate false) has H2 refuse to make one at a
        // --db-url of any form (jdbc:h2:./x, ~/x, nio:...): it made an empty file, rw-r--r--.
        boolean mustExist = !migrate && !isEmbedded() && isH2(url)
                && !url.toUpperCase(Locale.ROOT).contains("IFEXISTS");
        String jdbcUrl = mustExist ? jdbcUrl() + ";IFEXISTS=TRUE" : jdbcUrl();
        try {
            return ownerOnlyWhereNew(() -> withCredentials((user, password) -> Database.open(jdbcUrl, user, password,
                    poolSize, null, null, migrate)));
        } catch (RuntimeException e) {
            SQLException notFound = mustExist ? sqlCause(e, sql -> sql.getErrorCode() == H2_DATABASE_NOT_FOUND) : null;
            if (notFound != null) {
                // Not chained: the one-line error would repeat H2's words, the URL and the user after it.
                Matcher named = H2_NOT_FOUND_NAME.matcher(String.valueOf(notFound.getMessage()));
                IllegalArgumentException refused = new IllegalArgumentException("--db-url: there is no H2 database"
                        + (named.find() ? " at " + named.group(1) : " there") + ": check the URL, or start the"
                        + " server on it once to create it");
                refused.setStackTrace(e.getStackTrace());
                throw refused;
            }
            throw e;
        }
    }

    /** The first SQLException among the failure and its causes that is of the kind asked for, or null. */
    private static SQLException sqlCause(Throwable failure, Predicate<SQLException> kind) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && kind.test(sql)) {
                return sql;
            }
        }
        return null;
    }

    /**
     * Opens the database as its user. The embedded one is opened as xweb with
     * no password, whatever --db-user and XWEB_DB_PASSWORD say: they are
     * PostgreSQL's, and an embedded database made while XWEB_DB_PASSWORD was
     * set (for a copy from PostgreSQL, say) took it as its own and then refused
     * every command run without it (docs audit). A password protects nothing
     * there: whoever may read the file reads the rows. One made so by an
     * earlier version is opened with what is given, as then.
     */
    private Database withCredentials(BiFunction<String, String, Database> opening) {
        if (!isEmbedded()) {
            return opening.apply(jdbcUser(), jdbcPassword());
        }
        try {
            return opening.apply(EMBEDDED_USER, "");
        } catch (RuntimeException e) {
            if (!wrongCredentials(e)) {
                throw e;
            }
            String made = "--data-dir: the database in " + dataDir.toAbsolutePath().normalize() + " was made with a"
                    + " database user or password of its own (" + CREDENTIALS + " when it was made)";
            if (jdbcUser().equals(EMBEDDED_USER) && jdbcPassword().isEmpty()) {
                throw new IllegalArgumentException(made + ": give them again", e);
            }
            try {
                return opening.apply(jdbcUser(), jdbcPassword());
            } catch (RuntimeException again) {
                if (wrongCredentials(again)) {
                    throw new IllegalArgumentException(made + ", and not the ones given", again);
                }
                throw again;
            }
        }
    }

    /** H2's "Wrong user name or password" (SQL state 28000), as the pool hands it on. */
    private static boolean wrongCredentials(Throwable failure) {
        return sqlCause(failure, sql -> "28000".equals(sql.getSQLState())) != null;
    }

    /**
     * Opens the database; an H2 file it makes, under --data-dir or at an H2
     * --db-url's path, is for its owner only (it holds password hashes).
     */
    private Database ownerOnlyWhereNew(Supplier<Database> opening) {
        Path file = isH2(url) ? Database.h2File(jdbcUrl()) : null; // the embedded one's URL names it too
        boolean isNew = file != null && !Files.exists(file);
        Database database = opening.get();
        if (isNew) {
            String option = isEmbedded() ? "--data-dir" : "--db-url";
            try {
                OwnerOnly.restrict(file);
            } catch (IOException e) {
                database.close();
                throw new IllegalArgumentException(option + ": cannot make " + file + " private to its owner ("
                        + e.getClass().getSimpleName() + ")", e);
            }
            try {
                // Its name on the disk (and the data directory's, where it is new too) before a
                // client's write into it is acknowledged: each write's sync covers the content only.
                DiskSync.nameOf(file);
                DiskSync.nameOf(file.getParent());
            } catch (IOException e) {
                database.close();
                throw new IllegalArgumentException(option + ": cannot sync the name of the new " + file + " to the"
                        + " disk (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        return database;
    }

    /**
     * Where opening makes a new database ("in DIR", "at FILE"), or null where
     * the database is there, or this cannot tell: the embedded one, or an H2
     * --db-url that names its file (a new one at such a URL was made in silence:
     * docs audit).
     */
    public String whereANewDatabaseIsMade() {
        if (isEmbedded()) {
            return refuseAnEmbeddedFileOutOfReach(true) ? null : "in " + dataDir.toAbsolutePath().normalize();
        }
        Path file = isH2(url) ? h2FileOf(jdbcUrl()) : null;
        return file == null || Files.exists(file) ? null : "at " + file;
    }

    /**
     * The file an H2 URL keeps its database in: the absolute forms, and the
     * relative and home-directory ones (./x, ~/x) as H2 resolves them; null
     * for servers, memory and H2's other file systems.
     */
    public static Path h2FileOf(String url) {
        Path file = Database.h2File(url);
        if (file != null) {
            return file;
        }
        String name = url.replaceFirst("^jdbc:h2:(file:)?", "").replaceFirst(";.*", "");
        if (name.startsWith("./") || name.startsWith("../")) {
            return Path.of(name + ".mv.db").toAbsolutePath().normalize();
        }
        if (name.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), name.substring(2) + ".mv.db").normalize();
        }
        return null;
    }

    /**
     * Refuses, naming this process's user, an embedded database it may not
     * reach: a data directory it may not look into, a file it may not read, or,
     * to {@code write}, a file or (for a new one) a directory it may not write.
     * Files.exists says false where it may not look, and the commands run as
     * another user than the server's said there was no database, or that they
     * had made one, and then printed H2's stack trace (docs audit). The commands
     * that only read need to read only: a backup on a read-only mount is
     * exported and copied (review). Returns whether the file is there.
     */
    private boolean refuseAnEmbeddedFileOutOfReach(boolean write) {
        Path file = embeddedFile();
        String user = System.getProperty("user.name");
        try {
            Files.readAttributes(file, BasicFileAttributes.class);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("--data-dir: " + file.getParent() + " is not readable by user " + user
                    + ": run the command as the user the server runs as");
        } catch (IOException notThere) {
            if (write && Files.isDirectory(file.getParent()) && !Files.isWritable(file.getParent())) {
                throw new IllegalArgumentException("--data-dir: " + file.getParent() + " is not writable by user "
                        + user);
            }
            return false;
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--data-dir: " + file + " is not readable by user " + user
                    + ": run the command as the user the server runs as");
        }
        if (write && !Files.isWritable(file)) {
            throw new IllegalArgumentException("--data-dir: " + file + " is not writable by user " + user);
        }
        return true;
    }

    Path embeddedFile() {
        return dataDir.toAbsolutePath().normalize().resolve(EMBEDDED_FILE);
    }

    /**
     * Opens a database that must be there already. The commands that read or
     * change what a server stored (export; user list, passwd, disable, enable)
     * use it, so that a mistyped --data-dir is an error, not a new, empty database.
     * They use its schema as it is: one older than this version's is refused,
     * not migrated under the servers that use it. To read only (export, user
     * list, copy's source), an embedded file needs to be readable only.
     */
    public Database openExisting() {
        return openExisting(false);
    }

    /** As {@link #openExisting()}, for a command that changes it (user passwd, disable, enable). */
    public Database openExistingToChange() {
        return openExisting(true);
    }

    private Database openExisting(boolean write) {
        if (isEmbedded() && !refuseAnEmbeddedFileOutOfReach(write)) {
            throw new IllegalArgumentException("--data-dir: there is no database in "
                    + dataDir.toAbsolutePath().normalize() + " (no " + EMBEDDED_FILE + "): check the directory, or"
                    + " start the server there once to create it");
        }
        return open(false);
    }

    /**
     * Opens the database for a server: the pool's meters in {@code metrics},
     * and each statement on PostgreSQL limited to {@value #STATEMENT_TIMEOUT_SECONDS}
     * seconds, so that a request blocked in the database still gets its Server
     * fault well before the HTTP request timeout (30 s by default). A database
     * whose user may not make the server's changes stops the start.
     */
    public Database openForServer(MeterRegistry metrics) {
        Database database = ownerOnlyWhereNew(() -> withCredentials((user, password) -> Database.open(jdbcUrl(), user,
                password, poolSize, metrics, Duration.ofSeconds(STATEMENT_TIMEOUT_SECONDS))));
        try {
            database.checkPrivileges();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    @Override
    public String toString() {
        // The embedded database takes no user or password from the options (withCredentials). The URL comes
        // last (and ServerConfig puts this last): the log masks a password= in it up to a space, and took the
        // comma after it along.
        // A PostgreSQL URL's user= or password= is the one used (its driver takes it over the options): the
        // line named the option's user, or xweb, beside a URL that said user=app (review).
        return "data-dir=" + dataDir
                + (isEmbedded() ? ", db-user=" + EMBEDDED_USER + " (embedded)"
                : (!isH2(url) && URL_USER.matcher(url).find() ? ", db-user: in db-url" : ", db-user=" + jdbcUser())
                        + (!isH2(url) && URL_PASSWORD.matcher(url).find() ? ", db-password: in db-url"
                        : ", " + Texts.maskedField("db-password", password)))
                + ", db-pool-size=" + poolSize + ", db-url=" + Texts.maskUrlSecrets(jdbcUrl());
    }
}
