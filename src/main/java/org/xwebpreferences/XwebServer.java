package org.xwebpreferences;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.auth.Authenticator;
import org.xwebpreferences.auth.CredentialCache;
import org.xwebpreferences.auth.PasswordHasher;
import org.xwebpreferences.auth.TokenService;
import org.xwebpreferences.auth.UserService;
import org.xwebpreferences.core.PreferenceService;
import org.xwebpreferences.core.PreferenceValidator;
import org.xwebpreferences.http.CorrelationIds;
import org.xwebpreferences.http.GracefulStop;
import org.xwebpreferences.http.HttpServers;
import org.xwebpreferences.json.JsonGate;
import org.xwebpreferences.soap.PreferenceEndpoint;
import org.xwebpreferences.soap.SoapGate;
import org.xwebpreferences.soap.SoapService;
import org.xwebpreferences.store.Database;
import org.xwebpreferences.store.JdbcPreferenceStore;
import org.xwebpreferences.store.JdbcTokenStore;
import org.xwebpreferences.store.JdbcUserStore;

/** The running server: all wiring happens here, with plain constructors. */
public final class XwebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(XwebServer.class);
    private static final int BACKLOG = 1024;
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Database database;
    private final HttpServer http;
    private final GracefulStop gracefulStop;
    private final ScheduledExecutorService housekeeping;
    private final UserService users;
    private final Optional<String> generatedPassword;

    private XwebServer(Database database, HttpServer http, GracefulStop gracefulStop,
                       ScheduledExecutorService housekeeping, UserService users, Optional<String> generatedPassword) {
        this.database = database;
        this.http = http;
        this.gracefulStop = gracefulStop;
        this.housekeeping = housekeeping;
        this.users = users;
        this.generatedPassword = generatedPassword;
    }

    public static XwebServer start(ServerConfig config) throws IOException {
        LOG.info("Starting with {}", config);
        if (config.database().isEmbedded()) {
            Files.createDirectories(config.database().dataDir());
        }
        Database database = config.database().open();
        try {
            return wire(config, database);
        } catch (IOException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static XwebServer wire(ServerConfig config, Database database) throws IOException {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        PasswordHasher hasher = new PasswordHasher(config.passwordIterations(), random);
        JdbcUserStore userStore = new JdbcUserStore(database.dataSource());
        UserService users = new UserService(userStore, hasher, clock, random);
        Optional<String> generatedPassword = users.bootstrap(config.bootstrapUser(), config.bootstrapPassword());
        TokenService tokens = new TokenService(new JdbcTokenStore(database.dataSource()), clock, random,
                config.tokenTtl(), config.singleUseTokens());
        PreferenceService preferences = new PreferenceService(
                new JdbcPreferenceStore(database.dataSource(), database.dialect()),
                new PreferenceValidator(config.maxSettingsPerRequest()), clock);
        Authenticator authenticator = new Authenticator(userStore, hasher);
        CorrelationIds correlationIds = new CorrelationIds();

        HttpServer http = HttpServers.create(config.host(), config.port(), config.workers(), BACKLOG);
        HttpContext soap = SoapService.publish(http,
                () -> new PreferenceEndpoint(preferences, tokens, authenticator, correlationIds),
                correlationIds, config.maxBodyBytes());
        CredentialCache credentials = new CredentialCache(authenticator, tokens, clock, random, config.tokenTtl(),
                config.singleUseTokens());
        HttpContext json = http.createContext(JsonGate.PATH, new JsonGate(preferences, tokens, authenticator,
                credentials, correlationIds, config.maxBodyBytes()));
        GracefulStop gracefulStop = new GracefulStop();
        soap.getFilters().add(gracefulStop);
        json.getFilters().add(gracefulStop);
        ScheduledExecutorService housekeeping = startHousekeeping(tokens);
        http.start();
        return new XwebServer(database, http, gracefulStop, housekeeping, users, generatedPassword);
    }

    private static ScheduledExecutorService startHousekeeping(TokenService tokens) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "xweb-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        // A random start spreads the purges of several nodes over the minute.
        long firstDelay = ThreadLocalRandom.current().nextLong(5, 60);
        scheduler.scheduleWithFixedDelay(() -> purgeTokens(tokens), firstDelay, 60, TimeUnit.SECONDS);
        return scheduler;
    }

    private static void purgeTokens(TokenService tokens) {
        try {
            int purged = tokens.purgeExpired();
            if (purged > 0) {
                LOG.debug("Purged {} expired tokens", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not purge expired tokens, will try again: {}", e.getMessage());
        }
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** http://host:port/xWeb/Secure/netForumXML.asmx */
    public String soapAddress() {
        return "http://" + http.getAddress().getHostString() + ":" + port() + SoapGate.PATH;
    }

    /** The random password of the user created at first start, when one was. */
    public Optional<String> generatedPassword() {
        return generatedPassword;
    }

    public UserService users() {
        return users;
    }

    /** Stops accepting, lets requests in flight finish, then closes the database. */
    @Override
    public void close() {
        if (!gracefulStop.drain(STOP_GRACE)) {
            LOG.warn("Requests still in flight after {}; stopping anyway", STOP_GRACE);
        }
        http.stop(0);
        ((ExecutorService) http.getExecutor()).shutdownNow();
        housekeeping.shutdownNow();
        database.close();
        LOG.info("Stopped");
    }
}
