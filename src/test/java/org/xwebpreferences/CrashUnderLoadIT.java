package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.support.ServerProcess;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;

/**
 * The server process is killed with kill -9 while eight clients stream Sets
 * at it. After a restart on the same data directory every acknowledged
 * request is there whole, and every request, acknowledged or cut off, is
 * there whole or not at all: its three rows and their three history entries.
 */
class CrashUnderLoadIT {

    private static final int CLIENTS = 8;
    private static final int LISTS_PER_REQUEST = 3;

    @TempDir
    Path dataDir;

    /** One Set: a customer, three new mailing lists, each named after the request. */
    record Attempt(int id, String customer, List<String> lists) {
        String name(int index) {
            return "request " + id + " list " + index;
        }
    }

    private final Map<Integer, Attempt> attempts = new ConcurrentHashMap<>();
    private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    private final Queue<String> refusedBeforeTheKill = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicBoolean killed = new AtomicBoolean();

    @Test
    void everyRequestIsWholeOrAbsentAfterKillMinus9UnderLoadAndEveryAcknowledgedOneIsWhole() throws Exception {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            customers.add(UUID.randomUUID().toString());
        }
        String token;
        ServerProcess server = ServerProcess.start(dataDir);
        try {
            SoapClient client = new SoapClient(server.address());
            token = client.authenticate(ServerProcess.USER, ServerProcess.PASSWORD);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> streams = new ArrayList<>();
            for (String customer : customers) {
                streams.add(pool.submit(() -> stream(client, token, customer)));
            }
            Thread.sleep(3000);
            killed.set(true);
            server.kill();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("the clients stop once the server is gone").isTrue();
            for (Future<?> stream : streams) {
                stream.get();
            }
        } finally {
            server.close();
        }

        assertThat(refusedBeforeTheKill).as("requests refused while the server ran").isEmpty();
        assertThat(acknowledged).as("requests acknowledged before the kill").hasSizeGreaterThan(CLIENTS * 5);
        assertThat(attempts.size()).as("requests sent, some cut off by the kill").isGreaterThan(acknowledged.size());

        Map<String, Map<String, String>> rows = new HashMap<>();
        try (ServerProcess restarted = ServerProcess.start(dataDir)) {
            SoapClient client = new SoapClient(restarted.address());
            for (String customer : customers) {
                // The token issued before the crash is in the database: it still works.
                SoapResponse all = client.getAll(token, customer);
                assertThat(all.status()).as("%s", all).isEqualTo(200);
                Map<String, String> names = new HashMap<>();
                List<String> keys = all.texts("//x:MailingListSetting/x:mailing_list_key");
                List<String> listNames = all.texts("//x:MailingListSetting/x:mailing_list_name");
                assertThat(listNames).hasSameSizeAs(keys);
                for (int i = 0; i < keys.size(); i++) {
                    names.put(keys.get(i), listNames.get(i));
                }
                rows.put(customer, names);
            }
        }

        int whole = 0;
        for (Attempt attempt : attempts.values()) {
            Map<String, String> customerRows = rows.get(attempt.customer());
            int present = 0;
            for (int i = 0; i < LISTS_PER_REQUEST; i++) {
                String name = customerRows.get(attempt.lists().get(i));
                if (name != null) {
                    assertThat(name).isEqualTo(attempt.name(i));
                    present++;
                }
            }
            assertThat(present).as("rows of request %d (acknowledged: %s)", attempt.id(),
                    acknowledged.contains(attempt.id())).isIn(0, LISTS_PER_REQUEST);
            if (acknowledged.contains(attempt.id())) {
                assertThat(present).as("rows of acknowledged request %d", attempt.id()).isEqualTo(LISTS_PER_REQUEST);
            }
            whole += present == LISTS_PER_REQUEST ? 1 : 0;
        }
        System.out.printf("CrashUnderLoadIT: %d requests sent, %d acknowledged, %d whole after the restart%n",
                attempts.size(), acknowledged.size(), whole);
        int rowCount = rows.values().stream().mapToInt(Map::size).sum();
        assertThat(rowCount).as("rows stored: those of whole requests only").isEqualTo(whole * LISTS_PER_REQUEST);

        assertTheHistoryMatchesTheRows(rows);
    }

    /** Each request's history entries were committed with its rows: three where its rows are, none elsewhere. */
    private void assertTheHistoryMatchesTheRows(Map<String, Map<String, String>> rows) throws Exception {
        Map<String, Integer> entriesByName = new HashMap<>();
        DatabaseSettings database = DatabaseSettings.embedded(dataDir);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.jdbcUser(),
                database.jdbcPassword());
             PreparedStatement select = connection.prepareStatement("SELECT mailing_list_name, status_before"
                     + " FROM preference_history");
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                assertThat(result.getString(2)).as("status_before of a new list").isNull();
                entriesByName.merge(result.getString(1), 1, Integer::sum);
            }
        }
        for (Attempt attempt : attempts.values()) {
            boolean stored = rows.get(attempt.customer()).containsKey(attempt.lists().get(0));
            for (int i = 0; i < LISTS_PER_REQUEST; i++) {
                assertThat(entriesByName.getOrDefault(attempt.name(i), 0))
                        .as("history entries of %s", attempt.name(i)).isEqualTo(stored ? 1 : 0);
            }
        }
    }

    /** Sets for one customer, one after another, until the server is gone. */
    private void stream(SoapClient client, String token, String customer) {
        String current = token;
        while (true) {
            Attempt attempt = new Attempt(ids.incrementAndGet(), customer,
                    List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString()));
            attempts.put(attempt.id(), attempt);
            SoapResponse response;
            try {
                response = client.post(SoapClient.envelope(current, set(attempt)));
            } catch (RuntimeException connectionLost) {
                if (!killed.get()) {
                    refusedBeforeTheKill.add("request " + attempt.id() + ": " + connectionLost);
                }
                return;
            }
            if (response.status() == 200) {
                acknowledged.add(attempt.id());
                current = response.token();
            } else if (!killed.get()) {
                refusedBeforeTheKill.add("request " + attempt.id() + ": " + response);
            }
        }
    }

    private static String set(Attempt attempt) {
        StringBuilder settings = new StringBuilder();
        for (int i = 0; i < LISTS_PER_REQUEST; i++) {
            settings.append("<MailingListSetting><mailing_list_key>").append(attempt.lists().get(i))
                    .append("</mailing_list_key><mailing_list_name>").append(attempt.name(i))
                    .append("</mailing_list_name><status>").append(i % 2 == 0 ? "OptIn" : "OptOut")
                    .append("</status></MailingListSetting>");
        }
        return "<SetCustomerCommunicationPreferences xmlns=\"" + SoapClient.NS + "\"><customerKey>" + attempt.customer()
                + "</customerKey><preferences>" + settings + "</preferences></SetCustomerCommunicationPreferences>";
    }
}
