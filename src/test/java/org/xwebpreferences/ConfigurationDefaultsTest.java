package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where serve's options come from: command line, then environment, then the --config file, then defaults. */
class ConfigurationDefaultsTest {

    @TempDir
    Path dir;

    @Test
    void theCommandLineWinsThenTheEnvironmentThenTheFileThenTheDefault() throws Exception {
        Path file = dir.resolve("xweb.conf");
        Files.writeString(file, "port=9001\nworkers=3\ntoken-ttl=1h\nsingle-use-tokens=true\n");
        String[] args = {"serve", "--config", file.toString(), "--token-ttl", "2h"};

        ServerConfig config = parse(args, Map.of("XWEB_WORKERS", "5", "XWEB_DB_URL", "jdbc:postgresql://db/x"));

        assertThat(config.tokenTtl()).as("command line").isEqualTo(Duration.ofHours(2));
        assertThat(config.workers()).as("environment over file").isEqualTo(5);
        assertThat(config.port()).as("file").isEqualTo(9001);
        assertThat(config.singleUseTokens()).as("file, boolean").isTrue();
        assertThat(config.database().url()).as("environment").isEqualTo("jdbc:postgresql://db/x");
        assertThat(config.maxBodyBytes()).as("built-in default").isEqualTo(1_048_576);
        assertThat(config.host()).isEqualTo("127.0.0.1");
    }

    /** A URL from the environment won over --data-dir given on the command line: a user command changed another database. */
    @Test
    void aDataDirOnTheCommandLineIsNotOverruledByAUrlFromTheEnvironmentOrTheFile() throws Exception {
        Map<String, String> environment = Map.of("XWEB_DB_URL", "jdbc:postgresql://db/x");

        assertThatThrownBy(() -> parse(new String[] {"serve", "--data-dir", "/var/lib/xweb"}, environment))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--data-dir: names the embedded database, but a database URL is set");
        assertThat(parse(new String[] {"serve", "--data-dir", "/var/lib/xweb", "--db-url", "jdbc:postgresql://db/y"},
                environment).database().url()).as("both on the command line: the URL, as before")
                .isEqualTo("jdbc:postgresql://db/y");
        assertThat(parse(new String[] {"serve"}, environment).database().url()).isEqualTo("jdbc:postgresql://db/x");
    }

    /** picocli toggles a bare flag: given on the command line, it turned off what the environment had turned on. */
    @Test
    void aFlagOnTheCommandLineTurnsItsSettingOnWhateverTheEnvironmentOrFileSay() throws Exception {
        Path file = dir.resolve("on.conf");
        Files.writeString(file, "single-use-tokens=true\nwire-dump=true\n");
        Map<String, String> on = Map.of("XWEB_SINGLE_USE_TOKENS", "true", "XWEB_WIRE_DUMP", "true");

        ServerConfig fromEnvironment = parse(new String[] {"serve", "--single-use-tokens", "--wire-dump"}, on);
        ServerConfig fromFile = parse(new String[] {"serve", "--config", file.toString(), "--single-use-tokens",
                "--wire-dump"}, Map.of());
        ServerConfig alone = parse(new String[] {"serve", "--single-use-tokens", "--wire-dump"}, Map.of());
        ServerConfig neither = parse(new String[] {"serve"}, Map.of());
        ServerConfig turnedOff = parse(new String[] {"serve", "--single-use-tokens=false"}, on);

        assertThat(fromEnvironment.singleUseTokens()).isTrue();
        assertThat(fromEnvironment.wireDump()).isTrue();
        assertThat(fromFile.singleUseTokens()).isTrue();
        assertThat(fromFile.wireDump()).isTrue();
        assertThat(alone.singleUseTokens()).isTrue();
        assertThat(neither.singleUseTokens()).isFalse();
        assertThat(neither.wireDump()).isFalse();
        assertThat(turnedOff.singleUseTokens()).as("the command line still wins").isFalse();
    }

    /** An editor's trailing space after data-dir= made a new, empty database in a directory named with it. */
    @Test
    void spacesAroundAValueInTheFileOrTheEnvironmentAreNoPartOfIt() throws Exception {
        Path file = dir.resolve("spaces.conf");
        Files.writeString(file, "port=9002 \ndata-dir=/var/lib/xweb \t\nsingle-use-tokens=true \r\n");

        ServerConfig config = parse(new String[] {"serve", "--config", file.toString()}, Map.of("XWEB_WORKERS", " 4 "));

        assertThat(config.port()).isEqualTo(9002);
        assertThat(config.database().dataDir()).isEqualTo(Path.of("/var/lib/xweb"));
        assertThat(config.singleUseTokens()).isTrue();
        assertThat(config.workers()).isEqualTo(4);
    }

    @Test
    void theFileCanBeNamedByTheEnvironment() throws Exception {
        Path file = dir.resolve("other.conf");
        Files.writeString(file, "max-settings=7\n");

        assertThat(parse(new String[] {"serve"}, Map.of("XWEB_CONFIG", file.toString())).maxSettingsPerRequest())
                .isEqualTo(7);
    }

    @Test
    void aMistypedKeyInTheFileIsNamedWithTheOptionMeant() throws Exception {
        assertThatThrownBy(() -> checkKeys("port=9001\nprot=9001\n"))
                .hasMessageStartingWith("--config: 'prot' is not an option of 'serve'; did you mean 'port'? (options: ");
    }

    @Test
    void aLineThatIsNoNearMissOfAnOptionIsNotShownAsItMayBeASecret() throws Exception {
        String secret = "Zq8#vT2pLw9xR4sK";

        assertThatThrownBy(() -> checkKeys("# the database\nport = 9001\n\n" + secret + "\n"))
                .hasMessageStartingWith("--config: line 4 of " + dir.resolve("keys.conf")
                        + " names no option of 'serve' (not shown, as it may be a secret; options: ")
                .message().doesNotContain(secret);
        assertThatThrownBy(() -> checkKeys("port = 9001 \\\n  " + secret + "\n" + secret + " and more\n"))
                .as("a continued line is part of the one before; a key ends at a space")
                .hasMessageStartingWith("--config: line 3 of ")
                .message().doesNotContain(secret);
    }

    private void checkKeys(String text) throws Exception {
        Path file = dir.resolve("keys.conf");
        Files.writeString(file, text);
        Properties properties = ConfigurationDefaults.loadFile(new String[] {"--config=" + file}, Map.of());
        new ConfigurationDefaults(Map.of(), properties)
                .checkFileKeys(new CommandLine(new Main()).getSubcommands().get("serve"));
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ConfigurationDefaults.loadFile(new String[] {"--config", "/no/such/file"}, Map.of()))
                .hasMessage("--config: cannot read /no/such/file: no such file");
    }

    @Test
    void aDirectoryIsNamed() {
        assertThatThrownBy(() -> ConfigurationDefaults.loadFile(new String[] {"--config", dir.toString()}, Map.of()))
                .hasMessage("--config: cannot read " + dir + ": Is a directory");
    }

    @Test
    void aPipeWhoseWriterNeverClosesItIsRefusedInsteadOfHangingTheStart() throws Exception {
        Path fifo = dir.resolve("open-fifo");
        Process writer = new ProcessBuilder("sh", "-c", "mkfifo '" + fifo + "' && { printf 'port=9003\\n'; sleep 60; } > '"
                + fifo + "'").start();
        try {
            for (int i = 0; i < 100 && !Files.exists(fifo); i++) {
                Thread.sleep(20);
            }
            assertThatThrownBy(() -> ConfigurationDefaults.loadFile(new String[] {"--config", fifo.toString()}, Map.of(),
                    Duration.ofSeconds(1)))
                    .hasMessage("--config: " + fifo + " did not end within 1 s (a pipe that its writer keeps open?)");
        } finally {
            writer.descendants().forEach(ProcessHandle::destroy);
            writer.destroy();
        }
    }

    @Test
    void aKeySetTwiceIsNamedRatherThanTheLastOneWinning() throws Exception {
        assertThatThrownBy(() -> checkKeys("port=9001\nworkers=8\n# later, by someone else\nport = 9002\n"))
                .hasMessage("--config: 'port' is set more than once in " + dir.resolve("keys.conf") + "; keep one");
    }

    @Test
    void aSecretPastedTwiceIsNotShownButItsLinesAre() throws Exception {
        assertThatThrownBy(() -> checkKeys("port=9001\nvault-pw-Tr0ub4dor\n\nvault-pw-Tr0ub4dor\n"))
                .hasMessage("--config: lines 2 and 4 of " + dir.resolve("keys.conf") + " set the same key (not shown,"
                        + " as it may be a secret); keep one");
    }

    @Test
    void aByteOrderMarkIsNoPartOfTheFirstKey() throws Exception {
        Path file = dir.resolve("bom.conf");
        Files.writeString(file, "\uFEFFport=9004\r\n");

        Properties properties = ConfigurationDefaults.loadFile(new String[] {"--config", file.toString()}, Map.of());

        assertThat(properties.stringPropertyNames()).containsExactly("port");
    }

    @Test
    void aFileThatNeverEndsIsRefusedInsteadOfHangingTheStart() {
        assertThatThrownBy(() -> ConfigurationDefaults.loadFile(new String[] {"--config", "/dev/zero"}, Map.of()))
                .hasMessage("--config: /dev/zero is larger than 64 KiB; a configuration file holds a few options");
    }

    @Test
    void aFileOfExactly64KiBIsReadAndOneByteMoreIsRefused() throws Exception {
        String setting = "port=9005\n";
        Path full = Files.writeString(dir.resolve("full.conf"), setting + "#".repeat(64 * 1024 - setting.length()));
        Path over = Files.writeString(dir.resolve("over.conf"), setting + "#".repeat(64 * 1024 - setting.length() + 1));

        assertThat(ConfigurationDefaults.loadFile(new String[] {"--config", full.toString()}, Map.of())
                .getProperty("port")).isEqualTo("9005");
        assertThatThrownBy(() -> ConfigurationDefaults.loadFile(new String[] {"--config", over.toString()}, Map.of()))
                .hasMessage("--config: " + over + " is larger than 64 KiB; a configuration file holds a few options");
    }

    /** `serve --config` without its value: no file to read here, and the command line says what is missing. */
    @Test
    void aConfigOptionWithoutItsValueReadsNoFile() {
        assertThat(ConfigurationDefaults.loadFile(new String[] {"--port", "9006", "--config"}, Map.of())).isEmpty();
    }

    @Test
    void aFileThatIsNotUtf8IsNamed() throws Exception {
        Path file = dir.resolve("latin1.conf");
        Files.write(file, "db-password=caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> ConfigurationDefaults.loadFile(new String[] {"--config", file.toString()}, Map.of()))
                .hasMessage("--config: " + file + " is not UTF-8 text");
    }

    @Test
    void aFileReadFromAPipeStillWorks() throws Exception {
        Process writer = new ProcessBuilder("sh", "-c", "mkfifo '" + dir.resolve("fifo") + "' && printf 'port=9003\\n' > '"
                + dir.resolve("fifo") + "'").start();
        Path fifo = dir.resolve("fifo");
        for (int i = 0; i < 100 && !Files.exists(fifo); i++) {
            Thread.sleep(20);
        }

        Properties properties = ConfigurationDefaults.loadFile(new String[] {"--config", fifo.toString()}, Map.of());

        assertThat(properties.getProperty("port")).isEqualTo("9003");
        assertThat(writer.waitFor()).isZero();
    }

    @Test
    void onH2ThePoolHasAConnectionForEveryWorkerSoThatWritesInFlightShareOneCheckpoint() {
        assertThat(parse(new String[] {"serve"}, Map.of()).workers()).isEqualTo(64);
        assertThat(parse(new String[] {"serve"}, Map.of()).database().poolSize()).isEqualTo(64);
        assertThat(parse(new String[] {"serve", "--workers", "20"}, Map.of()).database().poolSize()).isEqualTo(20);
        assertThat(parse(new String[] {"serve", "--workers", "500"}, Map.of()).database().poolSize())
                .as("capped at the pool's limit").isEqualTo(200);
        assertThat(parse(new String[] {"serve", "--db-url", "jdbc:h2:mem:x"}, Map.of()).database().poolSize())
                .isEqualTo(64);
    }

    @Test
    void aWorkerCountOutOfRangeIsRefusedUnderItsOwnNameNotAsThePoolSizeDerivedFromIt() {
        assertThatThrownBy(() -> parse(new String[] {"serve", "--workers", "0"}, Map.of()))
                .hasMessage("--workers: 0 is outside 1..1000");
        assertThatThrownBy(() -> parse(new String[] {"serve"}, Map.of("XWEB_WORKERS", "-3")))
                .hasMessage("--workers: -3 is outside 1..1000");
    }

    @Test
    void onPostgreSqlThePoolKeepsItsSmallDefaultAndAGivenSizeAlwaysWins() {
        String[] postgres = {"serve", "--db-url", "jdbc:postgresql://db/x"};
        assertThat(parse(postgres, Map.of()).database().poolSize())
                .as("several nodes share PostgreSQL's 100 connections").isEqualTo(8);
        assertThat(parse(postgres, Map.of("XWEB_DB_POOL_SIZE", "12")).database().poolSize()).isEqualTo(12);
        assertThat(parse(new String[] {"serve", "--db-pool-size", "3"}, Map.of()).database().poolSize()).isEqualTo(3);
    }

    @Test
    void environmentNamesFollowTheOptionNames() {
        assertThat(ConfigurationDefaults.environmentName("--db-pool-size")).isEqualTo("XWEB_DB_POOL_SIZE");
        assertThat(ConfigurationDefaults.environmentName("--single-use-tokens")).isEqualTo("XWEB_SINGLE_USE_TOKENS");
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheOption() {
        CommandLine command = commandLine(Map.of("XWEB_PORT", "eighty"), new Properties());

        assertThatThrownBy(() -> command.parseArgs("serve"))
                .hasMessageContaining("--port").hasMessageContaining("eighty");
    }

    private static ServerConfig parse(String[] args, Map<String, String> environment) {
        CommandLine command = commandLine(environment, ConfigurationDefaults.loadFile(args, environment));
        CommandLine.ParseResult result = command.parseArgs(args);
        return ((ServeCommand) result.subcommand().commandSpec().userObject()).config();
    }

    private static CommandLine commandLine(Map<String, String> environment, Properties file) {
        CommandLine command = new CommandLine(new Main());
        command.setDefaultValueProvider(new ConfigurationDefaults(environment, file));
        return command;
    }
}
