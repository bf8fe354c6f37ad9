package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.SoapClient.envelope;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
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
import org.xwebpreferences.support.TestServer;

/**
 * Steady load with short-lived single-use tokens, so that every call issues a
 * token: the token table stays bounded (expired ones are purged) and the heap
 * after a full GC stays flat. 20 s in CI; the long version is
 * {@code mvn -B verify -Dit.test=SoakIT -Dxweb.soak.seconds=300}.
 */
class SoakIT {

    private static final Duration TOKEN_TTL = Duration.ofSeconds(2);
    private static final int CLIENTS = 4;

    @Test
    void tokensArePurgedAndTheHeapStaysFlatUnderSteadyLoad() throws Exception {
        long seconds = Long.getLong("xweb.soak.seconds", 20);
        try (TestServer server = TestServer.start(TOKEN_TTL, true)) {
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
            long after = heapAfterGc();
            running.set(false);
            for (Future<?> client : clients) {
                client.get();
            }
            load.shutdown();

            assertThat(calls.get()).isGreaterThan(seconds * 10);
            assertThat(after - baseline).as("heap growth after GC, bytes (baseline %d)", baseline)
                    .isLessThan(32L * 1024 * 1024);
            Thread.sleep(TOKEN_TTL.toMillis() * 3);
            assertThat(tokenRows(server)).as("expired tokens left once the load stopped").isLessThanOrEqualTo(CLIENTS);
        }
    }

    /** Writes and reads with a new single-use token each call, as a busy client would. */
    private static void steadyClient(SoapClient client, AtomicBoolean running, AtomicLong calls) {
        String token = client.authenticate(TestServer.USER, TestServer.PASSWORD);
        String customer = UUID.randomUUID().toString();
        while (running.get()) {
            SoapResponse response = calls.get() % 2 == 0
                    ? client.post(envelope(token, Envelopes.set(customer, Envelopes.setting(UUID.randomUUID().toString(),
                            "OptIn"))))
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

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
