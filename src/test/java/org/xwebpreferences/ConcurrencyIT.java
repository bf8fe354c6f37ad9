package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.JsonBodies;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.JsonResponse;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/**
 * Sixteen clients, half of their requests SOAP and half JSON, write
 * overlapping (customer, mailing list) pairs at once. Every request is
 * acknowledged; afterwards each pair has one row, holding a write that was
 * acknowledged and that no acknowledged write started after its
 * acknowledgement (which would have had to replace it); and each pair's
 * history is one unbroken chain in an order the clients could have seen.
 */
class ConcurrencyIT {

    private static final int CLIENTS = 16;
    private static final int REQUESTS_PER_CLIENT = 500;
    private static final int CUSTOMERS = 5;
    private static final int LISTS = 6;
    private static final String[] STATUSES = {"OptIn", "OptOut", "Undefined"};

    private static TestServer server;
    private static String token;
    private static final List<String> customers = new ArrayList<>();
    private static final List<String> lists = new ArrayList<>();
    /** Every acknowledged write of one pair, from every client. */
    private static final Queue<Write> acknowledged = new ConcurrentLinkedQueue<>();
    private static final Queue<String> failures = new ConcurrentLinkedQueue<>();

    /** One pair as one request wrote it, and when: [sent, acknowledged] in System.nanoTime(). */
    record Write(Pair pair, String name, String status, long sent, long acknowledged, String protocol) {
    }

    record Pair(String customer, String list) {
        @Override
        public String toString() {
            return customer.substring(0, 8) + "/" + list.substring(0, 8);
        }
    }

    /** A stored row or a history entry, as read from the database. */
    record Stored(String name, String status) {
    }

    record HistoryEntry(long id, String statusBefore, String statusAfter, String name) {
    }

    @BeforeAll
    static void writeConcurrently() throws Exception {
        server = TestServer.start();
        token = server.client().authenticate(TestServer.USER, TestServer.PASSWORD);
        for (int i = 0; i < CUSTOMERS; i++) {
            customers.add(UUID.randomUUID().toString());
        }
        for (int i = 0; i < LISTS; i++) {
            lists.add(UUID.randomUUID().toString());
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                clients.add(pool.submit(() -> {
                    start.await();
                    new Client(id).run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One client: its own connection, its own token chain, a fixed seed so that a failure can be replayed. */
    private static final class Client {
        private final int id;
        private final Random random;
        private final SoapClient soap = server.client();
        private final JsonClient json = JsonClient.of(server);
        private String token = ConcurrencyIT.token;

        Client(int id) {
            this.id = id;
            this.random = new Random(1000L + id);
        }

        void run() {
            for (int request = 0; request < REQUESTS_PER_CLIENT; request++) {
                String customer = customers.get(random.nextInt(CUSTOMERS));
                List<String> chosen = new ArrayList<>(lists);
                Collections.shuffle(chosen, random);
                chosen = chosen.subList(0, 1 + random.nextInt(3));
                String name = "client " + id + " request " + request;
                List<String> statuses = new ArrayList<>();
                for (int i = 0; i < chosen.size(); i++) {
                    statuses.add(STATUSES[random.nextInt(STATUSES.length)]);
                }
                boolean viaSoap = (id + request) % 2 == 0;
                long sent = System.nanoTime();
                try {
                    boolean ok = viaSoap ? setSoap(customer, chosen, name, statuses) : setJson(customer, chosen, name, statuses);
                    long done = System.nanoTime();
                    if (ok) {
                        for (int i = 0; i < chosen.size(); i++) {
                            acknowledged.add(new Write(new Pair(customer, chosen.get(i)), name, statuses.get(i), sent, done,
                                    viaSoap ? "SOAP" : "JSON"));
                        }
                    }
                } catch (RuntimeException e) {
                    failures.add(name + ": " + e);
                }
            }
        }

        private boolean setSoap(String customer, List<String> chosen, String name, List<String> statuses) {
            StringBuilder settings = new StringBuilder();
            for (int i = 0; i < chosen.size(); i++) {
                settings.append("<MailingListSetting><mailing_list_key>").append(chosen.get(i))
                        .append("</mailing_list_key><mailing_list_name>").append(name)
                        .append("</mailing_list_name><status>").append(statuses.get(i))
                        .append("</status></MailingListSetting>");
            }
            SoapResponse response = soap.post(SoapClient.envelope(token, "<SetCustomerCommunicationPreferences xmlns=\""
                    + SoapClient.NS + "\"><customerKey>" + customer + "</customerKey><preferences>" + settings
                    + "</preferences></SetCustomerCommunicationPreferences>"));
            if (response.status() != 200) {
                failures.add(name + " (SOAP): " + response);
                return false;
            }
            token = Objects.requireNonNull(response.token(), "the token for the next call");
            return true;
        }

        private boolean setJson(String customer, List<String> chosen, String name, List<String> statuses) {
            String[] settings = new String[chosen.size()];
            for (int i = 0; i < chosen.size(); i++) {
                settings[i] = JsonBodies.fullSetting(chosen.get(i), name, null, statuses.get(i), null, null, null, null);
            }
            JsonResponse response = json.post(JsonBodies.SET, JsonBodies.set(customer, settings), JsonClient.bearer(token));
            if (response.status() != 200) {
                failures.add(name + " (JSON): " + response);
                return false;
            }
            token = Objects.requireNonNull(response.token(), "the token for the next call");
            return true;
        }
    }

    @Test
    void everyRequestIsAcknowledged() {
        assertThat(failures).isEmpty();
        long requests = acknowledged.stream().map(Write::name).distinct().count();
        assertThat(requests).isEqualTo((long) CLIENTS * REQUESTS_PER_CLIENT);
        assertThat(acknowledged.stream().filter(write -> write.protocol().equals("SOAP")).map(Write::name).distinct().count())
                .isEqualTo((long) CLIENTS * REQUESTS_PER_CLIENT / 2);
    }

    @Test
    void eachPairWrittenHasExactlyOneRowHoldingAnAcknowledgedWrite() throws Exception {
        Map<Pair, List<Write>> writes = writesByPair();
        Map<Pair, List<Stored>> rows = storedRows();

        assertThat(rows.keySet()).as("the pairs with rows").containsExactlyInAnyOrderElementsOf(writes.keySet());
        for (Map.Entry<Pair, List<Stored>> row : rows.entrySet()) {
            assertThat(row.getValue()).as("rows of %s", row.getKey()).hasSize(1);
            Stored stored = row.getValue().get(0);
            assertThat(writes.get(row.getKey())).as("acknowledged writes of %s", row.getKey())
                    .anyMatch(write -> write.name().equals(stored.name()) && write.status().equals(stored.status()));
        }
    }

    @Test
    void noAcknowledgedWriteStartedAfterTheStoredWriteWasAcknowledged() throws Exception {
        Map<Pair, List<Write>> writes = writesByPair();
        for (Map.Entry<Pair, List<Stored>> row : storedRows().entrySet()) {
            Stored stored = row.getValue().get(0);
            Write winner = writes.get(row.getKey()).stream().filter(write -> write.name().equals(stored.name()))
                    .findFirst().orElseThrow();
            assertThat(writes.get(row.getKey()))
                    .as("writes of %s sent after %s (the one stored) was acknowledged: each should have replaced it",
                            row.getKey(), winner.name())
                    .noneMatch(write -> write.sent() > winner.acknowledged());
        }
    }

    @Test
    void eachPairsHistoryIsAnUnbrokenChainOfItsAcknowledgedWrites() throws Exception {
        Map<Pair, List<Write>> writes = writesByPair();
        Map<Pair, List<HistoryEntry>> history = history();
        Map<Pair, List<Stored>> rows = storedRows();

        assertThat(history.keySet()).containsExactlyInAnyOrderElementsOf(writes.keySet());
        for (Map.Entry<Pair, List<HistoryEntry>> pair : history.entrySet()) {
            List<HistoryEntry> entries = pair.getValue();
            String previous = null;
            for (HistoryEntry entry : entries) {
                assertThat(entry.statusBefore()).as("%s: status_before of history entry %d", pair.getKey(), entry.id())
                        .isEqualTo(previous);
                previous = entry.statusAfter();
            }
            // Every write is a change (each request writes its own name): one entry per acknowledged write.
            assertThat(entries.stream().map(HistoryEntry::name).toList()).as("%s: names in the history", pair.getKey())
                    .containsExactlyInAnyOrderElementsOf(writes.get(pair.getKey()).stream().map(Write::name).toList());
            HistoryEntry last = entries.get(entries.size() - 1);
            assertThat(new Stored(last.name(), last.statusAfter())).as("%s: the last entry and the row", pair.getKey())
                    .isEqualTo(rows.get(pair.getKey()).get(0));
        }
    }

    @Test
    void eachPairsHistoryIsInAnOrderTheClientsCouldHaveSeen() throws Exception {
        Map<Pair, List<Write>> writes = writesByPair();
        for (Map.Entry<Pair, List<HistoryEntry>> pair : history().entrySet()) {
            Map<String, Write> byName = writes.get(pair.getKey()).stream()
                    .collect(Collectors.toMap(Write::name, write -> write));
            long latestSent = Long.MIN_VALUE;
            Write latest = null;
            for (HistoryEntry entry : pair.getValue()) {
                Write write = byName.get(entry.name());
                // An entry after another cannot belong to a write acknowledged before that other was sent.
                assertThat(write.acknowledged()).as("%s: %s (history id %d) was acknowledged before %s was sent,"
                                + " yet it comes later in the history", pair.getKey(), write.name(), entry.id(),
                        latest == null ? "-" : latest.name())
                        .isGreaterThan(latestSent);
                if (write.sent() > latestSent) {
                    latestSent = write.sent();
                    latest = write;
                }
            }
        }
    }

    private static Map<Pair, List<Write>> writesByPair() {
        return acknowledged.stream().collect(Collectors.groupingBy(Write::pair));
    }

    private static Map<Pair, List<Stored>> storedRows() throws Exception {
        Map<Pair, List<Stored>> rows = new HashMap<>();
        try (Connection connection = server.jdbc();
             PreparedStatement select = connection.prepareStatement("SELECT customer_key, mailing_list_key,"
                     + " mailing_list_name, status FROM communication_preference");
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                Pair pair = new Pair(result.getString(1), result.getString(2));
                rows.computeIfAbsent(pair, key -> new ArrayList<>()).add(new Stored(result.getString(3), result.getString(4)));
            }
        }
        return rows;
    }

    private static Map<Pair, List<HistoryEntry>> history() throws Exception {
        Map<Pair, List<HistoryEntry>> history = new HashMap<>();
        try (Connection connection = server.jdbc();
             PreparedStatement select = connection.prepareStatement("SELECT id, customer_key, mailing_list_key,"
                     + " status_before, status_after, mailing_list_name FROM preference_history ORDER BY id");
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                history.computeIfAbsent(new Pair(result.getString(2), result.getString(3)), key -> new ArrayList<>())
                        .add(new HistoryEntry(result.getLong(1), result.getString(4), result.getString(5),
                                result.getString(6)));
            }
        }
        return history;
    }
}
