package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.SoapClient.envelope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.CapturedLogs;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/**
 * A flood of logins with wrong passwords, at the production hash strength,
 * does not starve the clients that hold tokens: their calls keep succeeding;
 * and the right password, sent by many callers at once, is not taken for one.
 */
class LoginFloodIT {

    private static final int FLOODERS = 24;

    /**
     * A sync job whose workers all call Authenticate as they start: the slow
     * hash runs once for them all (over SOAP and JSON alike), and each gets a
     * token of its own. 3 of 8 such calls were told that too many logins were
     * being checked (contract audit): all beyond half the cores and 4 waiting,
     * so 16 at once were refused before on machines of fewer than 24 cores.
     */
    @Test
    void workersThatAllAuthenticateAtOnceAllGetATokenOfTheirOwn() throws Exception {
        int workers = 16;
        try (TestServer server = TestServer.start(Duration.ofMinutes(30), false, 600_000)) {
            SoapClient client = server.client();
            JsonClient json = JsonClient.of(server);
            CyclicBarrier start = new CyclicBarrier(workers);
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < workers; i++) {
                    boolean overJson = i % 2 == 1;
                    answers.add(pool.submit(() -> {
                        start.await();
                        return overJson ? json.authenticate(TestServer.USER, TestServer.PASSWORD)
                                : client.authenticate(TestServer.USER, TestServer.PASSWORD);
                    }));
                }
                List<String> tokens = new ArrayList<>();
                for (Future<String> answer : answers) {
                    tokens.add(answer.get());
                }
                assertThat(tokens).as("every worker's token").doesNotContainNull().doesNotHaveDuplicates();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void tokenHoldersKeepBeingServedDuringALoginFlood() throws Exception {
        try (TestServer server = TestServer.start(Duration.ofMinutes(30), false, 600_000);
             CapturedLogs logs = new CapturedLogs("ROOT")) {
            SoapClient client = server.client();
            String token = client.authenticate(TestServer.USER, TestServer.PASSWORD);
            JsonClient json = JsonClient.of(server);
            AtomicBoolean flooding = new AtomicBoolean(true);
            ConcurrentHashMap<Integer, Integer> floodAnswers = new ConcurrentHashMap<>();
            ExecutorService flood = Executors.newFixedThreadPool(FLOODERS);
            for (int i = 0; i < FLOODERS; i++) {
                int flooder = i;
                flood.submit(() -> {
                    while (flooding.get()) {
                        int status = flooder % 2 == 0
                                ? client.post(envelope(null, Envelopes.authenticate("user-" + flooder, "guess-"
                                        + UUID.randomUUID()))).status()
                                : json.get("GetAllCustomerCommunicationPreferences", "customerKey=" + UUID.randomUUID(),
                                        JsonClient.basic(TestServer.USER, "guess-" + UUID.randomUUID())).status();
                        floodAnswers.merge(status, 1, Integer::sum);
                    }
                });
            }
            Thread.sleep(1_000); // the flood is in full swing

            List<Long> millis = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 40; i++) {
                long start = System.nanoTime();
                SoapResponse response = client.getAll(token, UUID.randomUUID().toString());
                millis.add((System.nanoTime() - start) / 1_000_000);
                assertThat(response.status()).as("token call %d during the flood: %s", i, response).isEqualTo(200);
            }
            flooding.set(false);
            flood.shutdown();

            Collections.sort(millis);
            assertThat(millis.get(millis.size() / 2)).as("median ms of token calls during the flood: %s", millis)
                    .isLessThan(1_000);
            assertThat(floodAnswers.keySet()).as("the flood got refusals, never successes: %s", floodAnswers)
                    .doesNotContain(200).containsAnyOf(401, 500, 503);
            assertThat(logs.linesWithLevel()).as("an overload turned away is a warning, not an error")
                    .filteredOn(line -> line.contains("too many logins")).allMatch(line -> line.startsWith("WARN "));
        }
    }
}
