package org.xwebpreferences;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.auth.Authenticator;
import org.xwebpreferences.auth.CredentialCache;
import org.xwebpreferences.auth.LoginLimiter;
import org.xwebpreferences.auth.PasswordHasher;
import org.xwebpreferences.auth.TokenEvents;
import org.xwebpreferences.auth.TokenService;
import org.xwebpreferences.auth.UserService;
import org.xwebpreferences.core.PreferenceService;
import org.xwebpreferences.core.PreferenceValidator;
import org.xwebpreferences.http.AnswerMemory;
import org.xwebpreferences.http.AccessLog;
import org.xwebpreferences.http.AmbiguousRequests;
import org.xwebpreferences.http.ConnectionClose;
import org.xwebpreferences.http.CorrelationIds;
import org.xwebpreferences.http.EveryAnswerHeaders;
import org.xwebpreferences.http.FallbackRouter;
import org.xwebpreferences.http.GracefulStop;
import org.xwebpreferences.http.HttpServers;
import org.xwebpreferences.http.LastResort;
import org.xwebpreferences.http.LoadShedding;
import org.xwebpreferences.http.OperationsHandler;
import org.xwebpreferences.http.PortReservation;
import org.xwebpreferences.http.ReadinessProbe;
import org.xwebpreferences.http.RequestMetrics;
import org.xwebpreferences.http.WireDump;
import org.xwebpreferences.http.WorkerPool;
import org.xwebpreferences.json.JsonGate;
import org.xwebpreferences.soap.PreferenceEndpoint;
import org.xwebpreferences.soap.SoapGate;
import org.xwebpreferences.soap.SoapService;
import org.xwebpreferences.store.Database;
import org.xwebpreferences.store.JdbcPreferenceHistory;
import org.xwebpreferences.store.JdbcPreferenceStore;
import org.xwebpreferences.store.JdbcTokenStore;
import org.xwebpreferences.store.JdbcUserStore;

/** The running server: all wiring happens here, with plain constructors. */
public final class XwebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(XwebServer.class);
    private static final int BACKLOG = 1024;
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** More than this between a node's clock and the database's is worth a warning at start. */
    private static final Duration MAX_CLOCK_DIFFERENCE = Duration.ofSeconds(5);
    /** When the pool is counted after the start: time enough for it to open its connections. */
    private static final Duration POOL_CHECK_DELAY = Duration.ofSeconds(45);

    private final Database database;
    private final HttpServer http;
    private final GracefulStop gracefulStop;
    private final ReadinessProbe readiness;
    private final ScheduledExecutorService housekeeping;
    private final String scheme;
    private final String configuredHost;

    private XwebServer(Database database, HttpServer http, GracefulStop gracefulStop, ReadinessProbe readiness,
                       ScheduledExecutorService housekeeping, String scheme, String configuredHost) {
        this.database = database;
        this.http = http;
        this.gracefulStop = gracefulStop;
        this.readiness = readiness;
        this.housekeeping = housekeeping;
        this.scheme = scheme;
        this.configuredHost = configuredHost;
    }

    public static XwebServer start(ServerConfig config) throws IOException {
        return start(config, password -> { });
    }

    /**
     * As {@link #start(ServerConfig)}, handing the password of the first user,
     * where the start makes one with a random password, to {@code newPassword}
     * as soon as the user is stored: a start stopped after that (SIGTERM, a
     * failure further on) has still shown it. Shown only at the end of the
     * start, it was lost to a stop in the seconds between, and the user it
     * belonged to stayed (operations audit).
     */
    public static XwebServer start(ServerConfig config, Consumer<String> newPassword) throws IOException {
        LOG.info("Starting {} with {}", Main.Version.describe(), config);
        // The port and the TLS keystore first: a start that cannot listen leaves no new database behind.
        PortReservation port = PortReservation.hold(config.host(), config.port());
        HttpServer http;
        try {
            http = HttpServers.create(config.workers(), config.tls(), config.requestTimeout());
        } catch (IOException | RuntimeException e) {
            port.close();
            throw e;
        }
        try {
            return startOn(http, port, config, newPassword);
        } catch (IOException | RuntimeException e) {
            port.close();
            givePortBack(http);
            throw e;
        }
    }

    /**
     * After a failed start, for a process that goes on (a test, an embedder).
     * A JDK server that was never started keeps its socket and selector even
     * when stopped: only its dispatcher thread closes them. So it is started
     * first (one that did not listen yet, on a loopback port of its own, as
     * it cannot start unbound), with no handler yet, or only handlers that
     * answer from a closed database, for the moment until the stop.
     */
    private static void givePortBack(HttpServer http) {
        try {
            http.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException alreadyListening) {
            // the failure came after it listened
        }
        try {
            http.start();
        } catch (IllegalStateException alreadyStarted) {
            // the failure came after the start
        }
        stopListening(http);
    }

    private static XwebServer startOn(HttpServer http, PortReservation port, ServerConfig config,
                                      Consumer<String> newPassword) throws IOException {
        boolean created = config.database().isEmbedded() && config.database().prepareDataDir();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bindJvmMetrics(metrics);
        Database database = config.database().openForServer(metrics);
        if (created) {
            // Said aloud: a mistyped --data-dir, or one emptied by a cleaner, starts an empty database too.
            LOG.info("Created a new database in {}", config.database().dataDir().toAbsolutePath().normalize());
        }
        warnAboutTheDatabase(config.database());
        warnIfClockDiffers(database);
        HeapSizing.warning().ifPresent(LOG::warn);
        try {
            return wire(http, port, config, database, metrics, newPassword);
        } catch (IOException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Said at each start: what other users may read, and an H2 database that other servers could reach. */
    private static void warnAboutTheDatabase(DatabaseSettings database) {
        if (database.isEmbedded() && OwnerOnly.othersMayRead(database.dataDir())) {
            LOG.warn("Other users of this machine may read the data directory {}, which holds password hashes and"
                    + " every customer's preferences: 'chmod 700' it", database.dataDir().toAbsolutePath().normalize());
        } else if (database.isEmbedded() && OwnerOnly.othersMayRead(database.embeddedFile())) {
            // H2 makes the file under the umask and the start restricts it once made: a first start stopped
            // before that left it rw-r--r-- for good (operations audit). Not changed here: an operator may
            // have opened it to a backup agent's group on purpose.
            LOG.warn("Users other than its owner may read the database file {}, which holds password hashes and"
                    + " every customer's preferences: 'chmod 600' it", database.embeddedFile());
        }
        if (database.isH2Server()) {
            LOG.warn("The database is H2 through an H2 server (--db-url): run one xweb-server on it. On H2 the"
                    + " writers of a customer take turns in this server's memory, so a second server on the same"
                    + " database can record a wrong status_before in the history and let a customer pass"
                    + " --max-lists-per-customer; and its writes are synced as far as the H2 server does. Several"
                    + " nodes need PostgreSQL");
        }
    }

    /**
     * Tokens expire, and history entries are stamped, by each node's own clock:
     * a node out of step with the others refuses their tokens or has its own
     * refused, and writes history entries out of time order. Said once, at start.
     */
    private static void warnIfClockDiffers(Database database) {
        try {
            Duration ahead = database.clockAhead();
            if (ahead.abs().compareTo(MAX_CLOCK_DIFFERENCE) > 0) {
                LOG.warn("This machine's clock is {} s {} the database's: tokens issued here expire at other times"
                        + " than on other nodes, and history entries written here are stamped out of order; keep"
                        + " every node's clock in step (NTP)", ahead.abs().toSeconds(),
                        ahead.isNegative() ? "behind" : "ahead of");
            }
        } catch (SQLException e) {
            LOG.debug("Could not compare the clocks: {}", e.toString());
        }
    }

    private static void stopListening(HttpServer http) {
        http.stop(0);
        ((ExecutorService) http.getExecutor()).shutdownNow();
    }

    private static XwebServer wire(HttpServer http, PortReservation port, ServerConfig config, Database database,
                                   PrometheusMeterRegistry metrics, Consumer<String> newPassword) throws IOException {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        PasswordHasher hasher = new PasswordHasher(config.passwordIterations(), random);
        JdbcUserStore userStore = new JdbcUserStore(database);
        JdbcTokenStore tokenStore = new JdbcTokenStore(database);
        UserService users = new UserService(userStore, hasher, clock, random);
        users.bootstrap(config.bootstrapUser(), config.bootstrapPassword()).ifPresent(newPassword);
        TokenService tokens = new TokenService(tokenStore, clock, random,
                config.tokenTtl(), config.singleUseTokens(), tokenEvents(metrics));
        JdbcPreferenceHistory history = new JdbcPreferenceHistory(database);
        PreferenceService preferences = new PreferenceService(
                new JdbcPreferenceStore(database, history, config.maxListsPerCustomer()), history,
                new PreferenceValidator(config.maxSettingsPerRequest()), clock);
        // Half the cores hash passwords at most: the rest stay with token-holding clients.
        LoginLimiter loginLimiter = new LoginLimiter(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), clock);
        Authenticator authenticator = new Authenticator(userStore, hasher, loginLimiter);
        CredentialCache credentials = new CredentialCache(authenticator, tokens, clock, random, config.tokenTtl(),
                config.singleUseTokens());
        CorrelationIds correlationIds = new CorrelationIds();
        WireDump wireDump = new WireDump(config.wireDump());
        AnswerMemory answerMemory = AnswerMemory.quarterOfHeap();

        HttpContext soap = SoapService.publish(http,
                () -> new PreferenceEndpoint(preferences, tokens, credentials, correlationIds), tokens,
                correlationIds, wireDump, config.maxBodyBytes(), answerMemory);
        HttpContext json = http.createContext(JsonGate.PATH, new JsonGate(preferences, tokens, credentials,
                correlationIds, wireDump, config.maxBodyBytes(), config.maxSettingsPerRequest(), answerMemory));
        ReadinessProbe readiness = new ReadinessProbe(database.dataSource(), database::whyNotWritable, database::stoppedBecause,
                clock);
        // The probe checks the database every second from now: a start that fails below must stop it.
        ScheduledExecutorService housekeeping = null;
        try {
            OperationsHandler operations = new OperationsHandler(readiness, metrics);
            HttpContext fallback = http.createContext("/", new FallbackRouter()
                    .route(SoapGate.PATH, soap.getHandler()).route(JsonGate.PATH, json.getHandler()));
            List<HttpContext> contexts = List.of(soap, json, http.createContext(OperationsHandler.HEALTH, operations),
                    http.createContext(OperationsHandler.METRICS, operations), fallback);
            AccessLog accessLog = new AccessLog(new RequestMetrics(metrics));
            AmbiguousRequests ambiguousRequests = new AmbiguousRequests(JsonGate.PATH);
            ConnectionClose connectionClose = new ConnectionClose();
            EveryAnswerHeaders everyAnswerHeaders = new EveryAnswerHeaders();
            LastResort lastResort = new LastResort(JsonGate.PATH);
            GracefulStop gracefulStop = new GracefulStop(JsonGate.PATH);
            LoadShedding loadShedding = new LoadShedding(config.maxQueueWait(), JsonGate.PATH);
            for (HttpContext context : contexts) {
                context.getFilters().add(everyAnswerHeaders); // first: every answer, also those the filters below send
                context.getFilters().add(accessLog);
                context.getFilters().add(ambiguousRequests);
                context.getFilters().add(connectionClose);
                context.getFilters().add(lastResort);
                context.getFilters().add(gracefulStop);
                context.getFilters().add(loadShedding);
            }
            HttpServers.listen(http, port, BACKLOG); // only now: connections made before were refused, not held
            housekeeping = startHousekeeping(tokens, config.tokenTtl(), database);
            http.start();
            return new XwebServer(database, http, gracefulStop, readiness, housekeeping,
                    config.tls() == null ? "http" : "https", config.host());
        } catch (IOException | RuntimeException | Error e) {
            readiness.close();
            if (housekeeping != null) {
                housekeeping.shutdownNow();
            }
            throw e;
        }
    }

    private static void bindJvmMetrics(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private static TokenEvents tokenEvents(MeterRegistry registry) {
        var issued = registry.counter("xweb.tokens.issued");
        var rejected = registry.counter("xweb.tokens.rejected");
        return new TokenEvents() {
            @Override
            public void issued() {
                issued.increment();
            }

            @Override
            public void rejected() {
                rejected.increment();
            }
        };
    }

    /**
     * Purges expired tokens every half token lifetime (1 s to 1 min), so that
     * the token table holds at most about one and a half lifetimes' worth.
     */
    private static ScheduledExecutorService startHousekeeping(TokenService tokens, Duration tokenTtl,
                                                              Database database) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "xweb-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        // A stop drops what is only waiting to run (the pool check): it held every stop within 45 s of the
        // start for its 10 s grace, and then ran on a closed pool (review).
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        long every = Math.max(1_000, Math.min(60_000, tokenTtl.toMillis() / 2));
        // A random start spreads the purges of several nodes over the interval.
        long firstDelay = ThreadLocalRandom.current().nextLong(every / 2, every + 1);
        scheduler.scheduleWithFixedDelay(() -> purgeTokens(tokens), firstDelay, every, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> checkPool(database), POOL_CHECK_DELAY.toSeconds(), TimeUnit.SECONDS);
        return scheduler;
    }

    private static void checkPool(Database database) {
        try {
            database.warnIfPoolShort();
        } catch (RuntimeException e) {
            LOG.debug("Could not count the database connections: {}", e.toString());
        }
    }

    private static void purgeTokens(TokenService tokens) {
        try {
            int purged = tokens.purgeExpired();
            if (purged > 0) {
                LOG.debug("Purged {} expired tokens", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not purge expired tokens, will try again: {}", e.getMessage(), e.getCause());
        }
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** http(s)://host:port/xWeb/Secure/netForumXML.asmx */
    public String soapAddress() {
        return baseAddress() + SoapGate.PATH;
    }

    /**
     * http(s)://host:port. For all interfaces the host as the operator gave it
     * (the JDK reports 0.0.0.0 as the IPv6 wildcard, 0:0:0:0:0:0:0:0); an IPv6
     * address in brackets, as a URL has it.
     */
    public String baseAddress() {
        String host = http.getAddress().getAddress().isAnyLocalAddress() && configuredHost != null
                ? configuredHost : http.getAddress().getHostString();
        return scheme + "://" + (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
                + port();
    }

    /**
     * Lets a purge in progress finish, without an interrupt: one that reaches a
     * thread in the middle of H2's file I/O closes the file for every thread.
     */
    private void stopHousekeeping() {
        housekeeping.shutdown();
        try {
            if (!housekeeping.awaitTermination(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("The token purge still runs after {}; closing the database under it", STOP_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops accepting requests (new ones get 503), lets those in flight finish
     * within the grace period, then closes the connections and the database.
     */
    @Override
    public void close() {
        WorkerPool workers = (WorkerPool) http.getExecutor();
        if (!gracefulStop.drain(STOP_GRACE, workers::noneWaiting, workers::idle)) {
            LOG.warn("Requests still in flight after {}; stopping anyway", STOP_GRACE);
        }
        stopListening(http);
        stopHousekeeping();
        readiness.close();
        database.close();
        LOG.info("Stopped");
    }
}
