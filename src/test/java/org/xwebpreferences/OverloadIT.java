package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.support.ServerProcess;
import org.xwebpreferences.support.SoapClient;

/**
 * More clients than workers, and clients that send slowly: everybody gets an
 * answer (200, or 503 at once when the queue is too long), the slow ones are
 * cut off after the request timeout, and nobody waits without end.
 */
class OverloadIT {

    @TempDir
    Path dataDir;

    @Test
    void moreClientsThanWorkersAreServedOrToldToComeBackNeverLeftHanging() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir, "--workers", "2", "--max-queue-wait", "300ms")) {
            String token = new SoapClient(server.address()).authenticate(ServerProcess.USER, ServerProcess.PASSWORD);
            Map<String, Integer> answers = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(48);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 48; c++) {
                done.add(clients.submit(() -> {
                    SoapClient client = new SoapClient(server.address());
                    for (int i = 0; i < 15; i++) {
                        String answer;
                        try {
                            answer = Integer.toString(client.getAll(token, UUID.randomUUID().toString()).status());
                        } catch (UncheckedIOException e) {
                            answer = "no answer: " + e.getCause().getMessage();
                        }
                        answers.merge(answer, 1, Integer::sum);
                    }
                }));
            }
            for (Future<?> client : done) {
                client.get(120, TimeUnit.SECONDS);
            }
            clients.shutdown();

            assertThat(answers.keySet()).as("answers: %s", answers).isSubsetOf("200", "503").contains("200");
        }
    }

    @Test
    void slowClientsAreCutOffAfterTheRequestTimeoutAndServiceResumes() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir, "--workers", "2", "--request-timeout", "2s",
                "--max-queue-wait", "1s")) {
            URI address = URI.create(server.address());
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < 6; i++) { // three times as many as there are workers
                Socket socket = new Socket(address.getHost(), address.getPort());
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + address.getPath() + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
                        + "Content-Length: 1000\r\n\r\n<soap:Envelope").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            for (Socket socket : slow) {
                socket.setSoTimeout(15_000);
                long waited = System.nanoTime();
                assertThat(readQuietly(socket.getInputStream())).as("the slow client's connection was closed").isEqualTo(-1);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waited)).isLessThan(15_000);
                socket.close();
            }

            SoapClient client = new SoapClient(server.address());
            String token = client.authenticate(ServerProcess.USER, ServerProcess.PASSWORD);
            assertThat(client.getAll(token, UUID.randomUUID().toString()).status()).isEqualTo(200);
        }
    }

    private static int readQuietly(InputStream in) {
        try {
            return in.read();
        } catch (IOException closed) {
            return -1;
        }
    }
}
