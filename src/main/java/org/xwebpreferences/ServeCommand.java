package org.xwebpreferences;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.xwebpreferences.auth.UserService;
import org.xwebpreferences.http.TlsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the server until it is stopped (SIGTERM or Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the xWeb SOAP server.",
                "Every option can also be set by the environment variable XWEB_<NAME> (--db-url: XWEB_DB_URL)"
                        + " or in the file of --config; the command line wins, then the environment, then the file."},
        footer = {"", "From the environment only: XWEB_DB_PASSWORD, XWEB_TLS_KEYSTORE_PASSWORD, XWEB_BOOTSTRAP_USER"
                + " and XWEB_BOOTSTRAP_PASSWORD (a user made at start if absent), XWEB_LOG_LEVEL,"
                + " XWEB_ACCESS_LOG_LEVEL.",
                "Numbers and durations are checked against their ranges at start (e.g. --workers 1..1000,"
                        + " --token-ttl 1s..7d); the README's Configuration section lists every one."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Interface to listen on; 0.0.0.0 for all (default: ${DEFAULT-VALUE}; env XWEB_HOST).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}; env XWEB_PORT).")
    int port;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--token-ttl", paramLabel = "DURATION", defaultValue = "30m",
            converter = DurationConverter.class,
            description = "How long a token stays valid, e.g. 30m, 1h, 90s (default: ${DEFAULT-VALUE}; env XWEB_TOKEN_TTL).")
    Duration tokenTtl;

    // arity and fallbackValue: picocli toggles a bare boolean flag, so given on the command line it
    // turned off what the environment or the file had turned on.
    @Option(names = "--single-use-tokens", defaultValue = "false", arity = "0..1", fallbackValue = "true",
            description = "Spend each token on its first use and hand a new one back in every response"
                    + " (default: ${DEFAULT-VALUE}; env XWEB_SINGLE_USE_TOKENS).")
    boolean singleUseTokens;

    // 64, not fewer: on H2 every write in flight joins the next shared CHECKPOINT,
    // and writes went 1.5 to 2 times as fast with 64 workers as with 16 (docs/BENCHMARKS.md).
    // Memory stays bounded: 64 bodies of the largest size at once fit the shipped heap.
    @Option(names = "--workers", paramLabel = "N", defaultValue = "64",
            description = "Worker threads serving requests (default: ${DEFAULT-VALUE}; env XWEB_WORKERS).")
    int workers;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest request body accepted (default: ${DEFAULT-VALUE}; env XWEB_MAX_BODY_BYTES).")
    int maxBodyBytes;

    @Option(names = "--max-settings", paramLabel = "N", defaultValue = "1000",
            description = "Most MailingListSettings in one request (default: ${DEFAULT-VALUE}; env XWEB_MAX_SETTINGS).")
    int maxSettings;

    @Option(names = "--max-lists-per-customer", paramLabel = "N", defaultValue = "1000",
            description = "Most mailing lists one customer may hold; GetAll answers all of them at once"
                    + " (default: ${DEFAULT-VALUE}; env XWEB_MAX_LISTS_PER_CUSTOMER).")
    int maxListsPerCustomer;

    @Mixin
    PasswordHashOptions passwordHash;

    @Option(names = "--wire-dump", defaultValue = "false", arity = "0..1", fallbackValue = "true",
            description = "Log request and response bodies (cut to 4,096 characters; tokens and passwords masked) to the"
                    + " logger xweb.wire, to debug a client (default: ${DEFAULT-VALUE}; env XWEB_WIRE_DUMP).")
    boolean wireDump;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Serve HTTPS with the key and certificate in this PKCS#12 keystore; its password comes"
                    + " from the environment variable XWEB_TLS_KEYSTORE_PASSWORD (env XWEB_TLS_KEYSTORE).")
    Path tlsKeystore;

    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Longest a client may take to send its request, or to read the answer; slower"
                    + " connections are closed (default: ${DEFAULT-VALUE}; env XWEB_REQUEST_TIMEOUT).")
    Duration requestTimeout;

    @Option(names = "--max-queue-wait", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Longest a request may wait for a free worker; one that waited longer gets a 503 when"
                    + " one frees up"
                    + " (default: ${DEFAULT-VALUE}; env XWEB_MAX_QUEUE_WAIT).")
    Duration maxQueueWait;

    @Override
    public Integer call() throws Exception {
        XwebServer server = XwebServer.start(config(), ServeCommand::showNewPassword);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
            Main.flushLogs();
            // A stop asked for with SIGTERM that went cleanly is a success: exit 0, not 143.
            Runtime.getRuntime().halt(0);
        }, "xweb-shutdown"));
        System.out.println("xweb-server listening on " + server.soapAddress());
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** As soon as the user is stored, before the rest of the start, so that a stop in between does not lose it. */
    private static void showNewPassword(String password) {
        System.out.println("Created xWeb user '" + UserService.DEFAULT_USER + "' with password " + password
                + " (shown only this once; add users with 'user add')");
        System.out.flush();
    }

    ServerConfig config() {
        return new ServerConfig(host, port, database.settings(workers), tokenTtl, singleUseTokens, workers,
                maxBodyBytes, maxSettings, maxListsPerCustomer, passwordHash.iterations,
                bootstrap("XWEB_BOOTSTRAP_USER"), bootstrap("XWEB_BOOTSTRAP_PASSWORD"), wireDump,
                tlsKeystore == null ? null : new TlsSettings(tlsKeystore, environment("XWEB_TLS_KEYSTORE_PASSWORD")),
                requestTimeout, maxQueueWait);
    }

    /**
     * A bootstrap variable; set but empty stops the start, as other settings'
     * do. Taken for not set, an EnvironmentFile whose template left both
     * empty got user xweb with a random password printed into the journal,
     * and one left empty beside the other was told they "go together"
     * (operations audit).
     */
    private static String bootstrap(String name) {
        String value = System.getenv(name);
        if (value != null && value.isEmpty()) {
            throw new IllegalArgumentException("the environment variable " + name + " is set but empty: give it a"
                    + " value, or unset it");
        }
        return value;
    }

    /** An environment variable, where set to something: an empty one counts as not set. */
    private static String environment(String name) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
