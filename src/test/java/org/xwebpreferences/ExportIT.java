package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.store.Database;
import org.xwebpreferences.support.PostgresServer;

/**
 * {@code export} streams: a few hundred thousand rows go out of a JVM whose
 * heap could not hold them, on H2 and on PostgreSQL, with progress on
 * standard error.
 */
class ExportIT {

    private static final int ROWS = 300_000;
    /** Far below what 300,000 rows would take if they were held in memory at once. */
    private static final String SMALL_HEAP = "-Xmx40m";

    @TempDir
    Path dir;

    @Test
    void exportsHundredsOfThousandsOfRowsInConstantMemoryFromH2() throws Exception {
        DatabaseSettings settings = DatabaseSettings.embedded(dir.resolve("data"));
        try (Database database = settings.open();
             Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO communication_preference SELECT RANDOM_UUID(), RANDOM_UUID(),"
                    + " 'List ' || X, 'Category, \"quoted\"', 'OptIn', RANDOM_UUID(), NULL, NULL, NULL,"
                    + " CURRENT_TIMESTAMP, 'seed' FROM SYSTEM_RANGE(1, " + ROWS + ")");
        }

        assertExported(List.of("--data-dir", dir.resolve("data").toString()), Map.of());
    }

    @Test
    void anExportWhoseStandardOutputCannotBeWrittenFailsInsteadOfReportingSuccess() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full (Linux)");
        storeRowsInEmbeddedDatabase(1000);
        Path stderr = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("xweb.server.jar"), "export", "--what", "preferences", "--data-dir",
                dir.resolve("data").toString()).redirectOutput(new File("/dev/full")).redirectError(stderr.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        String errors = Files.readString(stderr);
        assertThat(process.exitValue()).as(errors).isEqualTo(1);
        assertThat(errors).as(errors).contains("xweb-server export: writing to standard output failed: No space left on device")
                .doesNotContain("exported 1,000 rows").doesNotContain("\tat ");
    }

    /**
     * The rows go to a file beside the output and take its name only when all
     * are written: an earlier export that a sync job picks up by name is never
     * replaced by a cut-off one (a full disk midway left one before).
     */
    @Test
    void anExportTakesTheOutputsNameOnlyOnceWhole() throws Exception {
        storeRowsInEmbeddedDatabase(5);
        Path earlier = Files.writeString(dir.resolve("preferences.jsonl"), "an earlier, whole export\n");

        Process replace = exportTo(earlier);
        assertThat(replace.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(replace.exitValue()).isZero();
        assertThat(Files.readAllLines(earlier)).hasSize(5);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(earlier)))
                .as("every customer's preferences: for the owner only").isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))))
                .as("the data directory the server made").isEqualTo("rwx------");

        Path directory = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(directory.resolve("keep.txt"), "kept");
        Process refused = exportTo(directory);
        assertThat(refused.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).as("a directory is a bad value").isEqualTo(2);
        assertThat(Files.readString(directory.resolve("keep.txt"))).isEqualTo("kept");
        try (var left = Files.list(dir)) {
            assertThat(left.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    /** An export named like the database file took its place: every row was gone, and it said "exported". */
    @Test
    void anExportIntoTheDataDirectoryIsRefusedAndTheDatabaseKept() throws Exception {
        storeRowsInEmbeddedDatabase(2);
        Path database = dir.resolve("data").resolve("xweb.mv.db");
        long size = Files.size(database);

        Process refused = exportTo(database);
        assertThat(refused.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(refused.exitValue()).isEqualTo(2);
        assertThat(Files.size(database)).isEqualTo(size);
        Process after = exportTo(dir.resolve("after.jsonl"));
        assertThat(after.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(after.exitValue()).isZero();
        assertThat(Files.readAllLines(dir.resolve("after.jsonl"))).hasSize(2);
    }

    /**
     * Only --data-dir was checked: with the same database named by an H2 --db-url, or through a link to its
     * file, the export took the file's place and said it was done (code review).
     */
    @Test
    void anExportOntoTheDatabaseFileByAnH2UrlOrThroughALinkIsRefused() throws Exception {
        storeRowsInEmbeddedDatabase(2);
        Path database = dir.resolve("data").resolve("xweb.mv.db");
        long size = Files.size(database);
        Path link = Files.createSymbolicLink(dir.resolve("innocent.jsonl"), database);
        String url = "jdbc:h2:" + dir.resolve("data").resolve("xweb");

        String byUrl = exportWith(List.of("-o", database.toString(), "--db-url", url));
        String traceByUrl = exportWith(List.of("-o", dir.resolve("data").resolve("xweb.trace.db").toString(),
                "--db-url", url));
        String compactingByUrl = exportWith(List.of("-o", dir.resolve("data").resolve("xweb.mv.db.newFile")
                .toString(), "--db-url", url)); // which H2 deletes when it opens the database (review)
        String throughLink = exportWith(List.of("-o", link.toString(), "--data-dir", dir.resolve("data").toString()));
        // A link reached through a linked directory, whose "..", resolved as text, undid that directory (review).
        Files.createDirectories(dir.resolve("real").resolve("sub"));
        Files.createSymbolicLink(dir.resolve("real").resolve("sub").resolve("l"), Path.of("../../data/xweb.mv.db"));
        Path linkedDirectory = Files.createSymbolicLink(dir.resolve("p"), dir.resolve("real").resolve("sub"));
        String throughLinkedDirectory = exportWith(List.of("-o", linkedDirectory.resolve("l").toString(),
                "--data-dir", dir.resolve("data").toString()));
        String besideIt = exportWith(List.of("-o", dir.resolve("data").resolve("xweb.csv").toString(),
                "--db-url", url));

        assertThat(byUrl).startsWith("2: xweb-server export: --output: " + database + " is one of the files H2"
                + " keeps the database ");
        assertThat(traceByUrl).startsWith("2: xweb-server export: --output: ");
        assertThat(compactingByUrl).startsWith("2: xweb-server export: --output: ");
        assertThat(throughLink).startsWith("2: xweb-server export: --output: " + link + " is inside the data"
                + " directory");
        assertThat(throughLinkedDirectory).startsWith("2: xweb-server export: --output: ");
        assertThat(Files.size(database)).isEqualTo(size);
        assertThat(besideIt).as("another file beside an H2 URL's database, of its name too, is the user's to name")
                .startsWith("0: ");
    }

    /** "EXIT: what it printed" for an export of preferences as JSON Lines with these arguments. */
    private String exportWith(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-jar", System.getProperty("xweb.server.jar"), "export", "--what", "preferences",
                "--format", "jsonl"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + ": " + printed;
    }

    /** An empty name said "Is a directory", a directory was a write failure (exit 1), a long name too long. */
    @Test
    void outputsThatCannotBeAFileAreRefusedAsSuchAndANameNearTheLimitIsWritten() throws Exception {
        storeRowsInEmbeddedDatabase(2);

        assertThat(export("", Map.of())).isEqualTo("2: xweb-server export: --output: an empty name: give a file, or"
                + " '-' for standard output");
        assertThat(export(dir.toString(), Map.of())).isEqualTo("2: xweb-server export: --output: " + dir
                + " is a directory: name a file in it");
        assertThat(export(dir.resolve("caf\u00e9.jsonl").toString(), Map.of("LC_ALL", "C")))
                .startsWith("2: xweb-server export: Invalid value for option '--output': '")
                .contains("' cannot be a file name here: this system's file names are ")
                .contains("run with a UTF-8 one, e.g. LC_ALL=C.UTF-8)");

        assertThat(export(dir.resolve("new") + "/", Map.of())).as("a directory's name, which Path drops the '/' of")
                .startsWith("2: xweb-server export: Invalid value for option '--output': '" + dir.resolve("new")
                        + "/' ends in '/', as a directory's name does: name a file");
        assertThat(export(dir.resolve("a".repeat(250) + ".jsonl").toString(), Map.of()))
                .as("said before the export, not at its end").isEqualTo("2: xweb-server export: --output: the file's"
                        + " name is 256 bytes long, and file systems take at most 255");

        Path longName = dir.resolve("a".repeat(249) + ".jsonl"); // 255 bytes, as long as ext4 takes
        assertThat(export(longName.toString(), Map.of())).startsWith("0: exported 2 rows in");
        assertThat(Files.readAllLines(longName)).hasSize(2);
    }

    /** "EXIT: what it printed", standard error and output together. */
    private String export(String output, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("xweb.server.jar"), "export", "--what", "preferences", "--format", "jsonl",
                "-o", output, "--data-dir", dir.resolve("data").toString()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + ": " + printed;
    }

    /** -o /dev/stdout links to /proc/self/fd/1: renamed over, the link became a file of customer rows. */
    @Test
    void aSymbolicLinkAsOutputIsWrittenThroughNotReplaced() throws Exception {
        storeRowsInEmbeddedDatabase(3);
        Path target = Files.writeString(dir.resolve("target.jsonl"), "");
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), target);

        Process process = exportTo(link);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllLines(target)).hasSize(3);

        Path notYet = dir.resolve("not-yet.jsonl");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.jsonl"), notYet);
        Process throughDangling = exportTo(dangling);
        assertThat(throughDangling.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(throughDangling.exitValue()).isZero();
        assertThat(Files.readAllLines(notYet)).hasSize(3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(notYet)))
                .as("made through the link: for the owner only, as any export").isEqualTo("rw-------");
    }

    /** SIGTERM ran no finally block: a cut-off export of customer rows stayed beside the output, one per run. */
    @Test
    void anExportStoppedBySigtermLeavesNoPartFile() throws Exception {
        storeRowsInEmbeddedDatabase(300_000);
        Process export = exportTo(dir.resolve("stopped.jsonl"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!partFileExists() && export.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(partFileExists()).as("the export had begun writing").isTrue();

        export.destroy(); // SIGTERM
        assertThat(export.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(partFileExists()).isFalse();
        assertThat(dir.resolve("stopped.jsonl")).doesNotExist();
    }

    private boolean partFileExists() throws IOException {
        try (var files = Files.list(dir)) {
            return files.anyMatch(path -> path.getFileName().toString().endsWith(".part"));
        }
    }

    private Process exportTo(Path output) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("xweb.server.jar"), "export", "--what", "preferences", "--format", "jsonl",
                "-o", output.toString(), "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("export-" + System.nanoTime() + ".log").toFile())
                .start();
    }

    @Test
    void aDashAsOutputMeansStandardOutputNotAFileNamedDash() throws Exception {
        storeRowsInEmbeddedDatabase(3);
        Path stdout = dir.resolve("stdout.jsonl");
        Path stderr = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("xweb.server.jar"), "export", "--what", "preferences", "--format", "jsonl", "-o", "-",
                "--data-dir", dir.resolve("data").toString())
                .directory(dir.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
        assertThat(Files.readAllLines(stdout)).hasSize(3).allMatch(line -> line.contains("\"status\":\"OptIn\""));
        assertThat(dir.resolve("-")).doesNotExist();
    }

    @Test
    void exportsHundredsOfThousandsOfRowsInConstantMemoryFromPostgres() throws Exception {
        PostgresServer postgres = PostgresServer.shared();
        String url = postgres.createDatabase();
        try (Database database = Database.open(url, postgres.user(), postgres.password(), 1);
             Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO communication_preference SELECT gen_random_uuid(), gen_random_uuid(),"
                    + " 'List ' || x, 'Category, \"quoted\"', 'OptIn', gen_random_uuid(), NULL, NULL, NULL, now(),"
                    + " 'seed' FROM generate_series(1, " + ROWS + ") AS x");
        }

        assertExported(List.of("--db-url", url, "--db-user", postgres.user()),
                Map.of("XWEB_DB_PASSWORD", postgres.password()));
    }

    /** Rows of a few plain columns in a new embedded database under dir/data. */
    private void storeRowsInEmbeddedDatabase(int rows) throws SQLException {
        try (Database database = DatabaseSettings.embedded(dir.resolve("data")).open();
             Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO communication_preference SELECT RANDOM_UUID(), RANDOM_UUID(), 'List ' || X,"
                    + " NULL, 'OptIn', NULL, NULL, NULL, NULL, CURRENT_TIMESTAMP, 'seed' FROM SYSTEM_RANGE(1, " + rows + ")");
        }
    }

    private void assertExported(List<String> databaseArgs, Map<String, String> env) throws Exception {
        Path csv = dir.resolve("preferences.csv");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                SMALL_HEAP, "-jar", System.getProperty("xweb.server.jar"), "export", "--what", "preferences",
                "--format", "csv", "--output", csv.toString()));
        command.addAll(databaseArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().putAll(env);
        Path stderr = dir.resolve("stderr.txt");
        Process process = builder.redirectError(stderr.toFile()).start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();

        String errors = Files.readString(stderr);
        assertThat(process.exitValue()).as(errors).isZero();
        assertThat(errors).contains("exported " + String.format("%,d", ROWS) + " rows in");
        long lines = 0;
        String second = null;
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            assertThat(header).isEqualTo("customer_key,mailing_list_key,mailing_list_name,mailing_list_category,"
                    + "status,email_key,address_key,phone_key,fax_key,changed_at,changed_by");
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (second == null) {
                    second = line;
                }
                lines++;
            }
        }
        assertThat(lines).isEqualTo(ROWS);
        assertThat(second).matches("[0-9a-f-]{36},[0-9a-f-]{36},List \\d+,\"Category, \"\"quoted\"\"\",OptIn,"
                + "[0-9a-f-]{36},,,,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z,seed");
    }
}
