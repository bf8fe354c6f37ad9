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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.support.JsonBodies;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.JsonResponse;
import org.xwebpreferences.support.ServerProcess;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;

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
            storeLists(json, customer, bearer);

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

    /**
     * Clients that ask for large answers and never read them hold those answers
     * in the heap until the request timeout: 64 of 3 MB ran the shipped heap
     * out. With room for 20 MB of answers (a quarter of the heap unless set
     * otherwise; set here, as two answers of 15 MB being made at once need
     * more than a small heap has), one unread answer of 15 MB held, another is
     * refused with "try again", over SOAP (with the token for the next call)
     * and JSON, and is served once the unread one is gone.
     */
    @Test
    void answersNobodyReadsHoldAtMostTheirRoomAndOthersAreToldToTryAgain() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir,
                Map.of("JAVA_TOOL_OPTIONS", "-Dxweb.answerMemoryBytes=20000000"),
                "--max-lists-per-customer", String.valueOf(LISTS))) {
            URI soapAddress = URI.create(server.address());
            URI base = URI.create(soapAddress.getScheme() + "://" + soapAddress.getRawAuthority());
            JsonClient json = new JsonClient(base.toString());
            String token = json.authenticate(ServerProcess.USER, ServerProcess.PASSWORD);
            String bearer = JsonClient.bearer(token);
            String customer = UUID.randomUUID().toString();
            storeLists(json, customer, bearer);

            try (Socket unread = askAndDoNotRead(base, customer, token)) {
                assertThat(statusLine(unread)).as("the unread answer is being sent, and holds its room")
                        .isEqualTo("HTTP/1.1 200 OK");
                JsonResponse refused = getAllUntil(503, Duration.ofSeconds(20), json, customer, bearer);
                assertThat(refused.status()).as("refused while an answer nobody reads is held").isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("5");
                assertThat(refused.json().get("error").asText()).contains("large answers", "try again later");
                assertThat(refused.token()).as("the token for the next call").isEqualTo(token);

                SoapResponse soap = new SoapClient(server.address()).getAll(token, customer);
                assertThat(soap.faultCode()).as("%s", soap).endsWith("Server");
                assertThat(soap.faultString()).contains("large answers", "try again later");
                assertThat(soap.token()).isEqualTo(token);
                unread.setSoLinger(true, 0);
            }

            JsonResponse served = getAllUntil(200, Duration.ofSeconds(10), json, customer, bearer);
            assertThat(served.status()).as("once the unread answer is gone").isEqualTo(200);
            assertThat(served.json().size()).isEqualTo(LISTS);
        }
    }

    /**
     * GetAlls being made at once hold their settings, wire objects and growing
     * answers before any answer exists: 32 of a customer with 5,000 lists
     * (4.8 MB answers) ran the shipped heap out, with the bound on answers held
     * and without. Here, on a 128 MiB heap (room for 32 MB of answers), 32 at
     * once over SOAP and JSON: each is answered whole or told to try again,
     * and the server is still there and answers the next ones.
     */
    @Test
    void answersBeingMadeAtOnceAreBoundedTooAndThoseBeyondAreToldToTryAgain() throws Exception {
        int lists = 5_000;
        try (ServerProcess server = ServerProcess.start(dataDir,
                Map.of("JAVA_TOOL_OPTIONS", "-Xmx128m -XX:+ExitOnOutOfMemoryError"),
                "--max-lists-per-customer", String.valueOf(lists))) {
            URI soapAddress = URI.create(server.address());
            String base = soapAddress.getScheme() + "://" + soapAddress.getRawAuthority();
            JsonClient json = new JsonClient(base);
            String token = json.authenticate(ServerProcess.USER, ServerProcess.PASSWORD);
            String customer = UUID.randomUUID().toString();
            storeLists(json, customer, JsonClient.bearer(token), lists);

            SoapClient soap = new SoapClient(server.address());
            String bearer = JsonClient.bearer(token);
            List<Callable<String>> getAlls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                getAlls.add(() -> wholeOrTryAgain(soap.getAll(token, customer), token));
                getAlls.add(() -> wholeOrTryAgain(json.get("GetAllCustomerCommunicationPreferences",
                        "customerKey=" + customer, bearer), token, lists));
            }
            ExecutorService clients = Executors.newFixedThreadPool(getAlls.size());
            List<String> outcomes = new ArrayList<>();
            try {
                for (Future<String> outcome : clients.invokeAll(getAlls)) {
                    outcomes.add(outcome.get());
                }
            } finally {
                clients.shutdownNow();
            }
            assertThat(outcomes).as("answered whole").contains("whole");
            // Room a request kept after its answer would leave none for these: a 5,000-list answer
            // takes a quarter of the room whole while it is made.
            for (int i = 0; i < 3; i++) {
                assertThat(soap.getAll(token, customer).status()).as("the server is still there, its room given"
                        + " back: %s", server.log()).isEqualTo(200);
                assertThat(json.get("GetAllCustomerCommunicationPreferences", "customerKey=" + customer, bearer)
                        .status()).isEqualTo(200);
            }
        }
    }

    private static String wholeOrTryAgain(SoapResponse response, String token) {
        if (response.status() == 200) {
            assertThat(response.body()).as("a whole answer").endsWith("</soap:Envelope>");
            return "whole";
        }
        assertThat(response.faultString()).as("%s", response).contains("large answers", "try again later");
        assertThat(response.token()).as("the token for the next call").isEqualTo(token);
        return "try again";
    }

    private static String wholeOrTryAgain(JsonResponse response, String token, int lists) {
        if (response.status() == 200) {
            assertThat(response.json().size()).as("a whole answer").isEqualTo(lists);
            return "whole";
        }
        assertThat(response.status()).as("%s", response).isEqualTo(503);
        assertThat(response.json().get("error").asText()).contains("large answers", "try again later");
        assertThat(response.token()).as("the token for the next call").isEqualTo(token);
        return "try again";
    }

    /** LISTS lists of 255-character names for the customer, 1,000 a request. */
    private static void storeLists(JsonClient json, String customer, String bearer) {
        storeLists(json, customer, bearer, LISTS);
    }

    /** That many lists of 255-character names for the customer, 1,000 a request. */
    private static void storeLists(JsonClient json, String customer, String bearer, int lists) {
        for (int request = 0; request < lists / 1000; request++) {
            List<String> settings = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                settings.add(JsonBodies.fullSetting(UUID.randomUUID().toString(), "N".repeat(255), "C".repeat(255),
                        "OptIn", UUID.randomUUID().toString(), null, null, null));
            }
            JsonResponse stored = json.post("SetCustomerCommunicationPreferences",
                    JsonBodies.set(customer, settings.toArray(String[]::new)), bearer);
            assertThat(stored.status()).as("%s", stored).isEqualTo(200);
        }
    }

    /** Asks for the large answer, reads none of it, and resets the connection while the server writes. */
    private static void getAllAndGiveUp(URI base, String customer, String token) throws Exception {
        try (Socket socket = askAndDoNotRead(base, customer, token)) {
            Thread.sleep(1_500); // the server has filled the socket's buffers and waits to write more
            socket.setSoLinger(true, 0);
        }
    }

    /** A connection that asked for the customer's large answer and reads none of it. */
    private static Socket askAndDoNotRead(URI base, String customer, String token) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
        socket.getOutputStream().write(("GET /xWeb/JSON/GetAllCustomerCommunicationPreferences?customerKey="
                + customer + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /** The first line of the answer, read byte by byte: the rest stays unread. */
    private static String statusLine(Socket socket) throws Exception {
        socket.setSoTimeout(30_000);
        StringBuilder line = new StringBuilder();
        for (int b = socket.getInputStream().read(); b != -1 && b != '\r'; b = socket.getInputStream().read()) {
            line.append((char) b);
        }
        return line.toString();
    }

    /** GetAll until it answers with the status or the time is up (the unread answers take a moment to be made). */
    private static JsonResponse getAllUntil(int status, Duration within, JsonClient json, String customer,
                                            String bearer) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        JsonResponse response = json.get("GetAllCustomerCommunicationPreferences", "customerKey=" + customer, bearer);
        while (response.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = json.get("GetAllCustomerCommunicationPreferences", "customerKey=" + customer, bearer);
        }
        return response;
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
