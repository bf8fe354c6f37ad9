package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.support.JsonBodies;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.JsonResponse;
import org.xwebpreferences.support.PostgresServer;
import org.xwebpreferences.store.Database;
import org.xwebpreferences.support.ServerProcess;

/**
 * A pilot on the embedded database goes to production on PostgreSQL: `copy`
 * moves its users, preferences and history, and a server on PostgreSQL then
 * answers as the embedded one did. And back, into a new embedded database.
 */
class CopyIT {

    private static final String HISTORY = "GetCustomerCommunicationPreferenceHistory";

    @TempDir
    Path work;

    private record Run(int exitCode, String err) {
    }

    @Test
    void usersPreferencesAndHistoryMoveToPostgresqlAndBackAndATargetWithRowsIsRefused() throws Exception {
        Path pilot = work.resolve("pilot");
        List<String> customers = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        String list = UUID.randomUUID().toString();
        Map<String, String> before;
        try (ServerProcess server = ServerProcess.start(pilot)) {
            JsonClient json = new JsonClient(root(server));
            String basic = JsonClient.basic(ServerProcess.USER, ServerProcess.PASSWORD);
            for (String customer : customers) {
                for (String status : List.of("OptIn", "OptOut", "OptIn")) {
                    assertThat(json.post(JsonBodies.SET, JsonBodies.set(customer, JsonBodies.setting(list, status)),
                            basic).status()).isEqualTo(200);
                }
            }
            before = answers(json, basic, customers);
        }

        PostgresServer postgres = PostgresServer.shared();
        String url = postgres.createDatabase();
        Map<String, String> toPostgres = Map.of("XWEB_TO_DB_PASSWORD", postgres.password());
        Run copied = run(toPostgres, "copy", "--data-dir", pilot.toString(), "--to-db-url", url,
                "--to-db-user", postgres.user());
        assertThat(copied.exitCode()).as(copied.err()).isZero();
        assertThat(copied.err()).contains("copied 1 users, 2 preferences and 6 history entries in");

        Map<String, String> env = Map.of("XWEB_DB_PASSWORD", postgres.password());
        try (ServerProcess server = ServerProcess.start(work.resolve("unused"), env, "--db-url", url,
                "--db-user", postgres.user())) {
            JsonClient json = new JsonClient(root(server));
            String basic = JsonClient.basic(ServerProcess.USER, ServerProcess.PASSWORD);
            assertThat(answers(json, basic, customers)).as("the same user and password, the same answers")
                    .isEqualTo(before);
            assertThat(json.post(JsonBodies.SET, JsonBodies.set(customers.get(0), JsonBodies.setting(list, "OptOut")),
                    basic).status()).as("a new history entry gets an id after the copied ones").isEqualTo(200);
            assertThat(history(json, basic, customers.get(0)).get("entries")).hasSize(4);
        }

        Run again = run(toPostgres, "copy", "--data-dir", pilot.toString(), "--to-db-url", url,
                "--to-db-user", postgres.user());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("--to-db-url: the target database already holds rows (1 in xweb_user")
                .contains("copy into an empty database");

        Path back = work.resolve("back");
        Run home = run(Map.of("XWEB_DB_PASSWORD", postgres.password()), "copy", "--db-url", url, "--db-user",
                postgres.user(), "--to-data-dir", back.toString());
        assertThat(home.exitCode()).as(home.err()).isZero();
        assertThat(home.err()).contains("copied 1 users, 2 preferences and 7 history entries in");
        try (ServerProcess server = ServerProcess.start(back)) {
            JsonClient json = new JsonClient(root(server));
            String basic = JsonClient.basic(ServerProcess.USER, ServerProcess.PASSWORD);
            assertThat(history(json, basic, customers.get(0)).get("entries")).hasSize(4);
            assertThat(answers(json, basic, customers.subList(1, 2))).isEqualTo(Map.of(customers.get(1),
                    before.get(customers.get(1))));
        }
    }

    @Test
    void aSourceWithNoDatabaseIsRefusedAndNothingIsMadeAtTheTarget() throws Exception {
        Run run = run(Map.of(), "copy", "--data-dir", work.resolve("nothing").toString(), "--to-data-dir",
                work.resolve("target").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--data-dir: there is no database in");
        assertThat(work.resolve("target")).doesNotExist();
    }

    /**
     * A database a newer version migrated may hold what this version would not
     * copy: refused, naming the migration (it was copied with only Flyway's
     * warning). And a target directory that already holds a database is told
     * by the option that named it (operations audit).
     */
    @Test
    void aSourceANewerVersionMigratedIsRefusedAndATargetDirectoryWithRowsIsNamed() throws Exception {
        Path source = work.resolve("source");
        try (ServerProcess server = ServerProcess.start(source)) {
            assertThat(server.address()).isNotEmpty(); // the bootstrap user is a row to copy
        }
        Path target = work.resolve("target");
        Run first = run(Map.of(), "copy", "--data-dir", source.toString(), "--to-data-dir", target.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        Run again = run(Map.of(), "copy", "--data-dir", source.toString(), "--to-data-dir", target.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("--to-data-dir: the target database already holds rows (1 in xweb_user");

        try (Database database = DatabaseSettings.embedded(source).open();
             Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\","
                    + " \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"installed_on\","
                    + " \"execution_time\", \"success\") VALUES (3, '3', 'added later', 'SQL', 'V3__added_later.sql', 0,"
                    + " 'xweb', CURRENT_TIMESTAMP, 0, TRUE)");
        }
        Path elsewhere = work.resolve("elsewhere");
        Run newer = run(Map.of(), "copy", "--data-dir", source.toString(), "--to-data-dir", elsewhere.toString());
        assertThat(newer.exitCode()).isEqualTo(2);
        assertThat(newer.err()).contains("the source database: was migrated by a newer version of xweb-server"
                + " (migration 3 (added later))");
        assertThat(elsewhere).doesNotExist();
    }

    /** They named the source's options: "--data-dir: ... exists and is not a directory" for the target. */
    @Test
    void aTargetsMistakesNameTheTargetsOptions() throws Exception {
        Path source = work.resolve("source");
        try (Database database = Database.open("jdbc:h2:file:" + source.resolve("xweb"), "xweb", "", 1)) {
            assertThat(database.stoppedBecause()).isNull();
        }
        Path file = Files.writeString(work.resolve("a-file"), "");

        Run intoAFile = run(Map.of(), "copy", "--data-dir", source.toString(), "--to-data-dir", file.toString());
        assertThat(intoAFile.exitCode()).isEqualTo(2);
        assertThat(intoAFile.err()).isEqualTo("xweb-server copy: --to-data-dir: " + file
                + " exists and is not a directory\n");
        Run unsupported = run(Map.of(), "copy", "--data-dir", source.toString(), "--to-db-url", "jdbc:mysql://db/x");
        assertThat(unsupported.exitCode()).isEqualTo(2);
        assertThat(unsupported.err()).isEqualTo("xweb-server copy: --to-db-url: only jdbc:h2: and jdbc:postgresql:"
                + " URLs are supported\n");
        // The driver could not read it, and the copy failed as if the database were away: exit code 1 (audit).
        Run unreadable = run(Map.of(), "copy", "--data-dir", source.toString(), "--to-db-url",
                "jdbc:postgresql://db:99999/x?password=secret99");
        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.err()).endsWith("xweb-server copy: --to-db-url: the PostgreSQL driver cannot read it:"
                + " write jdbc:postgresql://HOST[:PORT]/DATABASE[?PARAMETERS], with a port from 1 to 65535\n")
                .doesNotContain("secret99"); // the driver's own warning names the port only
        // The URL from the environment won, and the copy went into its database (operations audit).
        Path directory = work.resolve("target");
        Run named = run(Map.of("XWEB_TO_DB_URL", "jdbc:h2:file:" + work.resolve("elsewhere").resolve("xweb")),
                "copy", "--data-dir", source.toString(), "--to-data-dir", directory.toString());
        assertThat(named.exitCode()).as(named.err()).isZero();
        assertThat(directory.resolve("xweb.mv.db")).exists();
        assertThat(work.resolve("elsewhere")).doesNotExist();
    }

    /**
     * The copy writes every row in one transaction, and H2 kept its earlier
     * states in the file: 2.6 times the size of the same rows compacted here,
     * and 709 MB for 94 MB of PostgreSQL data in the operations audit.
     */
    @Test
    void aCopyIntoTheEmbeddedDatabaseIsAboutAsLargeAsItsRowsAndStaysForItsOwnerOnly() throws Exception {
        Path source = work.resolve("source");
        String url = "jdbc:h2:file:" + source.resolve("xweb");
        try (Database database = Database.open(url, "xweb", "", 1);
             Connection connection = database.dataSource().getConnection()) {
            fill(connection, 20_000);
        }
        try (Connection connection = DriverManager.getConnection(url, "xweb", "");
             Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        }
        long compacted = Files.size(source.resolve("xweb.mv.db"));

        Path target = work.resolve("target");
        Run copied = run(Map.of(), "copy", "--data-dir", source.toString(), "--to-data-dir", target.toString());

        assertThat(copied.exitCode()).as(copied.err()).isZero();
        assertThat(copied.err()).contains("copied 0 users, 20,000 preferences and 20,000 history entries in");
        Path file = target.resolve("xweb.mv.db");
        assertThat(Files.size(file)).as("bytes, against %s for the same rows compacted", compacted)
                .isLessThan(compacted * 3 / 2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        // H2 writes the compacted rows to a new file beside it, under the umask: not where others may read them.
        Path open = Files.createDirectories(work.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run intoOpen = run(Map.of(), "copy", "--data-dir", source.toString(), "--to-db-url",
                "jdbc:h2:file:" + open.resolve("xweb"));
        assertThat(intoOpen.exitCode()).as(intoOpen.err()).isZero();
        assertThat(intoOpen.err()).contains("the new database file is not compacted (it takes more room than its rows"
                + " need): other users may read " + open + ", and compacting writes a copy of the rows there");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open.resolve("xweb.mv.db"))))
                .isEqualTo("rw-------");
    }

    private static void fill(Connection connection, int customers) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement preference = connection.prepareStatement("INSERT INTO communication_preference"
                + " (customer_key, mailing_list_key, mailing_list_name, status, changed_at, changed_by)"
                + " VALUES (?, ?, ?, 'OptIn', CURRENT_TIMESTAMP, 'test')");
             PreparedStatement history = connection.prepareStatement("INSERT INTO preference_history (customer_key,"
                     + " mailing_list_key, status_after, changed_at, changed_by, protocol, correlation_id)"
                     + " VALUES (?, ?, 'OptIn', CURRENT_TIMESTAMP, 'test', 'json', 'c-1')")) {
            for (int i = 0; i < customers; i++) {
                UUID customer = UUID.randomUUID();
                UUID list = UUID.randomUUID();
                preference.setObject(1, customer);
                preference.setObject(2, list);
                preference.setString(3, "List " + i);
                preference.addBatch();
                history.setObject(1, customer);
                history.setObject(2, list);
                history.addBatch();
                if (i % 1000 == 999) {
                    preference.executeBatch();
                    history.executeBatch();
                    connection.commit();
                }
            }
            preference.executeBatch();
            history.executeBatch();
            connection.commit();
        }
    }

    /** GetAll and the history of each customer, as the JSON texts a client sees. */
    private static Map<String, String> answers(JsonClient json, String basic, List<String> customers) {
        Map<String, String> answers = new HashMap<>();
        for (String customer : customers) {
            JsonResponse all = json.get(JsonBodies.GET_ALL, "customerKey=" + customer, basic);
            assertThat(all.status()).isEqualTo(200);
            answers.put(customer, all.json().toString() + history(json, basic, customer).toString());
        }
        return answers;
    }

    private static JsonNode history(JsonClient json, String basic, String customer) {
        JsonResponse page = json.get(HISTORY, "customerKey=" + customer, basic);
        assertThat(page.status()).isEqualTo(200);
        return page.json();
    }

    private static String root(ServerProcess server) {
        URI uri = URI.create(server.address());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** Runs {@code java -jar xweb-server.jar ARGS} with these environment variables added. */
    private static Run run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", System.getProperty("xweb.server.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(err, StandardCharsets.UTF_8));
    }
}
