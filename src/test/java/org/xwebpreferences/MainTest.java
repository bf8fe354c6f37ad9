package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees when the command line or the configuration is wrong: one line that says what, and exit 2. */
class MainTest {

    @TempDir
    Path dir;

    private record Outcome(int exitCode, List<String> errorLines) {
    }

    private static Outcome run(Map<String, String> environment, String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exitCode = Main.run(args, environment);
            return new Outcome(exitCode, captured.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            System.setErr(original);
        }
    }

    private Path configFile(String text) throws Exception {
        Path file = dir.resolve("xweb.conf");
        Files.writeString(file, text);
        return file;
    }

    private static Outcome serveWith(Path configFile) {
        return run(Map.of(), "serve", "--config", configFile.toString());
    }

    @Test
    void aValueOfTheWrongKindIsOneLineAndWhereHelpIsNotTheWholeUsage() {
        Outcome outcome = run(Map.of(), "serve", "--token-ttl", "5x");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errorLines()).containsExactly(
                "xweb-server serve: Invalid value for option '--token-ttl': '5x' is not a duration: write e.g. 500ms,"
                        + " 90s, 30m, 1h, 2d or PT30M",
                "See 'xweb-server serve --help'.");
    }

    @Test
    void aValueOfTheWrongKindFromTheEnvironmentIsOneLineToo() {
        Outcome outcome = run(Map.of("XWEB_WORKERS", "abc"), "serve");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errorLines()).hasSize(2);
        assertThat(outcome.errorLines().get(0)).startsWith("xweb-server serve: Invalid value for option '--workers': 'abc'")
                .endsWith(" (from the environment variable XWEB_WORKERS)");
    }

    /** The setting meant would silently keep its default: single-use tokens off, the embedded database in use. */
    @Test
    void aMisspeltEnvironmentVariableIsNamedWithTheOneMeantAndItsValueIsNotShown() {
        Outcome outcome = run(Map.of("XWEB_SINGLE_USE_TOKEN", "true"), "serve", "--port", "x");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errorLines()).containsExactly("xweb-server serve: the environment variable"
                + " XWEB_SINGLE_USE_TOKEN names no setting; did you mean XWEB_SINGLE_USE_TOKENS? (correct its name,"
                + " or unset it)");
        assertThat(run(Map.of("XWEB_DB_PASWORD", "Zq8#vT2pLw9xR4sK"), "user", "list", "--data-dir", dir.toString()).errorLines())
                .containsExactly("xweb-server user list: the environment variable XWEB_DB_PASWORD names no setting;"
                        + " did you mean XWEB_DB_PASSWORD? (correct its name, or unset it)");
        assertThat(run(Map.of("xweb_port", "9001"), "serve", "--port", "x").errorLines().get(0)).contains("did you mean XWEB_PORT?");
        assertThat(run(Map.of("XWEB_WORKER", "8"), "serve", "--port", "x").errorLines().get(0)).contains("did you mean XWEB_WORKERS?");
        assertThat(run(Map.of("XWEB_DB_URI", "jdbc:postgresql://db/xweb"), "serve", "--port", "x").errorLines().get(0))
                .as("one letter off a name of six").contains("did you mean XWEB_DB_URL?");
    }

    /** An empty XWEB_DB_URL, left by a template that failed, started a production node on a new embedded database. */
    @Test
    void aSettingsEnvironmentVariableSetButEmptyIsRefusedAsAnEmptyKeyInTheFileIs() {
        Outcome outcome = run(Map.of("XWEB_DB_URL", ""), "serve", "--port", "x");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errorLines()).containsExactly("xweb-server serve: the environment variable XWEB_DB_URL is"
                + " set but empty: give it a value, or unset it");
        assertThat(run(Map.of("XWEB_DATA_DIR", " "), "serve", "--port", "x").errorLines().get(0))
                .as("blank, which named the working directory").contains("XWEB_DATA_DIR is set but empty");
        assertThat(run(Map.of("XWEB_DB_PASSWORD", ""), "serve", "--port", "x").errorLines().get(0))
                .as("a password may be empty").startsWith("xweb-server serve: Invalid value for option '--port'");
    }

    /** --db-url "$DB_URL" with the variable empty, or db-url= in the file, meant a database, not the embedded one. */
    @Test
    void anEmptyDatabaseUrlIsRefusedNotTakenForTheEmbeddedDatabase() throws Exception {
        assertThat(run(Map.of(), "user", "list", "--db-url", "", "--data-dir", dir.toString()).errorLines())
                .containsExactly("xweb-server user list: --db-url: is empty: give the database's JDBC URL, or leave"
                        + " the option out for the embedded database");
        assertThat(run(Map.of(), "user", "list", "--config", configFile("db-url=\n").toString()).errorLines().get(0))
                .as("from the file").contains("--db-url: is empty");
    }

    /** Scripts around the server use the prefix too (the test suite's XWEB_TEST_REQUIRE_ALL). */
    @Test
    void environmentVariablesThatAreNoNearMissOfASettingAreLeftAlone() {
        Map<String, String> environment = new HashMap<>(Map.of("XWEB_TEST_REQUIRE_ALL", "true", "XWEB_NS", "x",
                "XWEB_BENCH_JVM_OPTS", "-Xmx1g", "XWEB_TO_DB_URL", "jdbc:postgresql://db/xweb", "XWEB_DB_PASSWORD",
                "secret", "XWEB_DB_SSL", "true", "XWEB_TOKEN_URL", "https://idp/token", "XWEB_SORT", "1",
                "XWEB_POST", "x", "XWEB_SERVICE_HOST", "10.96.12.7"));
        // What a container image or Kubernetes may set: no option reads them.
        environment.putAll(Map.of("XWEB_VERSION", "0.1.0", "XWEB_HELP", "1", "XWEB_PORT_8080_TCP_PORT", "8080"));
        Outcome outcome = run(environment, "serve", "--port", "x");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errorLines().get(0)).startsWith("xweb-server serve: Invalid value for option '--port'");
    }

    /** `user add bob --password hunter2` put the password on standard error, into the journal under systemd. */
    @Test
    void theValuesOfUnknownOptionsAndArgumentsAreNotRepeated() {
        String secret = "Zq8#vT2pLw9xR4sK";

        assertThat(run(Map.of(), "user", "add", "bob", "--password", secret).errorLines().get(0))
                .isEqualTo("xweb-server user add: Unknown option '--password' (1 value not shown, as it may be a secret)");
        assertThat(run(Map.of(), "user", "add", "bob", "--password=" + secret).errorLines().get(0))
                .isEqualTo("xweb-server user add: Unknown option '--password=...' (1 value not shown, as it may be a"
                        + " secret)");
        assertThat(run(Map.of(), "user", "add", "bob", secret).errorLines().get(0)).isEqualTo("xweb-server user add:"
                + " Unknown command or unexpected argument (1 value not shown, as it may be a secret)");
        for (String attached : List.of("-p" + secret, "--password:" + secret, "-Phunter2x")) {
            assertThat(String.join("\n", run(Map.of(), "user", "add", "bob", attached).errorLines())).as(attached)
                    .doesNotContain(secret).doesNotContain("hunter2x").contains("1 value not shown");
        }
        List<String> mistyped = run(Map.of(), "correct-horse-battery", "--port", "8080").errorLines();
        assertThat(mistyped.get(0)).as("a word where a command goes may be a passphrase too")
                .isEqualTo("xweb-server: Unknown option '--port' (2 values not shown, as they may be a secret)");
        assertThat(String.join("\n", run(Map.of(), "serv").errorLines())).as("the commands meant are named")
                .contains("Did you mean: xweb-server serve");
    }

    @Test
    void anUnknownOptionIsNamedInOneLine() {
        Outcome outcome = run(Map.of(), "serve", "--prot", "8080");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errorLines().get(0)).isEqualTo("xweb-server serve: Unknown option '--prot' (1 value not shown, as it may be a"
                + " secret)");
        assertThat(outcome.errorLines()).hasSize(2);
    }

    /** The option alone sent operators looking for it on a command line that did not have it. */
    @Test
    void aValueOutOfRangeSaysWhereItCameFromWhenNotFromTheCommandLine() throws Exception {
        Path file = configFile("workers=0\n");

        Outcome fromEnvironment = run(Map.of("XWEB_PORT", "99999"), "serve");
        Outcome fromFile = serveWith(file);
        Outcome fromCommandLine = run(Map.of("XWEB_PORT", "99999"), "serve", "--port", "99999");

        assertThat(fromEnvironment.errorLines()).containsExactly("xweb-server serve: --port: 99999 is outside"
                + " 0..65535 (from the environment variable XWEB_PORT)");
        assertThat(fromFile.errorLines()).containsExactly("xweb-server serve: --workers: 0 is outside 1..1000 (from"
                + " line 1 of " + file + ")");
        assertThat(fromCommandLine.errorLines()).containsExactly("xweb-server serve: --port: 99999 is outside"
                + " 0..65535");
        assertThat(List.of(fromEnvironment.exitCode(), fromFile.exitCode(), fromCommandLine.exitCode()))
                .containsOnly(2);
    }

    @Test
    void aConfigurationFileThatCannotBeReadIsNamedAfterTheCommandTheArgumentsName() {
        Outcome outcome = run(Map.of(), "user", "list", "--config", dir.resolve("missing.conf").toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errorLines().get(0)).startsWith("xweb-server user list: ");
    }

    @Test
    void spreadsheetSafeCellsAreACsvOptionOnly() {
        Outcome outcome = run(Map.of(), "export", "--format", "jsonl", "--for-spreadsheets", "--data-dir",
                dir.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errorLines()).containsExactly("xweb-server export: --for-spreadsheets: only with --format"
                + " csv");
    }

    @Test
    void everyCommandsVersionOptionNamesTheVersion() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String[] args : List.of(new String[] {"-V"}, new String[] {"serve", "-V"},
                    new String[] {"user", "add", "--version"}, new String[] {"export", "-V"})) {
                assertThat(Main.run(args, Map.of())).isZero();
            }
        } finally {
            System.setOut(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8).lines()).hasSize(4)
                .allSatisfy(line -> assertThat(line).isEqualTo(Main.Version.describe()).startsWith("xweb-server "));
    }

    @Test
    void onlyTheUserCommandsThatHashAPasswordTakeTheHashingOption() {
        Outcome disable = run(Map.of(), "user", "disable", "sync-job", "--password-iterations", "1000",
                "--data-dir", dir.toString());
        Outcome add = run(Map.of(), "user", "add", "sync-job", "--password-iterations", "0",
                "--data-dir", dir.toString());

        assertThat(disable.exitCode()).isEqualTo(2);
        assertThat(disable.errorLines().get(0))
                .startsWith("xweb-server user disable: Unknown option '--password-iterations' (1 value not shown");
        assertThat(add.exitCode()).isEqualTo(2);
        assertThat(add.errorLines()).containsExactly("xweb-server user add: --password-iterations: 0 is outside"
                + " 1..100000000");
    }

    @Test
    void aBadValueFromTheFileIsNotShownAsItMayBeASecretPastedAfterAnOptionsName() throws Exception {
        Path file = configFile("port=8081\nworkers my secret phrase\n");

        Outcome outcome = serveWith(file);

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errorLines().get(0)).isEqualTo("xweb-server serve: Invalid value for option '--workers':"
                + " the value on line 2 of " + file + " (not shown, as it may be a secret) is not an int");
        assertThat(String.join("\n", outcome.errorLines())).doesNotContain("secret phrase");
    }

    @Test
    void configurationErrorsAreNamedAfterTheCommand() throws Exception {
        Path file = configFile("port=1\nport=2\n");

        Outcome outcome = serveWith(file);

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.errorLines()).containsExactly(
                "xweb-server serve: --config: 'port' is set more than once in " + file + "; keep one");
    }

    @Test
    void helpAndVersionAreNoKeysOfTheFileAndAnUpperCaseKeyIsANearMiss() throws Exception {
        Path file = configFile("version=true\n");
        assertThat(serveWith(file).errorLines().get(0))
                .startsWith("xweb-server serve: --config: line 1 of " + file + " names no option of 'serve'");

        assertThat(serveWith(configFile("PORT=8081\n")).errorLines().get(0))
                .startsWith("xweb-server serve: --config: 'PORT' is not an option of 'serve'; did you mean 'port'?");
    }

    @Test
    void anUnreachableDatabaseIsOneLineThatNamesAnUnknownHost() {
        Outcome outcome = run(Map.of(), "serve", "--port", "0",
                "--db-url", "jdbc:postgresql://no-such-host.invalid:5432/xweb", "--db-user", "x");

        assertThat(outcome.exitCode()).isEqualTo(1);
        // (the server's log goes to the same standard error: only the command's own lines count here)
        List<String> commandLines = outcome.errorLines().stream().filter(line -> line.startsWith("xweb-server")).toList();
        assertThat(commandLines).hasSize(1);
        assertThat(commandLines.get(0)).startsWith("xweb-server serve: ")
                .endsWith(": unknown host 'no-such-host.invalid'");
    }

    /** The error said "See 'xweb-server serve --help'", and --help then failed with the same error (operations audit). */
    @Test
    void helpAndTheVersionAreShownWhateverTheSettingsSay() throws Exception {
        for (Map<String, String> bad : List.of(Map.of("XWEB_PORT", "tcp://10.0.0.1:8080"),
                Map.of("XWEB_LOG_LEVEL", "verbose"), Map.of("XWEB_CONFIG", dir.resolve("missing.conf").toString()),
                Map.of("XWEB_WORKRS", "8"))) {
            for (String[] args : List.of(new String[] {"serve", "--help"}, new String[] {"--help"},
                    new String[] {"--version"}, new String[] {"serve", "-V"}, new String[] {"user", "add", "-h"},
                    new String[] {"help", "serve"})) {
                Outcome outcome = run(bad, args);
                assertThat(outcome.exitCode()).as("%s %s", bad, String.join(" ", args)).isZero();
                assertThat(outcome.errorLines()).as("%s %s", bad, String.join(" ", args)).isEmpty();
            }
            assertThat(run(bad, "serve").exitCode()).as("%s: the start itself is still refused", bad).isEqualTo(2);
            assertThat(run(bad, "serve", "--", "--help").exitCode()).as("%s: an argument after --", bad).isEqualTo(2);
        }
        // A mistake in the arguments is still one line that shows no value: picocli's own handler printed
        // "Unknown options: '--db-password', 's3cret'" and the whole usage (review).
        for (Map<String, String> settings : List.of(Map.<String, String>of(), Map.of("XWEB_LOG_LEVEL", "verbose"))) {
            Outcome mistaken = run(settings, "--db-password", "s3cret", "serve", "--help");
            assertThat(mistaken.exitCode()).as("%s", settings).isEqualTo(2);
            assertThat(mistaken.errorLines()).as("%s", settings).first(InstanceOfAssertFactories.STRING)
                    .isEqualTo("xweb-server: Unknown option '--db-password' (1 value not shown, as it may be a secret)");
            assertThat(String.join("\n", mistaken.errorLines())).doesNotContain("s3cret").doesNotContain("Usage");
        }
    }

    /** Logback reads a word it does not know as DEBUG, and at DEBUG drivers log their URLs. */
    @Test
    void aLogLevelThatIsNoLevelStopsTheStart() {
        Outcome verbose = run(Map.of("XWEB_LOG_LEVEL", "verbose"), "serve");
        Outcome warning = run(Map.of("XWEB_ACCESS_LOG_LEVEL", "WARNING"), "user", "list");

        assertThat(verbose.exitCode()).isEqualTo(2);
        assertThat(verbose.errorLines()).containsExactly("xweb-server: XWEB_LOG_LEVEL: 'verbose' is not a log level:"
                + " use TRACE, DEBUG, INFO, WARN, ERROR or OFF");
        assertThat(warning.exitCode()).isEqualTo(2);
        assertThat(warning.errorLines()).singleElement().asString().startsWith("xweb-server: XWEB_ACCESS_LOG_LEVEL:");
    }

    /**
     * The pool's message quotes the JDBC URL: a password in it is masked as in
     * the logged configuration, on standard error and in the trace logged at DEBUG.
     */
    @Test
    void aFailureLineMasksPasswordsInTheUrlItQuotes() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Main.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> debug =
                new ch.qos.logback.core.read.ListAppender<>();
        debug.start();
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        logger.addAppender(debug);
        Outcome outcome;
        try {
            outcome = run(Map.of(), "serve", "--port", "0", "--db-user", "x",
                    "--db-url", "jdbc:postgresql://app:user-secret-1@no-such-host.invalid:5432/xweb"
                            + "?sslpassword=ssl-secret-2&password=url-secret-3");
        } finally {
            logger.detachAppender(debug);
            logger.setLevel(level);
        }

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", outcome.errorLines()))
                .doesNotContain("user-secret-1").doesNotContain("ssl-secret-2").doesNotContain("url-secret-3");
        assertThat(debug.list).singleElement().satisfies(event -> assertThat(event.getThrowableProxy().getMessage())
                .contains("sslpassword=****").doesNotContain("ssl-secret-2").doesNotContain("url-secret-3"));
    }

    @Test
    void aFailureIsDescribedByTheFirstLineOfEachMessageInItsChain() {
        Exception failure = new IllegalStateException("Unable to obtain connection: Connection to db:1 refused.\n"
                + "----------\nSQL State  : 08001\nMessage    : Connection to db:1 refused.",
                new RuntimeException("Connection to db:1 refused.", new java.net.ConnectException("Connection refused")));

        assertThat(Main.describe(failure)).isEqualTo(
                "Unable to obtain connection: Connection to db:1 refused.: Connection refused");
        assertThat(Main.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
