import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.xwebpreferences.DatabaseSettings;
import org.xwebpreferences.core.ChangeRecord;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceChange;
import org.xwebpreferences.core.PreferenceStatus;
import org.xwebpreferences.store.Database;
import org.xwebpreferences.store.JdbcPreferenceHistory;
import org.xwebpreferences.store.JdbcPreferenceStore;
import org.xwebpreferences.store.JdbcTokenStore;

/**
 * The preference store alone, with no HTTP, SOAP or JSON in front of it: how
 * many Sets (the two settings of the soap-set scenario, a new customer each) or
 * GetAlls (of 1,000 stored customers) it serves from N threads, and how much CPU
 * the process spends on each. It tells how much of a request's cost is the
 * database's. Run from the repository root after a build:
 *
 *   java -Xmx256m -XX:+UseSerialGC -cp target/xweb-server.jar bench/StoreBench.java [set|getall] \
 *        [threads 64] [warm-up seconds 30] [measured seconds 30] [JDBC URL [user]]
 *   java -cp target/xweb-server.jar bench/StoreBench.java purge [expired tokens] 0 0 [JDBC URL [user]]
 *
 * Without a URL it uses a fresh embedded H2 database in a temporary directory,
 * with the server's settings, deleted at the end; the password of a URL comes from XWEB_DB_PASSWORD.
 */
public class StoreBench {

    private static final Guid FIRST_LIST = new Guid(UUID.fromString("b31c52e4-29c1-4a65-8c53-0626342c920d"));
    private static final Guid SECOND_LIST = new Guid(UUID.fromString("6cc179ee-99c3-4b6b-8bab-36574550a5e5"));
    private static final int GETALL_CUSTOMERS = 1000;

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "set";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int measured = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        Path dataDir = Files.createTempDirectory("xweb-storebench");
        String url = args.length > 4 ? args[4] : null;
        DatabaseSettings settings = new DatabaseSettings(dataDir, url, args.length > 5 ? args[5] : null,
                System.getenv("XWEB_DB_PASSWORD"), DatabaseSettings.defaultPoolSize(url, threads));
        try (Database database = settings.open()) {
            if (scenario.equals("purge")) {
                purge(database, threads);
                return;
            }
            JdbcPreferenceStore store = new JdbcPreferenceStore(database, new JdbcPreferenceHistory(database), 1000);
            List<Guid> stored = new ArrayList<>();
            if (scenario.equals("getall")) {
                for (int i = 0; i < GETALL_CUSTOMERS; i++) {
                    stored.add(set(store));
                }
            }
            Runnable operation = switch (scenario) {
                case "set" -> () -> set(store);
                case "getall" -> () -> store.findAll(stored.get(ThreadLocalRandom.current().nextInt(stored.size())));
                default -> throw new IllegalArgumentException("scenario: set, getall or purge, not " + scenario);
            };
            run(scenario, operation, threads, warmUp, measured, settings.isEmbedded() ? dataDir : null);
        } finally {
            try (var files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static Guid set(JdbcPreferenceStore store) {
        Guid customer = new Guid(UUID.randomUUID());
        store.upsert(new PreferenceChange(customer, List.of(
                        new MailingListPreference(FIRST_LIST, null, null, PreferenceStatus.OptIn, null, null, null, null),
                        new MailingListPreference(SECOND_LIST, null, null, PreferenceStatus.OptOut, null, null, null,
                                null))),
                new ChangeRecord(Instant.now(), "bench", "SOAP", "storebench"));
        return customer;
    }

    /**
     * The housekeeping's purge of expired tokens: as many expired as live
     * ones, for one user, then one purge, timed. The second argument is the
     * number of expired tokens.
     */
    private static void purge(Database database, int expired) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection connection = database.dataSource().getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO xweb_user (user_name, password_hash, enabled, created_at)"
                        + " VALUES ('bench', 'none', TRUE, CURRENT_TIMESTAMP)");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO xweb_token (token_hash, user_id,"
                    + " issued_at, expires_at) SELECT ?, id, ?, ? FROM xweb_user WHERE user_name = 'bench'")) {
                for (int i = 0; i < 2 * expired; i++) {
                    OffsetDateTime issued = i < expired ? now.minusHours(2) : now;
                    insert.setString(1, String.format("%064x", i));
                    insert.setObject(2, issued);
                    insert.setObject(3, issued.plusMinutes(30));
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
        }
        long start = System.nanoTime();
        int purged = new JdbcTokenStore(database).purgeExpired(Instant.now());
        System.out.printf("purge: %d expired tokens (of %d) in %.2f s%n", purged, 2 * expired,
                (System.nanoTime() - start) / 1e9);
    }

    private static void run(String scenario, Runnable operation, int threads, int warmUp, int measured, Path h2Dir)
            throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    operation.run();
                    done.incrementAndGet();
                }
            });
            worker.start();
            workers.add(worker);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(warmUp * 1000L);
        long done0 = done.get();
        long cpu0 = os.getProcessCpuTime();
        long time0 = System.nanoTime();
        Thread.sleep(measured * 1000L);
        long count = done.get() - done0;
        long cpu = os.getProcessCpuTime() - cpu0;
        double seconds = (System.nanoTime() - time0) / 1e9;
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        String file = h2Dir == null ? "" : String.format(", H2 file %.0f MiB",
                Files.size(h2Dir.resolve("xweb.mv.db")) / 1048576.0);
        System.out.printf("%s, %d threads: %.0f operations/s, %.0f us of process CPU each (%d CPUs)%s%n", scenario,
                threads, count / seconds, cpu / 1e3 / count, Runtime.getRuntime().availableProcessors(), file);
    }
}
