package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xwebpreferences.support.SoapClient.envelope;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.store.Database;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.PostgresServer;
import org.xwebpreferences.support.ServerProcess;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;

/**
 * Two server processes on one PostgreSQL database, as behind a load balancer:
 * they share tokens, and concurrent writers of the same pairs through both
 * leave one row per pair holding a write that was acknowledged last.
 */
class MultiNodeIT {

    private static final int CLIENTS = 8;
    private static final long RUN_MILLIS = 5_000;

    @TempDir
    Path dataDir;

    /** One acknowledged write: what it set, and when it was sent and answered. */
    private record Write(String customer, String list, String name, String status, long sentNanos, long ackedNanos) {
    }

    @Test
    void nodesShareTokensAndConcurrentWritesLeaveOneAcknowledgedRowPerPair() throws Exception {
        PostgresServer postgres = PostgresServer.shared();
        String url = postgres.createDatabase();
        String[] args = {"--db-url", url, "--db-user", postgres.user()};
        Map<String, String> env = Map.of("XWEB_DB_PASSWORD", postgres.password());

        // Both nodes start at once: the migrations must cope with that.
        CompletableFuture<ServerProcess> startingA = startAsync(dataDir.resolve("a"), env, args);
        CompletableFuture<ServerProcess> startingB = startAsync(dataDir.resolve("b"), env, args);
        try (ServerProcess nodeA = startingA.get(); ServerProcess nodeB = startingB.get()) {
            SoapClient a = new SoapClient(nodeA.address());
            SoapClient b = new SoapClient(nodeB.address());

            String token = a.authenticate(ServerProcess.USER, ServerProcess.PASSWORD);
            SoapResponse onB = b.getAll(token, UUID.randomUUID().toString());
            assertThat(onB.status()).as("token from node A on node B: %s", onB).isEqualTo(200);

            List<String> customers = List.of(key(), key(), key());
            List<String> lists = List.of(key(), key(), key(), key());
            List<Write> acknowledged = hammer(List.of(a, b), token, customers, lists);

            assertThat(acknowledged).hasSizeGreaterThan(CLIENTS * 5);
            Map<String, Write> stored = storedRows(url, postgres, customers);
            Map<String, List<Write>> byPair = new HashMap<>();
            acknowledged.forEach(write -> byPair.computeIfAbsent(pair(write.customer(), write.list()),
                    pair -> new ArrayList<>()).add(write));

            assertThat(stored.keySet()).as("one row for every pair written, and no other")
                    .containsExactlyInAnyOrderElementsOf(byPair.keySet());
            for (Map.Entry<String, List<Write>> pair : byPair.entrySet()) {
                Write row = stored.get(pair.getKey());
                Write source = pair.getValue().stream().filter(write -> write.name().equals(row.name()))
                        .findFirst().orElseThrow(() -> new AssertionError("row " + row + " is no acknowledged write"));
                assertThat(row.status()).isEqualTo(source.status());
                // Nothing acknowledged for this pair was sent after this write was acknowledged:
                // such a write would have had to replace it.
                assertThat(pair.getValue()).noneMatch(later -> later.sentNanos() > source.ackedNanos());
            }
        }
    }

    /**
     * A node takes no connection until it can answer: one that connects while
     * the node waits for its database is refused at once, and goes to another
     * node. The node took such connections into its listen queue and answered
     * them when it was ready, a minute later: a write sent then was applied
     * after newer writes through other nodes had been acknowledged
     * (consistency audit). Here the node's migrations wait for a lock.
     */
    @Test
    void aStartingNodeRefusesConnectionsUntilItCanAnswer() throws Exception {
        PostgresServer postgres = PostgresServer.shared();
        String url = postgres.createDatabase();
        Database.open(url, postgres.user(), postgres.password(), 1).close();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        CompletableFuture<ServerProcess> starting = null;
        try (Connection holder = DriverManager.getConnection(url, postgres.user(), postgres.password());
             Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("LOCK TABLE flyway_schema_history IN ACCESS EXCLUSIVE MODE");
            starting = startAsync(dataDir.resolve("a"), Map.of("XWEB_DB_PASSWORD", postgres.password()),
                    "--db-url", url, "--db-user", postgres.user(), "--host", "127.0.0.1", "--port",
                    String.valueOf(port));
            awaitWaitingForLock(statement);

            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        } finally {
            // The lock is gone with its connection: the node starts, answers, and is stopped, whatever failed.
            if (starting != null) {
                try (ServerProcess node = starting.get(120, TimeUnit.SECONDS)) {
                    SoapClient client = new SoapClient(node.address());
                    assertThat(client.authenticate(ServerProcess.USER, ServerProcess.PASSWORD)).isNotBlank();
                }
            }
        }
    }

    /** Until another session waits for a lock the holder has: the starting node's migrations. */
    private static void awaitWaitingForLock(Statement statement) throws Exception {
        for (int i = 0; i < 1200; i++) {
            try (ResultSet waiting = statement.executeQuery("SELECT COUNT(*) FROM pg_locks WHERE NOT granted"
                    + " AND relation = 'flyway_schema_history'::regclass")) {
                waiting.next();
                if (waiting.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the node never waited for the lock");
    }

    /** CLIENTS threads, half on each node, write random overlapping pairs for RUN_MILLIS. */
    private static List<Write> hammer(List<SoapClient> nodes, String token, List<String> customers, List<String> lists)
            throws Exception {
        ConcurrentLinkedQueue<Write> acknowledged = new ConcurrentLinkedQueue<>();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            long end = System.currentTimeMillis() + RUN_MILLIS;
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                SoapClient node = nodes.get(c % nodes.size());
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int seq = 0; System.currentTimeMillis() < end; seq++) {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        String customer = customers.get(random.nextInt(customers.size()));
                        String first = lists.get(random.nextInt(lists.size()));
                        String second = lists.get(random.nextInt(lists.size()));
                        String name = "c" + client + "-" + seq;
                        String status = random.nextBoolean() ? "OptIn" : "OptOut";
                        List<String> pairs = first.equals(second) ? List.of(first) : List.of(first, second);
                        String[] settings = pairs.stream().map(list -> Envelopes.fullSetting(list, name, "load",
                                status, key(), key(), key(), key())).toArray(String[]::new);
                        long sent = System.nanoTime();
                        SoapResponse response = node.post(envelope(token, Envelopes.set(customer, settings)));
                        long acked = System.nanoTime();
                        if (response.status() == 200) {
                            pairs.forEach(list -> acknowledged.add(new Write(customer, list, name, status, sent, acked)));
                        } else {
                            failures.merge(response.faultString(), 1, Integer::sum);
                        }
                    }
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("failed writes").isEmpty();
        return new ArrayList<>(acknowledged);
    }

    private static Map<String, Write> storedRows(String url, PostgresServer postgres, List<String> customers)
            throws Exception {
        Map<String, Write> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password());
             PreparedStatement select = connection.prepareStatement("SELECT customer_key, mailing_list_key,"
                     + " mailing_list_name, status FROM communication_preference WHERE customer_key = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("uuid", customers.stream().map(UUID::fromString).toArray()));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    String pair = pair(result.getString(1), result.getString(2));
                    Write row = new Write(result.getString(1), result.getString(2), result.getString(3),
                            result.getString(4), 0, 0);
                    assertThat(rows.put(pair, row)).as("duplicate row for %s", pair).isNull();
                }
            }
        }
        return rows;
    }

    private static CompletableFuture<ServerProcess> startAsync(Path dir, Map<String, String> env, String... args) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ServerProcess.start(dir, env, args);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String pair(String customer, String list) {
        return customer + "/" + list;
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
