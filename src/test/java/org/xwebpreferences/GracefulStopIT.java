package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.SoapClient.envelope;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.ServerProcess;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;

/**
 * SIGTERM in the middle of a stream of writes: the server finishes what it
 * started and exits 0. Every acknowledged write is stored; a request that got
 * no answer, or was turned away with 503, was not applied.
 */
class GracefulStopIT {

    private static final int CLIENTS = 6;

    @TempDir
    Path dataDir;

    @Test
    void sigtermFinishesRequestsInFlightStoresEveryAcknowledgedWriteAndExitsZero() throws Exception {
        String customer = UUID.randomUUID().toString();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unanswered = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        int exitCode;
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            SoapClient client = new SoapClient(server.address());
            String token = client.authenticate(ServerProcess.USER, ServerProcess.PASSWORD);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> writers = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                writers.add(pool.submit(() -> write(new SoapClient(server.address()), token, customer, stop,
                        acknowledged, unanswered, refused)));
            }
            while (acknowledged.size() < 50) {
                Thread.sleep(20);
            }
            exitCode = server.terminate();
            stop.set(true);
            for (Future<?> writer : writers) {
                writer.get();
            }
            pool.shutdownNow();
        }
        assertThat(exitCode).isZero();

        try (ServerProcess restarted = ServerProcess.start(dataDir)) {
            SoapClient client = new SoapClient(restarted.address());
            String token = client.authenticate(ServerProcess.USER, ServerProcess.PASSWORD);
            Set<String> stored = client.getAll(token, customer).texts("//x:MailingListSetting/x:mailing_list_key")
                    .stream().collect(Collectors.toSet());
            assertThat(stored).containsAll(acknowledged);
            assertThat(stored).doesNotContainAnyElementsOf(refused);
            assertThat(stored).as("written though its client got no answer").doesNotContainAnyElementsOf(unanswered);
        }
    }

    /** Writes one new mailing list per request until stopped or the server is gone. */
    private static void write(SoapClient client, String token, String customer, AtomicBoolean stop,
                              ConcurrentLinkedQueue<String> acknowledged, ConcurrentLinkedQueue<String> unanswered,
                              ConcurrentLinkedQueue<String> refused) {
        while (!stop.get()) {
            String list = UUID.randomUUID().toString();
            try {
                SoapResponse response = client.post(envelope(token, Envelopes.set(customer,
                        Envelopes.setting(list, "OptIn"))));
                if (response.status() == 200) {
                    acknowledged.add(list);
                } else if (response.status() == 503) {
                    refused.add(list);
                } else {
                    throw new AssertionError("unexpected answer during the stop: " + response);
                }
            } catch (UncheckedIOException e) {
                unanswered.add(list); // connection refused or closed: the server had not started it
            }
        }
    }
}
