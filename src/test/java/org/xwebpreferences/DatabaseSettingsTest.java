package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.store.Database;

class DatabaseSettingsTest {

    @Test
    void aServersDataDirectoryIsMadeWhereThereIsNoneAndAFileInItsPlaceIsNamed(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("a/b/data");
        assertThat(DatabaseSettings.embedded(data).prepareDataDir()).as("a new database").isTrue();
        assertThat(data).isDirectory();
        Files.write(data.resolve("xweb.mv.db"), new byte[8192]); // as long as H2's two headers
        assertThat(DatabaseSettings.embedded(data).prepareDataDir()).as("the database there").isFalse();

        Path file = Files.writeString(dir.resolve("afile"), "");
        assertThatThrownBy(() -> DatabaseSettings.embedded(file).prepareDataDir())
                .hasMessage("--data-dir: " + file + " exists and is not a directory");
    }

    /** What a failed copy or restore leaves: neither the server nor a command takes it for a new database. */
    @Test
    void anEmptyDatabaseFileIsRefusedNotTakenForANewDatabase(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("data")).resolve("xweb.mv.db"), "");
        String expected = "--data-dir: " + file + " is empty (0 bytes), as a failed copy or restore leaves it,"
                + " or a first start on a full disk: restore the backup, or remove the file to start a new, empty"
                + " database";

        assertThatThrownBy(() -> DatabaseSettings.embedded(dir.resolve("data")).prepareDataDir()).hasMessage(expected);
        assertThatThrownBy(() -> DatabaseSettings.embedded(dir.resolve("data")).openExisting()).hasMessage(expected);
        assertThatThrownBy(() -> DatabaseSettings.embedded(dir.resolve("data")).open()).as("user add")
                .hasMessage(expected);
        assertThat(file).isEmptyFile();
    }

    /** A first start on a nearly full disk left 4 KiB, and every start after it failed with H2's I/O error. */
    @Test
    void aDatabaseFileShorterThanH2sHeadersIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.write(Files.createDirectories(dir.resolve("data")).resolve("xweb.mv.db"), new byte[4096]);
        String expected = "--data-dir: " + file + " holds only 4096 bytes, less than an H2 database's headers, as a"
                + " first start on a full disk leaves it: remove the file to start a new, empty database, or restore"
                + " the backup";

        assertThatThrownBy(() -> DatabaseSettings.embedded(dir.resolve("data")).prepareDataDir()).hasMessage(expected);
        assertThatThrownBy(() -> DatabaseSettings.embedded(dir.resolve("data")).openExisting()).hasMessage(expected);
        assertThat(file).hasSize(4096);
    }

    @Test
    void openingAnExistingDatabaseRefusesADataDirectoryWithoutOneAndCreatesNothing(@TempDir Path dir) {
        DatabaseSettings typo = DatabaseSettings.embedded(dir.resolve("typo"));

        assertThatThrownBy(typo::openExisting).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--data-dir: there is no database in " + dir.resolve("typo") + " (no xweb.mv.db): check the"
                        + " directory, or start the server there once to create it");
        assertThat(dir.resolve("typo").resolve("xweb.mv.db")).doesNotExist();

        DatabaseSettings real = DatabaseSettings.embedded(dir.resolve("data"));
        real.open().close();
        try (Database database = real.openExisting()) {
            assertThat(database.dataSource()).isNotNull();
        }

        // The same for an H2 --db-url: a mistyped one made an empty file, rw-r--r--, that a server then filled.
        for (String url : List.of("jdbc:h2:file:" + dir.resolve("nosuch"), "jdbc:h2:nio:" + dir.resolve("nosuch"))) {
            DatabaseSettings atUrl = new DatabaseSettings(dir, url, "xweb", "", 1);
            assertThatThrownBy(atUrl::openExisting).as(url).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--db-url: there is no H2 database at " + dir.resolve("nosuch") + ": check the URL,"
                            + " or start the server on it once to create it");
            assertThat(dir.resolve("nosuch.mv.db")).doesNotExist();
        }
    }

    /**
     * XWEB_DB_PASSWORD and --db-user are PostgreSQL's: an embedded database made
     * while they were set (a copy from PostgreSQL) took them as its own, and
     * refused every command run without them.
     */
    @Test
    void theEmbeddedDatabaseTakesNoPasswordOrUserButOneMadeWithThemEarlierStillOpens(@TempDir Path dir) {
        Path data = dir.resolve("data");
        new DatabaseSettings(data, null, "app", "pg-secret", 1).open().close();
        try (Database database = DatabaseSettings.embedded(data).openExisting()) {
            assertThat(database.stoppedBecause()).isNull();
        }
        try (Database database = new DatabaseSettings(data, null, "other", "another-secret", 1).openExisting()) {
            assertThat(database.stoppedBecause()).isNull();
        }

        Path older = dir.resolve("older");
        DatabaseSettings madeWith = new DatabaseSettings(older, null, "xweb", "old-secret", 1);
        Database.open(madeWith.jdbcUrl(), "xweb", "old-secret", 1).close(); // as versions before made it
        try (Database database = madeWith.openExisting()) {
            assertThat(database.stoppedBecause()).isNull();
        }
        assertThatThrownBy(() -> DatabaseSettings.embedded(older).openExisting())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--data-dir: the database in " + older + " was made with a database user or password of"
                        + " its own (--db-user, XWEB_DB_PASSWORD when it was made): give them again");
        assertThatThrownBy(() -> new DatabaseSettings(older, null, "xweb", "wrong", 1).openExisting())
                .hasMessageEndingWith(", and not the ones given");
    }

    /** The file holds password hashes: under umask 022 H2 made it readable by every user of the machine. */
    @Test
    void aNewH2DatabaseFileIsForItsOwnerOnly(@TempDir Path dir) throws Exception {
        DatabaseSettings byUserAdd = DatabaseSettings.embedded(dir.resolve("a"));
        DatabaseSettings byServer = DatabaseSettings.embedded(dir.resolve("b"));
        byServer.prepareDataDir();
        // The same file given as an H2 --db-url, with or without file:, was made under the umask.
        DatabaseSettings atUrl = new DatabaseSettings(dir, "jdbc:h2:file:" + dir.resolve("c") + ";RETENTION_TIME=1000",
                "sa", "", 2);
        DatabaseSettings atUrlWithoutFile = new DatabaseSettings(dir, "jdbc:h2:" + dir.resolve("d"), "sa", "", 2);

        byUserAdd.open().close();
        byServer.openForServer(null).close();
        atUrl.open().close();
        atUrlWithoutFile.openForServer(null).close();

        for (String file : List.of("a/xweb.mv.db", "b/xweb.mv.db", "c.mv.db", "d.mv.db")) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(file))).as(file)
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** user add on a new --data-dir makes the directory as the server does, not as H2 would (under the umask). */
    @Test
    void theDataDirectoryACommandMakesIsForItsOwnerOnly(@TempDir Path dir) throws Exception {
        DatabaseSettings.embedded(dir.resolve("new/data")).open().close();

        assertThat(Files.getPosixFilePermissions(dir.resolve("new/data")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    /** Where an H2 --db-url keeps its file, so that a start can say it makes a new database there. */
    @Test
    void theFileOfAnH2UrlIsFoundForRelativeAndHomeDirectoryFormsOnly(@TempDir Path dir) {
        assertThat(DatabaseSettings.h2FileOf("jdbc:h2:./pilot/xweb;MODE=PostgreSQL"))
                .isEqualTo(Path.of("pilot/xweb.mv.db").toAbsolutePath().normalize());
        assertThat(DatabaseSettings.h2FileOf("jdbc:h2:file:../pilot/xweb"))
                .isEqualTo(Path.of("../pilot/xweb.mv.db").toAbsolutePath().normalize());
        assertThat(DatabaseSettings.h2FileOf("jdbc:h2:~/pilot/xweb"))
                .isEqualTo(Path.of(System.getProperty("user.home"), "pilot/xweb.mv.db"));
        assertThat(DatabaseSettings.h2FileOf("jdbc:h2:" + dir.resolve("abs"))).isEqualTo(dir.resolve("abs.mv.db"));
        assertThat(DatabaseSettings.h2FileOf("jdbc:h2:tcp://db/xweb")).isNull();
        assertThat(DatabaseSettings.h2FileOf("jdbc:h2:mem:xweb")).isNull();
        assertThat(new DatabaseSettings(dir, "jdbc:h2:" + dir.resolve("abs"), null, null, 2).whereANewDatabaseIsMade())
                .isEqualTo("at " + dir.resolve("abs.mv.db"));
    }

    /**
     * export, user list, passwd, disable and enable use the schema as they
     * find it: a newer version's command, run against the servers' database,
     * upgraded its schema under them.
     */
    @Test
    void theCommandsOnAServersDatabaseRefuseAnOlderSchemaAndLeaveItAsItIs(@TempDir Path dir) throws Exception {
        DatabaseSettings settings = DatabaseSettings.embedded(dir.resolve("data"));
        Files.createDirectories(dir.resolve("data"));
        Flyway.configure().dataSource(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword())
                .locations("classpath:db/migration").target("1").load().migrate();

        assertThatThrownBy(settings::openExisting).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The database's schema is older than this version of xweb-server (migration 2 (preference"
                        + " history) is not applied): start this version's server on it once, which migrates it, or"
                        + " use the version its servers run. This command leaves the schema as it is");
        assertThat(Flyway.configure().dataSource(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword())
                .locations("classpath:db/migration").load().info().pending()).hasSize(1);

        settings.open().close(); // as a server, or user add
        try (Database database = settings.openExisting()) {
            assertThat(database.newerMigration()).isNull();
        }
    }

    @Test
    void embeddedDatabaseLivesUnderTheDataDirectoryAndReusesFreedSpaceAfterASecond() {
        DatabaseSettings settings = DatabaseSettings.embedded(Path.of("/var/lib/xweb-data"));

        assertThat(settings.isEmbedded()).isTrue();
        assertThat(settings.jdbcUrl()).startsWith("jdbc:h2:file:" + Path.of("/var/lib/xweb-data").resolve("xweb") + ";")
                .contains(";RETENTION_TIME=1000");
        assertThat(settings.jdbcUser()).isEqualTo("xweb");
        assertThat(settings.jdbcPassword()).isEmpty();
        assertThat(settings.poolSize()).isEqualTo(8);
    }

    @Test
    void theEmbeddedDatabaseCachesAQuarterOfASmallHeapAndAtMost64MiB() {
        long mib = 1L << 20;
        DatabaseSettings settings = DatabaseSettings.embedded(Path.of("/d"));

        assertThat(settings.jdbcUrl(128 * mib)).endsWith(";CACHE_SIZE=32768");
        assertThat(settings.jdbcUrl(256 * mib)).as("the shipped -Xmx256m").endsWith(";CACHE_SIZE=65536");
        assertThat(settings.jdbcUrl(768 * mib)).endsWith(";CACHE_SIZE=65536");
        // from 1 GiB of heap on, H2's own default (64 MiB per GiB) is at least as large
        assertThat(settings.jdbcUrl(1024 * mib)).doesNotContain("CACHE_SIZE");
        assertThat(settings.jdbcUrl(Long.MAX_VALUE)).as("no heap limit").doesNotContain("CACHE_SIZE");
        assertThat(new DatabaseSettings(Path.of("/d"), "jdbc:h2:file:/e/x", null, null, 4).jdbcUrl(256 * mib))
                .as("an H2 URL given is used as it is").isEqualTo("jdbc:h2:file:/e/x");
    }

    @Test
    void h2TakesTheCacheSizeFromTheUrl(@TempDir Path dir) throws Exception {
        DatabaseSettings settings = DatabaseSettings.embedded(dir);
        try (Database database = Database.open(settings.jdbcUrl(256L << 20), settings.jdbcUser(),
                settings.jdbcPassword(), 1);
                var connection = database.dataSource().getConnection();
                var rows = connection.createStatement().executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("65536");
        }
    }

    @Test
    void aRelativeDataDirectoryBecomesAbsolute() {
        String url = DatabaseSettings.embedded(Path.of("data/../store")).jdbcUrl();

        assertThat(url).startsWith("jdbc:h2:file:" + Path.of("store").toAbsolutePath().resolve("xweb") + ";")
                .contains(";RETENTION_TIME=1000");
    }

    @Test
    void aBlankUrlMeansTheEmbeddedDatabase() {
        DatabaseSettings settings = new DatabaseSettings(Path.of("/d"), "  ", null, null, 4);

        assertThat(settings.isEmbedded()).isTrue();
        assertThat(settings.jdbcUrl()).startsWith("jdbc:h2:file:");
    }

    @Test
    void usesAGivenUrlUserAndPasswordAsTheyAre() {
        DatabaseSettings settings = new DatabaseSettings(Path.of("/d"), "jdbc:postgresql://db/xweb", "app", "pw", 4);

        assertThat(settings.isEmbedded()).isFalse();
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db/xweb");
        assertThat(settings.jdbcUser()).isEqualTo("app");
        assertThat(settings.jdbcPassword()).isEqualTo("pw");
    }

    @Test
    void anH2ServerIsATcpOrSslUrlOrOneWithAutoServerOn() {
        for (String url : List.of("jdbc:h2:tcp://db:9092/xweb", "jdbc:h2:ssl://db/xweb",
                "jdbc:h2:file:/d/x;AUTO_SERVER=TRUE", "jdbc:h2:/d/x;auto_server = true;CACHE_SIZE=1",
                "jdbc:h2:/d/x;AUTO_SERVER=1", "jdbc:h2:/d/x;AUTO_SERVER=YES", "jdbc:h2:/d/x;AUTO_SERVER=y")) {
            assertThat(new DatabaseSettings(Path.of("/d"), url, null, null, 4).isH2Server()).as(url).isTrue();
        }
        for (String url : List.of("jdbc:h2:file:/d/x", "jdbc:h2:/d/x;AUTO_SERVER=FALSE", "jdbc:h2:/d/x;AUTO_SERVER=0",
                "jdbc:h2:/d/x;AUTO_SERVER_PORT=1", "jdbc:postgresql://db/xweb", "")) {
            assertThat(new DatabaseSettings(Path.of("/d"), url, null, null, 4).isH2Server()).as(url).isFalse();
        }
    }

    @Test
    void refusesAPoolSizeOutOfRangeNamingTheOption() {
        assertThatThrownBy(() -> new DatabaseSettings(Path.of("/d"), null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--db-pool-size: 0 is outside 1..200");
        assertThatThrownBy(() -> new DatabaseSettings(Path.of("/d"), null, null, null, 201))
                .hasMessage("--db-pool-size: 201 is outside 1..200");
        assertThat(new DatabaseSettings(Path.of("/d"), null, null, null, 1).poolSize()).isEqualTo(1);
        assertThat(new DatabaseSettings(Path.of("/d"), null, null, null, 200).poolSize()).isEqualTo(200);
    }

    @Test
    void neverShowsThePasswordWhenPrinted() {
        String printed = new DatabaseSettings(Path.of("/d"), "jdbc:postgresql://db/xweb", "app", "pg-secret-3", 4)
                .toString();

        assertThat(printed).doesNotContain("pg-secret-3").contains("db-password: given", "db-user=app", "db-pool-size=4");
    }

    @Test
    void neverShowsAPasswordWrittenIntoTheUrl() {
        String printed = new DatabaseSettings(Path.of("/d"),
                "jdbc:postgresql://db/xweb?user=app&password=url-secret-5", null, null, 4).toString();

        assertThat(printed).doesNotContain("url-secret-5");
        assertThat(Texts.maskUrlSecrets(printed)).as("as the log masks the line again: every separator kept")
                .isEqualTo("data-dir=/d, db-user: in db-url, db-password: in db-url, db-pool-size=4,"
                        + " db-url=jdbc:postgresql://db/xweb?user=app&password=****");
    }

    /** The drivers take a user written into the URL over --db-user: the line named xweb beside user=app (review). */
    @Test
    void namesTheUrlAsWhereTheUserComesFromWhenItHoldsOne() {
        String printed = new DatabaseSettings(Path.of("/d"), "jdbc:postgresql://db/xweb?ssl=true&user=app", "other",
                "pg-secret-3", 4).toString();

        assertThat(printed).contains("db-user: in db-url, db-password: given").doesNotContain("other", "pg-secret-3");
        assertThat(new DatabaseSettings(Path.of("/d"), "jdbc:h2:/srv/x;USER=app", null, null, 4).toString())
                .as("H2 takes no URL user over the one given: it refuses one that differs")
                .contains("db-user=xweb, db-password: none");
        for (String other : List.of("jdbc:postgresql://db/xweb?superuser=no", "jdbc:postgresql://db/xweb?ssl=true;user=a")) {
            assertThat(new DatabaseSettings(Path.of("/d"), other, null, null, 4).toString()).as(other)
                    .contains("db-user=xweb, db-password: none");
        }
    }
}
