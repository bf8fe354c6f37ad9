package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.SoapClient.envelope;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TempFiles;
import org.xwebpreferences.support.TestServer;

/**
 * Steady load with short-lived single-use tokens, so that every call issues a
 * token: the token table stays bounded (expired ones are purged) and the heap
 * after a full GC stays flat. 20 s in CI; the long version is
 * {@code mvn -B verify -Dit.test=SoakIT -Dxweb.soak.seconds=300}.
 *
 * <p>The server runs in this JVM, so H2's page cache is in the heap measured:
 * it is kept to 4 MiB here (the default is 64 MiB), and each client changes the
 * same few rows back and forth, so that what the heap holds after a GC can only
 * grow by a leak, not by the cache filling up or by answers getting longer.
 */
class SoakIT {

    private static final Duration TOKEN_TTL = Duration.ofSeconds(2);
    private static final int CLIENTS = 4;

    @Test
    void tokensArePurgedAndTheHeapStaysFlatUnderSteadyLoad() throws Exception {
        long seconds = Long.getLong("xweb.soak.seconds", 20);
        Path dataDir = TempFiles.directory("xweb-soak");
        DatabaseSettings database = new DatabaseSettings(dataDir,
                DatabaseSettings.embedded(dataDir).jdbcUrl() + ";CACHE_SIZE=4096", null, null, 4);
        try (TestServer server = TestServer.start(database, TOKEN_TTL, true)) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong calls = new AtomicLong();
            ExecutorService load = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(load.submit(() -> steadyClient(server.client(), running, calls)));
            }
            Thread.sleep(5_000); // warm up before the baseline
            long baseline = heapAfterGc();
            long maxTokens = 0;
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                long before = calls.get();
                Thread.sleep(1_000);
                long perSecond = calls.get() - before;
                long tokens = tokenRows(server);
                maxTokens = Math.max(maxTokens, tokens);
                // Tokens live 2 s and are purged each second: about 3-4 s of calls at most, with room.
                assertThat(tokens).as("token rows at %d calls/s", perSecond).isLessThanOrEqualTo(perSecond * 8 + 100);
            }
            running.set(false);
            for (Future<?> client : clients) {
                client.get();
            }
            load.shutdown();
            long after = heapAfterGc();

            System.out.printf("SoakIT: %d calls in %d s; heap after GC %d MiB at the start, %d MiB at the end;"
                    + " at most %d token rows%n", calls.get(), seconds, baseline >> 20, after >> 20, maxTokens);
            assertThat(calls.get()).isGreaterThan(seconds * 10);
            assertThat(after - baseline).as("heap growth after GC, bytes (baseline %d)", baseline)
                    .isLessThan(32L * 1024 * 1024);
            // Each client's last token was never presented (single use would have spent it): only the purge
            // takes it away, within a lifetime and a purge interval of its expiry.
            assertThat(tokenRows(server)).as("the clients' last tokens, unspent").isGreaterThanOrEqualTo(CLIENTS);
            Thread.sleep(TOKEN_TTL.toMillis() * 3);
            assertThat(tokenRows(server)).as("expired tokens left once the load stopped").isZero();
        }
    }

    /** Writes and reads with a new single-use token each call, as a busy client would. */
    private static void steadyClient(SoapClient client, AtomicBoolean running, AtomicLong calls) {
        String token = client.authenticate(TestServer.USER, TestServer.PASSWORD);
        String customer = UUID.randomUUID().toString();
        List<String> lists = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        for (long round = 0; running.get(); round++) {
            // every Set a real change (its history entry too), on the same three rows
            long set = round / 2;
            String status = set / lists.size() % 2 == 0 ? "OptIn" : "OptOut";
            SoapResponse response = round % 2 == 0
                    ? client.post(envelope(token, Envelopes.set(customer,
                            Envelopes.setting(lists.get((int) (set % lists.size())), status))))
                    : client.getAll(token, customer);
            if (response.token() == null) {
                throw new AssertionError("no token for the next call: " + response);
            }
            token = response.token();
            calls.incrementAndGet();
        }
    }

    private static long tokenRows(TestServer server) throws Exception {
        try (Connection connection = server.jdbc(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM xweb_token")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * What the heap holds right after a full GC, as the collector saw it
     * (each pool's usage after its last collection), so that what the
     * clients allocate between the GC and the reading does not count.
     */
    private static long heapAfterGc() throws InterruptedException {
        long used = 0;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage afterCollection = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
                used += afterCollection == null ? 0 : afterCollection.getUsed();
            }
        }
        return used;
    }
}
