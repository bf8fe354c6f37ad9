package org.xwebpreferences;

import java.time.Duration;
import java.util.Objects;
import org.xwebpreferences.auth.UserService;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.http.TlsSettings;

/**
 * Everything the server is configured with, checked once at start. The
 * defaults (see {@link ServeCommand}) give the embedded set-up: H2 under ./data, on 127.0.0.1:8080.
 */
public record ServerConfig(
        String host,
        int port,
        DatabaseSettings database,
        Duration tokenTtl,
        boolean singleUseTokens,
        int workers,
        int maxBodyBytes,
        int maxSettingsPerRequest,
        int maxListsPerCustomer,
        int passwordIterations,
        String bootstrapUser,
        String bootstrapPassword,
        boolean wireDump,
        TlsSettings tls,
        Duration requestTimeout,
        Duration maxQueueWait) {

    public ServerConfig {
        Objects.requireNonNull(database, "database");
        requireRange("--port", port, 0, 65_535);
        requireRange("--workers", workers, 1, 1_000);
        requireRange("--max-body-bytes", maxBodyBytes, 1_024, 64 * 1024 * 1024);
        requireRange("--max-settings", maxSettingsPerRequest, 1, 100_000);
        requireRange("--max-lists-per-customer", maxListsPerCustomer, 1, 1_000_000);
        requireRange("--password-iterations", passwordIterations, 1, PasswordHashOptions.MAX_ITERATIONS);
        requireDuration("--token-ttl", tokenTtl, Duration.ofSeconds(1), Duration.ofDays(7));
        requireDuration("--request-timeout", requestTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
        if (requestTimeout.getNano() != 0) {
            throw new IllegalArgumentException("--request-timeout: " + DurationConverter.format(requestTimeout)
                    + " is not a whole number of seconds (the JDK's HTTP server counts it in seconds)");
        }
        requireDuration("--max-queue-wait", maxQueueWait, Duration.ofMillis(100), Duration.ofMinutes(10));
        if (maxQueueWait.compareTo(requestTimeout) >= 0) {
            // A queued request is cut off at the request timeout: the 503 must come first.
            throw new IllegalArgumentException("--max-queue-wait: " + DurationConverter.format(maxQueueWait)
                    + " must be shorter than --request-timeout (" + DurationConverter.format(requestTimeout) + ")");
        }
        try {
            UserService.checkBootstrapSettings(bootstrapUser, bootstrapPassword);
        } catch (XwebError e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host: must name an interface or address");
        }
    }

    private static void requireDuration(String option, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(option + ": " + DurationConverter.format(value) + " is outside "
                    + DurationConverter.format(min) + ".." + DurationConverter.format(max));
        }
    }

    private static void requireRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + ": " + value + " is outside " + min + ".." + max);
        }
    }

    /** The effective configuration for the log: passwords masked. */
    @Override
    public String toString() {
        // The database comes last, its URL at the very end: the log masks a password= in it up to a space,
        // and took the comma after it along.
        return "host=" + host + ", port=" + port
                + ", token-ttl=" + tokenTtl + ", single-use-tokens=" + singleUseTokens + ", workers=" + workers
                + ", max-body-bytes=" + maxBodyBytes + ", max-settings=" + maxSettingsPerRequest
                + ", max-lists-per-customer=" + maxListsPerCustomer
                + ", password-iterations=" + passwordIterations + ", bootstrap-user="
                + (bootstrapUser == null ? "(none)" : bootstrapUser)
                + ", " + Texts.maskedField("bootstrap-password", bootstrapPassword) + ", wire-dump=" + wireDump
                + (tls == null ? ", tls=off" : ", " + tls) + ", request-timeout=" + requestTimeout
                + ", max-queue-wait=" + maxQueueWait + ", " + database;
    }
}
