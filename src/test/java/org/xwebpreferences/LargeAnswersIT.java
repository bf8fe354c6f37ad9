package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.support.JsonBodies;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.JsonResponse;
import org.xwebpreferences.support.ServerProcess;

/**
 * Answers of many megabytes, which an operator allows by raising
 * --max-lists-per-customer. The JDK keeps, per thread, a direct buffer as
 * large as the largest socket write or read it made; a few answers of tens of
 * MB used up the JVM's direct memory, and every later answer broke off after
 * its headers (probe of 2026-11-27). And an answer the client never takes is
 * not counted as a success.
 */
class LargeAnswersIT {

    private static final Pattern DIRECT = Pattern.compile("jvm_buffer_memory_used_bytes\\{id=\"direct\"} (\\S+)");
    private static final String GONE = "xweb_requests_total{operation=\"GetAllCustomerCommunicationPreferences\","
            + "outcome=\"client_gone\",protocol=\"json\"} 1.0";
    /** With names of 255 characters, an answer of about 12 MB: more than a socket's buffers hold. */
    private static final int LISTS = 20_000;

    @TempDir
    Path dataDir;

    @Test
    void largeAnswersLeaveNoDirectMemoryBehindAndOneNeverReadIsCountedAsClientGone() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir, "--max-lists-per-customer", String.valueOf(LISTS))) {
            URI soap = URI.create(server.address());
            String base = soap.getScheme() + "://" + soap.getRawAuthority();
            JsonClient json = new JsonClient(base);
            String token = json.authenticate(ServerProcess.USER, ServerProcess.PASSWORD);
            String bearer = JsonClient.bearer(token);
            String customer = UUID.randomUUID().toString();
            for (int request = 0; request < LISTS / 1000; request++) {
                List<String> settings = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    settings.add(JsonBodies.fullSetting(UUID.randomUUID().toString(), "N".repeat(255), "C".repeat(255),
                            "OptIn", UUID.randomUUID().toString(), null, null, null));
                }
                JsonResponse stored = json.post("SetCustomerCommunicationPreferences",
                        JsonBodies.set(customer, settings.toArray(String[]::new)), bearer);
                assertThat(stored.status()).as("%s", stored).isEqualTo(200);
            }

            long largest = 0;
            for (int i = 0; i < 6; i++) {
                JsonResponse all = json.get("GetAllCustomerCommunicationPreferences", "customerKey=" + customer, bearer);
                assertThat(all.status()).as("GetAll #%d", i + 1).isEqualTo(200);
                assertThat(all.json().size()).isEqualTo(LISTS);
                largest = Math.max(largest, all.body().length());
            }
            assertThat(largest).as("each answer is many megabytes").isGreaterThan(10_000_000);
            assertThat(directMemory(base)).as("direct memory after 6 answers of %d bytes", largest)
                    .isLessThan(8L * 1024 * 1024);

            getAllAndGiveUp(URI.create(base), customer, token);
            assertThat(awaitMetrics(base, GONE)).contains(GONE);
        }
    }

    /** Asks for the large answer, reads none of it, and resets the connection while the server writes. */
    private static void getAllAndGiveUp(URI base, String customer, String token) throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            socket.getOutputStream().write(("GET /xWeb/JSON/GetAllCustomerCommunicationPreferences?customerKey="
                    + customer + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(1_500); // the server has filled the socket's buffers and waits to write more
            socket.setSoLinger(true, 0);
        }
    }

    private static String awaitMetrics(String base, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String metrics = metrics(base);
        while (!metrics.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            metrics = metrics(base);
        }
        return metrics;
    }

    private static long directMemory(String base) throws Exception {
        String metrics = metrics(base);
        Matcher direct = DIRECT.matcher(metrics);
        assertThat(direct.find()).as(metrics).isTrue();
        return (long) Double.parseDouble(direct.group(1));
    }

    private static String metrics(String base) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
