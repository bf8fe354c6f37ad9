package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.core.Texts;

class ServerConfigTest {

    private static final DatabaseSettings EMBEDDED = DatabaseSettings.embedded(Path.of("/var/lib/xweb"));

    private static ServerConfig config(String host, int port, Duration ttl, int workers) {
        return new ServerConfig(host, port, EMBEDDED, ttl, false, workers, 1_048_576, 1_000, 1_000, 600_000, null, null, false, null, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    private static ServerConfig limits(int maxBodyBytes, int maxSettings, int iterations) {
        return new ServerConfig("127.0.0.1", 8080, EMBEDDED, Duration.ofMinutes(30), false, 16, maxBodyBytes,
                maxSettings, 1_000, iterations, null, null, false, null, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    @Test
    void acceptsTheDefaultsAndTheEdgesOfEachRange() {
        assertThat(config("127.0.0.1", 8080, Duration.ofMinutes(30), 16).port()).isEqualTo(8080);
        assertThat(config("0.0.0.0", 0, Duration.ofSeconds(1), 1).port()).isZero();
        assertThat(config("::1", 65_535, Duration.ofDays(7), 1_000).workers()).isEqualTo(1_000);
        assertThat(limits(1_024, 1, 1).maxBodyBytes()).isEqualTo(1_024);
        assertThat(limits(64 * 1024 * 1024, 100_000, 100_000_000).maxSettingsPerRequest()).isEqualTo(100_000);
    }

    @Test
    void refusesAPortOutOfRangeNamingTheOption() {
        assertThatThrownBy(() -> config("127.0.0.1", -1, Duration.ofMinutes(30), 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--port: -1 is outside 0..65535");
        assertThatThrownBy(() -> config("127.0.0.1", 65_536, Duration.ofMinutes(30), 16))
                .hasMessage("--port: 65536 is outside 0..65535");
    }

    @Test
    void refusesAWorkerCountOutOfRangeNamingTheOption() {
        assertThatThrownBy(() -> config("127.0.0.1", 8080, Duration.ofMinutes(30), 0))
                .hasMessage("--workers: 0 is outside 1..1000");
        assertThatThrownBy(() -> config("127.0.0.1", 8080, Duration.ofMinutes(30), 1_001))
                .hasMessage("--workers: 1001 is outside 1..1000");
    }

    @Test
    void refusesATokenLifetimeOutOfRangeNamingTheOption() {
        assertThatThrownBy(() -> config("127.0.0.1", 8080, Duration.ofMillis(999), 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--token-ttl: 999ms is outside 1s..7d");
        assertThatThrownBy(() -> config("127.0.0.1", 8080, Duration.ofDays(7).plusSeconds(1), 16))
                .hasMessage("--token-ttl: 604801s is outside 1s..7d");
        assertThatThrownBy(() -> config("127.0.0.1", 8080, Duration.ofDays(8), 16))
                .as("as people write it, not PT192H").hasMessage("--token-ttl: 8d is outside 1s..7d");
        assertThatThrownBy(() -> config("127.0.0.1", 8080, Duration.ofDays(7).plusNanos(100), 16))
                .as("finer than a millisecond: not rounded into the range").hasMessage("--token-ttl: PT168H0.0000001S is"
                        + " outside 1s..7d");
        assertThatThrownBy(() -> config("127.0.0.1", 8080, Duration.ofMinutes(-30), 16))
                .hasMessageStartingWith("--token-ttl: ");
    }

    @Test
    void refusesTheOtherLimitsOutOfRangeNamingTheirOptions() {
        assertThatThrownBy(() -> limits(1_023, 1_000, 1_000)).hasMessage("--max-body-bytes: 1023 is outside 1024..67108864");
        assertThatThrownBy(() -> limits(1_024, 0, 1_000)).hasMessage("--max-settings: 0 is outside 1..100000");
        assertThatThrownBy(() -> limits(1_024, 1_000, 0)).hasMessage("--password-iterations: 0 is outside 1..100000000");
    }

    private static ServerConfig listLimit(int maxListsPerCustomer) {
        return new ServerConfig("127.0.0.1", 8080, EMBEDDED, Duration.ofMinutes(30), false, 16, 1_048_576, 1_000,
                maxListsPerCustomer, 600_000, null, null, false, null, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    private static ServerConfig timeouts(Duration requestTimeout, Duration maxQueueWait) {
        return new ServerConfig("127.0.0.1", 8080, EMBEDDED, Duration.ofMinutes(30), false, 16, 1_048_576, 1_000,
                1_000, 600_000, null, null, false, null, requestTimeout, maxQueueWait);
    }

    @Test
    void refusesEachLimitJustPastItsTopNamingTheOption() {
        assertThatThrownBy(() -> limits(64 * 1024 * 1024 + 1, 1_000, 1_000))
                .hasMessage("--max-body-bytes: 67108865 is outside 1024..67108864");
        assertThatThrownBy(() -> limits(1_024, 100_001, 1_000)).hasMessage("--max-settings: 100001 is outside 1..100000");
        assertThatThrownBy(() -> limits(1_024, 1_000, 100_000_001))
                .hasMessage("--password-iterations: 100000001 is outside 1..100000000");
    }

    @Test
    void theListsPerCustomerRangeFromOneToAMillion() {
        assertThat(listLimit(1).maxListsPerCustomer()).isEqualTo(1);
        assertThat(listLimit(1_000_000).maxListsPerCustomer()).isEqualTo(1_000_000);
        assertThatThrownBy(() -> listLimit(0)).hasMessage("--max-lists-per-customer: 0 is outside 1..1000000");
        assertThatThrownBy(() -> listLimit(1_000_001))
                .hasMessage("--max-lists-per-customer: 1000001 is outside 1..1000000");
    }

    @Test
    void theRequestTimeoutAndTheQueueWaitHaveRangesOfTheirOwn() {
        assertThat(timeouts(Duration.ofSeconds(1), Duration.ofMillis(100)).requestTimeout()).hasSeconds(1);
        assertThat(timeouts(Duration.ofHours(1), Duration.ofMinutes(10)).maxQueueWait()).hasMinutes(10);
        assertThatThrownBy(() -> timeouts(Duration.ZERO, Duration.ofMillis(100)))
                .hasMessage("--request-timeout: 0s is outside 1s..1h");
        assertThatThrownBy(() -> timeouts(Duration.ofSeconds(3_601), Duration.ofSeconds(5)))
                .hasMessage("--request-timeout: 3601s is outside 1s..1h");
        assertThatThrownBy(() -> timeouts(Duration.ofSeconds(30), Duration.ofMillis(99)))
                .hasMessage("--max-queue-wait: 99ms is outside 100ms..10m");
        assertThatThrownBy(() -> timeouts(Duration.ofHours(1), Duration.ofMinutes(10).plusMillis(1)))
                .hasMessage("--max-queue-wait: 600001ms is outside 100ms..10m");
    }

    /** Refused at start as a setting (exit 2 and one line), not as an xWeb fault. */
    @Test
    void refusesABootstrapUserWithoutAPasswordAsASetting() {
        assertThatThrownBy(() -> new ServerConfig("127.0.0.1", 8080, EMBEDDED, Duration.ofMinutes(30), false, 16,
                1_048_576, 1_000, 1_000, 600_000, "integration", null, false, null, Duration.ofSeconds(30),
                Duration.ofSeconds(5)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("XWEB_BOOTSTRAP_USER: XWEB_BOOTSTRAP_USER and XWEB_BOOTSTRAP_PASSWORD go together");
    }

    @Test
    void refusesABlankHost() {
        assertThatThrownBy(() -> config(" ", 8080, Duration.ofMinutes(30), 16))
                .hasMessage("--host: must name an interface or address");
        assertThatThrownBy(() -> config(null, 8080, Duration.ofMinutes(30), 16))
                .hasMessage("--host: must name an interface or address");
    }

    @Test
    void neverShowsThePasswordsWhenPrinted() {
        DatabaseSettings database = new DatabaseSettings(Path.of("data"), "jdbc:postgresql://db/xweb", "xweb",
                "db-secret-7", 8);
        ServerConfig config = new ServerConfig("127.0.0.1", 8080, database, Duration.ofMinutes(30), true, 16,
                1_048_576, 1_000, 1_000, 600_000, "integration", "bootstrap-secret-9", false, null,
                Duration.ofSeconds(30), Duration.ofSeconds(5));

        assertThat(config.toString())
                .doesNotContain("db-secret-7").doesNotContain("bootstrap-secret-9")
                .contains("bootstrap-user=integration", "bootstrap-password: given", "db-password: given",
                        "db-url=jdbc:postgresql://db/xweb", "port=8080", "token-ttl=PT30M", "single-use-tokens=true");
    }

    /** Every log line is masked again: "db-password=(none)" came out "db-password=****)". */
    @Test
    void saysWhenNoPasswordIsSetAndTheLogsMaskLeavesItSo() {
        String line = config("127.0.0.1", 8080, Duration.ofMinutes(30), 16).toString();
        assertThat(line).contains("bootstrap-password: none", "db-user=xweb (embedded)", ", tls=off, ")
                .doesNotContain("db-password");
        assertThat(new DatabaseSettings(Path.of("data"), "jdbc:postgresql://db/xweb", "xweb", null, 8).toString())
                .contains("db-password: none");
        assertThat(Texts.maskUrlSecrets(line)).isEqualTo(line);
    }

    @Test
    void theQueueWaitMustBeShorterThanTheRequestTimeout() {
        assertThatThrownBy(() -> new ServerConfig("127.0.0.1", 8080, EMBEDDED,
                Duration.ofMinutes(30), false, 16, 1_048_576, 1_000, 1_000, 600_000, null, null, false, null,
                Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .hasMessage("--max-queue-wait: 2s must be shorter than --request-timeout (2s)");
    }

    /** The JDK's server counts it in whole seconds: 1500ms was cut to 1 s without a word. */
    @Test
    void theRequestTimeoutIsWholeSeconds() {
        assertThatThrownBy(() -> new ServerConfig("127.0.0.1", 8080, EMBEDDED,
                Duration.ofMinutes(30), false, 16, 1_048_576, 1_000, 1_000, 600_000, null, null, false, null,
                Duration.ofMillis(1500), Duration.ofSeconds(1)))
                .hasMessage("--request-timeout: 1500ms is not a whole number of seconds (the JDK's HTTP server"
                        + " counts it in seconds)");
    }

    /** The log masks a password= again, up to a space: it took the comma after the URL along (review). */
    @Test
    void theStartUpLineKeepsEverySeparatorOnceTheLogMasksIt() {
        DatabaseSettings database = new DatabaseSettings(Path.of("/d"),
                "jdbc:postgresql://db/xweb?user=app&password=url-secret-5", null, null, 4);
        String line = new ServerConfig("127.0.0.1", 8080, database, Duration.ofMinutes(30), false, 16, 1_048_576,
                1_000, 1_000, 600_000, null, null, false, null, Duration.ofSeconds(30), Duration.ofSeconds(5))
                .toString();

        assertThat(Texts.maskUrlSecrets(line)).doesNotContain("url-secret-5")
                .endsWith(", max-queue-wait=PT5S, data-dir=/d, db-user: in db-url, db-password: in db-url, db-pool-size=4,"
                        + " db-url=jdbc:postgresql://db/xweb?user=app&password=****");
    }
}
