package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.SoapClient.envelope;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.store.Database;
import org.xwebpreferences.store.JdbcUserStore;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.ServerProcess;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;

/** The user commands of the packaged jar, as an operator runs them, and what a server then makes of them. */
class UserCommandIT {

    private static final String GET_ALL = "GetAllCustomerCommunicationPreferences";

    @TempDir
    Path dataDir;

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void addListDisableEnableAndPasswdManageWhoMayCall() throws Exception {
        assertThat(user("first-password", "add", "sync-job")).satisfies(run -> {
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("Added user 'sync-job'");
            assertThat(run.err()).as("run from the wrong directory, it would say so").isEqualTo(
                    "xweb-server user add: created a new database in " + dataDir.toAbsolutePath().normalize() + "\n");
        });
        assertThat(user("first-password", "add", "other-job").err()).as("only the first time").isEmpty();
        assertThat(user("first-password", "add", "sync-job").exitCode()).as("a name is taken once").isEqualTo(1);
        assertThat(user("short", "add", "other").err()).contains("password: must be at least 8 characters long");
        assertThat(user((String) null, "list")).satisfies(run -> {
            assertThat(run.out()).contains("sync-job").doesNotContain("first-password");
            assertThat(run.err()).as("nothing but the command's own words").isEmpty();
        });

        assertThat(login("first-password").status()).isEqualTo(200);

        assertThat(user((String) null, "disable", "sync-job").exitCode()).isZero();
        assertThat(user((String) null, "list").out()).contains("sync-job (disabled)");
        assertThat(login("first-password").faultString())
                .isEqualTo("Authentication failed: the user name or password is wrong");

        assertThat(user((String) null, "enable", "sync-job").exitCode()).isZero();
        assertThat(user("second-password", "passwd", "sync-job").exitCode()).isZero();
        assertThat(login("first-password").status()).isEqualTo(500);
        assertThat(login("second-password").status()).isEqualTo(200);

        assertThat(user((String) null, "disable", "nobody")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("xweb-server user disable: No user 'nobody'");
        });
    }

    @Test
    void theVersionOptionNamesTheBuiltVersion() throws Exception {
        assertThat(run(Map.of(), null, "--version")).satisfies(run -> {
            assertThat(run.exitCode()).isZero();
            assertThat(run.out().strip()).isEqualTo("xweb-server " + System.getProperty("xweb.project.version"));
        });
    }

    @Test
    void aPasswordOnStandardInputThatIsNotUtf8IsRefusedNotStoredGarbled() throws Exception {
        Run run = user("caf\u00e9-password\n".getBytes(StandardCharsets.ISO_8859_1), "add", "sync-job");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("The password on standard input is not UTF-8 text");
        assertThat(dataDir.resolve("xweb.mv.db")).as("no new, empty database either").doesNotExist();
        assertThat(user((String) null, "add", "sync-job")).satisfies(none -> {
            assertThat(none.exitCode()).as("a bad value, as the README says").isEqualTo(2);
            assertThat(none.err()).contains("No password on standard input");
        });
        assertThat(user("short", "add", "sync-job")).satisfies(tooShort -> {
            assertThat(tooShort.exitCode()).isEqualTo(2);
            assertThat(tooShort.err()).contains("xweb-server user add: password: must be at least 8 characters long");
        });
        assertThat(user("long-enough", "add", "sync:job").exitCode()).as("a name with ':'").isEqualTo(2);
        assertThat(dataDir.resolve("xweb.mv.db")).doesNotExist();
        assertThat(user("caf\u00e9-password", "add", "sync-job").exitCode()).as("the same in UTF-8").isZero();
        assertThat(login("caf\u00e9-password").status()).isEqualTo(200);
    }

    /** RFC 7617's UTF-8, which the challenge names, and the ISO-8859-1 older Basic clients send. */
    @Test
    void basicCredentialsWithANonAsciiPasswordWorkInUtf8AndInLatin1() throws Exception {
        assertThat(user("caf\u00e9-password", "add", "sync-job").exitCode()).isZero();
        String getAll = "{\"customerKey\": \"" + UUID.randomUUID() + "\"}";
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            JsonClient json = new JsonClient(server.address().replaceFirst("/xWeb/.*", ""));
            String latin1 = "Basic " + Base64.getEncoder().encodeToString("sync-job:caf\u00e9-password"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String wrongInLatin1 = "Basic " + Base64.getEncoder().encodeToString("sync-job:caf\u00e8-password"
                    .getBytes(StandardCharsets.ISO_8859_1));

            assertThat(json.post(GET_ALL, getAll, JsonClient.basic("sync-job", "caf\u00e9-password")).status())
                    .isEqualTo(200);
            assertThat(json.post(GET_ALL, getAll, latin1).status()).isEqualTo(200);
            assertThat(json.post(GET_ALL, getAll, wrongInLatin1).status()).isEqualTo(401);
        }
    }

    @Test
    void aCommandOnAnEmbeddedDatabaseAServerHoldsSaysToStopTheServerInOneLine() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            Run run = user((String) null, "list");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().strip()).startsWith("xweb-server user list: The embedded database ")
                    .contains("is open in another process, such as a running server").doesNotContain("\n")
                    .doesNotContain("server mode");
        }
    }

    @Test
    void disablingAUserRevokesTheTokensTheyHold() throws Exception {
        user("first-password", "add", "sync-job");
        String token;
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            token = new SoapClient(server.address()).authenticate("sync-job", "first-password");
        }
        user((String) null, "disable", "sync-job");
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            SoapResponse response = new SoapClient(server.address()).getAll(token, UUID.randomUUID().toString());
            assertThat(response.faultString()).contains("the token is unknown or has expired");
        }
        // Refused while the user is disabled either way; revoked, it stays refused once they are enabled again.
        user((String) null, "enable", "sync-job");
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            SoapClient client = new SoapClient(server.address());
            SoapResponse response = client.getAll(token, UUID.randomUUID().toString());
            assertThat(response.faultString()).contains("the token is unknown or has expired");
            assertThat(client.authenticate("sync-job", "first-password")).as("enabled again").isNotNull();
        }
    }

    private SoapResponse login(String password) throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            return new SoapClient(server.address()).post(envelope(null, Envelopes.authenticate("sync-job", password)));
        }
    }

    @Test
    void aBadBootstrapSettingStopsTheStartAsAConfigurationErrorBeforeADatabaseIsMade() throws Exception {
        Run shortPassword = run(Map.of("XWEB_BOOTSTRAP_USER", "sync-job", "XWEB_BOOTSTRAP_PASSWORD", "short"), null,
                "serve", "--port", "0", "--data-dir", dataDir.toString());
        Run userAlone = run(Map.of("XWEB_BOOTSTRAP_USER", "sync-job"), null,
                "serve", "--port", "0", "--data-dir", dataDir.toString());

        assertThat(shortPassword.exitCode()).as(shortPassword.err()).isEqualTo(2);
        assertThat(shortPassword.err()).contains("xweb-server serve: XWEB_BOOTSTRAP_PASSWORD: must be at least 8"
                + " characters long").doesNotContain("short");
        assertThat(userAlone.exitCode()).as(userAlone.err()).isEqualTo(2);
        assertThat(userAlone.err()).contains("XWEB_BOOTSTRAP_USER and XWEB_BOOTSTRAP_PASSWORD go together");
        // Taken for not set: user xweb with a random password, or "go together" (operations audit).
        for (Map<String, String> empty : List.of(Map.of("XWEB_BOOTSTRAP_USER", "", "XWEB_BOOTSTRAP_PASSWORD", ""),
                Map.of("XWEB_BOOTSTRAP_USER", "admin", "XWEB_BOOTSTRAP_PASSWORD", ""))) {
            Run emptied = run(empty, null, "serve", "--port", "0", "--data-dir", dataDir.toString());
            assertThat(emptied.exitCode()).as(emptied.err()).isEqualTo(2);
            assertThat(emptied.err()).contains("xweb-server serve: the environment variable XWEB_BOOTSTRAP_").contains(
                    " is set but empty: give it a value, or unset it");
            assertThat(emptied.out()).doesNotContain("password");
        }
        assertThat(dataDir.resolve("xweb.mv.db")).as("refused before a database is made").doesNotExist();
    }

    /**
     * With standard output redirected the JDK gives no console, and the password
     * typed at the terminal showed as typed, asked once. util-linux's script(1)
     * gives the command a terminal for standard input.
     */
    @Test
    void aPasswordIsNotReadFromATerminalThatWouldShowIt() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is not installed");
        Path data = dataDir.resolve("data");
        String command = Path.of(System.getProperty("java.home"), "bin", "java") + " -jar "
                + System.getProperty("xweb.server.jar") + " user add sync-job --data-dir " + data + " > "
                + dataDir.resolve("out.txt")
                + "; echo exit=$?";
        Process process = new ProcessBuilder("/usr/bin/script", "-qc", command, "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String shown = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(shown).contains("standard output is not a terminal, so the password would show").contains("exit=2");
        assertThat(data.resolve("xweb.mv.db")).doesNotExist();
    }

    /** The PostgreSQL driver quotes a URL it cannot parse whole, at WARN: its password must not reach the log. */
    @Test
    void aDatabasePasswordInAUrlTheDriverCannotParseIsMaskedInItsOwnLogLines() throws Exception {
        Run run = run(Map.of(), null, "user", "list", "--db-url",
                "jdbc:postgresql://127.0.0.1:1xweb?user=app&password=url-secret-7");

        assertThat(run.exitCode()).as(run.err()).isNotZero();
        assertThat(run.err()).contains("org.postgresql").contains("password=****").doesNotContain("url-secret-7");
    }

    /**
     * The server refuses an unknown name after a decoy hash of its own count:
     * users hashed with another count would take another time to refuse, and
     * tell that the name exists. The same setting reaches the user commands.
     */
    @Test
    void userCommandsHashWithTheIterationsTheServerIsGiven() throws Exception {
        assertThat(user("first-password", "add", "sync-job", "--password-iterations", "0")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("--password-iterations: 0 is outside 1..100000000");
        });
        assertThat(dataDir.resolve("xweb.mv.db")).as("a bad count stops before the database is made").doesNotExist();

        assertThat(user("first-password", "add", "sync-job", "--password-iterations", "1000").exitCode()).isZero();
        assertThat(storedIterations("sync-job")).isEqualTo("1000");
        assertThat(user("second-password", "passwd", "sync-job", "--password-iterations", "2000").exitCode()).isZero();
        assertThat(storedIterations("sync-job")).isEqualTo("2000");
    }

    private String storedIterations(String name) {
        try (Database database = DatabaseSettings.embedded(dataDir).openExisting()) {
            return new JdbcUserStore(database).findByName(name).orElseThrow().passwordHash().split("\\$")[1];
        }
    }

    /** A new database at an H2 --db-url was made in silence; the README says user add tells where (docs audit). */
    @Test
    void userAddSaysItMadeANewDatabaseAtAnH2UrlToo() throws Exception {
        Path file = dataDir.resolve("h2new").resolve("x.mv.db");
        String url = "jdbc:h2:" + dataDir.resolve("h2new").resolve("x");
        byte[] password = "first-password\n".getBytes(StandardCharsets.UTF_8);

        Run first = run(Map.of(), password, "user", "add", "sync-job", "--db-url", url);
        Run second = run(Map.of(), password, "user", "add", "other-job", "--db-url", url);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).isEqualTo("xweb-server user add: created a new database at " + file + "\n");
        assertThat(second.err()).as("only the first time").isEmpty();
    }

    /**
     * Run as another user than the server's, who may not look into its data directory, the commands said there
     * was no database, or that they had made one, then printed H2's stack trace (docs audit). As root the
     * command runs as nobody; otherwise the directory is closed to its owner.
     */
    @Test
    void aCommandRunByAUserWhoMayNotReachTheDataDirectorySaysSo() throws Exception {
        assertThat(user("first-password", "add", "sync-job").exitCode()).isZero();
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> asOther = root ? List.of("runuser", "-u", "nobody", "--") : List.of();
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("xweb.server.jar"));
        Assumptions.assumeTrue(!root || new ProcessBuilder(concat(asOther, java, List.of("--version")))
                .redirectErrorStream(true).start().waitFor() == 0, "nobody may run the jar here");
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString(root ? "rwx------" : "---------"));
        try {
            for (List<String> command : List.of(List.of("user", "list"), List.of("user", "add", "other-job"))) {
                Run run = runAs(asOther, concat(java, command, List.of("--data-dir", dataDir.toString())));

                assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
                assertThat(run.err()).as("%s", command).isEqualTo("xweb-server " + String.join(" ",
                        command.subList(0, 2)) + ": --data-dir: " + dataDir + " is not readable by user "
                        + (root ? "nobody" : System.getProperty("user.name")) + ": run the command as the user the"
                        + " server runs as\n");
            }
        } finally {
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /**
     * The commands that only read need to read only: a backup on a read-only mount was refused for not being
     * writable (review). One that writes is told it may not; for a new database, so is one whose directory it
     * may not write into (it said it had made one, then printed H2's stack trace).
     */
    @Test
    void aReadOnlyDatabaseIsListedButNotWrittenAndAnUnwritableDirectoryGetsNoNewOne() throws Exception {
        assertThat(user("first-password", "add", "sync-job").exitCode()).isZero();
        boolean root = "root".equals(System.getProperty("user.name"));
        String other = root ? "nobody" : System.getProperty("user.name");
        List<String> asOther = root ? List.of("runuser", "-u", "nobody", "--") : List.of();
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("xweb.server.jar"));
        Assumptions.assumeTrue(!root || runAs(asOther, concat(java, List.of("--version"))).exitCode() == 0,
                "nobody may run the jar here");
        Path file = dataDir.resolve("xweb.mv.db");
        Path empty = Files.createDirectory(dataDir.resolve("empty"));
        if (root) {
            var nobody = dataDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dataDir, nobody);
            Files.setOwner(file, nobody);
            Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rwxr-xr-x")); // root's
        } else {
            Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));

        Run list = runAs(asOther, concat(java, List.of("user", "list", "--data-dir", dataDir.toString())));
        Run add = runAs(asOther, concat(java, List.of("user", "add", "other-job", "--data-dir", dataDir.toString())));
        Run addNew = runAs(asOther, concat(java, List.of("user", "add", "other-job", "--data-dir", empty.toString())));
        Run addNewBelow = runAs(asOther, concat(java, List.of("user", "add", "other-job", "--data-dir",
                empty.resolve("new").toString())));
        Run disable = runAs(asOther, concat(java, List.of("user", "disable", "sync-job", "--data-dir",
                dataDir.toString())));

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).isEqualTo("sync-job\n");
        assertThat(add.exitCode()).isEqualTo(2);
        assertThat(add.err()).isEqualTo("xweb-server user add: --data-dir: " + file + " is not writable by user "
                + other + "\n");
        assertThat(addNew.exitCode()).isEqualTo(2);
        assertThat(addNew.err()).isEqualTo("xweb-server user add: --data-dir: " + empty + " is not writable by user "
                + other + "\n");
        assertThat(addNewBelow.exitCode()).isEqualTo(2);
        assertThat(addNewBelow.err()).as("no database made, none claimed (review)").doesNotContain("created")
                .startsWith("xweb-server user add: --data-dir: cannot create " + empty.resolve("new"));
        assertThat(disable.exitCode()).as("it writes: refused as such, not with H2's words (review)").isEqualTo(2);
        assertThat(disable.err()).isEqualTo("xweb-server user disable: --data-dir: " + file + " is not writable by"
                + " user " + other + "\n");
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Runs the command, as another user where {@code asOther} says so, with a password on standard input. */
    private static Run runAs(List<String> asOther, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(concat(asOther, command)).start();
        process.getOutputStream().write("first-password\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    /** System.out kept its write failure to itself: `user list > users.txt` on a full disk said 0 (code review). */
    @Test
    void aListThatCannotBeWrittenFails() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full (Linux)");
        assertThat(user("first-password", "add", "sync-job").exitCode()).isZero();

        Path errors = dataDir.resolve("list-errors.txt");
        Process list = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("xweb.server.jar"), "user", "list", "--data-dir", dataDir.toString())
                .redirectOutput(new File("/dev/full")).redirectError(errors.toFile()).start();
        assertThat(list.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(list.exitValue()).isEqualTo(1);
        assertThat(Files.readString(errors)).isEqualTo("xweb-server user list: writing to standard output failed\n");
    }

    private Run user(String stdin, String... args) throws IOException, InterruptedException {
        return user(stdin == null ? null : (stdin + "\n").getBytes(StandardCharsets.UTF_8), args);
    }

    /** Runs {@code java -jar xweb-server.jar user ARGS --data-dir DIR}, with {@code stdin} as standard input. */
    private Run user(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("user"));
        arguments.addAll(List.of(args));
        arguments.addAll(List.of("--data-dir", dataDir.toString()));
        return run(Map.of(), stdin, arguments.toArray(String[]::new));
    }

    /** Runs {@code java -jar xweb-server.jar ARGS} with these environment variables added, to its end. */
    private static Run run(Map<String, String> environment, byte[] stdin, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("xweb.server.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin);
        }
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
