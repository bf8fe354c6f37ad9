package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.JsonBodies;
import org.xwebpreferences.support.TestServer;

/**
 * Requests a proxy in front may frame differently from the server: bytes sent
 * after them on the same connection are never run as a request of their own.
 * Written byte for byte, as no client library would send them.
 */
class RequestSmugglingIT {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

    private static TestServer server;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        token = server.client().authenticate(TestServer.USER, TestServer.PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A whole JSON Set, as a smuggler would hide it: run, it would store a row. */
    private static String hiddenSet() {
        String body = JsonBodies.set(UUID.randomUUID().toString(),
                JsonBodies.setting(UUID.randomUUID().toString(), "OptIn"));
        return "POST /xWeb/JSON/SetCustomerCommunicationPreferences HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String chunkedGetAllHead() {
        return "POST /xWeb/JSON/GetAllCustomerCommunicationPreferences HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    }

    @Test
    void aChunkSizeOf4GibIsNotTheLastChunkToRunWhatFollowsAsARequest() throws Exception {
        int rowsBefore = server.preferenceRows();

        // The JDK reads 100000000 (2^32) as 0: the last chunk. A proxy reads a 4 GiB body.
        String answers = exchange(chunkedGetAllHead() + "100000000\r\n\r\n" + hiddenSet());

        assertThat(statuses(answers)).as(answers).hasSize(1);
        assertThat(server.preferenceRows()).as("the hidden Set was not run").isEqualTo(rowsBefore);
    }

    @Test
    void aBareCarriageReturnInAHeaderDoesNotLetAHiddenRequestRun() throws Exception {
        int rowsBefore = server.preferenceRows();

        // The JDK reads a bare CR as a line break: a Transfer-Encoding a proxy saw as part of X-A's value.
        String answers = exchange("GET /health/live HTTP/1.1\r\nHost: x\r\nX-A: a\rTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n" + hiddenSet());

        assertThat(statuses(answers)).as(answers).containsExactly("200");
        assertThat(server.preferenceRows()).as("the hidden Set was not run").isEqualTo(rowsBefore);
    }

    /**
     * The JDK joins a line that starts with a space or tab to the header before it: a proxy that takes
     * " Content-Length: N" as a header of its own forwards N bytes of body, which ran here as the next
     * request (hostile-input audit).
     */
    @Test
    void aFramingHeaderFoldedIntoAnotherIsRefusedAndTheBodyAProxySawIsNotRun() throws Exception {
        int rowsBefore = server.preferenceRows();
        String hidden = hiddenSet();

        for (String fold : List.of("X-Note: a\r\n Content-Length: ", "X-Note: a\r\n\tcontent-length : ",
                "X-Note:\r\n Content-Length: ")) {
            String answers = exchange("GET /health/live HTTP/1.1\r\nHost: x\r\n" + fold
                    + hidden.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + hidden);

            assertThat(statuses(answers)).as(answers).containsExactly("400");
            assertThat(answers).contains("Header 'X-note': its value holds '");
        }
        String chunked = exchange("POST /xWeb/JSON/GetAllCustomerCommunicationPreferences HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nX-Note: a\r\n Transfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n" + hidden);
        assertThat(statuses(chunked)).as(chunked).containsExactly("400");
        assertThat(server.preferenceRows()).as("the hidden Set was not run").isEqualTo(rowsBefore);
    }

    @Test
    void aColonInAnOrdinaryHeaderValueIsNoFoldedHeader() throws Exception {
        String answers = exchange("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Note: length: 5, Content-Length"
                + " noted\r\nUser-Agent: probe (see: http://example.com/)\r\nX-Many: :" + " Content-Length".repeat(1000)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(statuses(answers)).as(answers).containsExactly("200");
    }

    @Test
    void aChunkSizeReadAsNegativeIsABrokenBodyNotAServerFault() throws Exception {
        String answers = exchange(chunkedGetAllHead() + "80000000\r\n{}\r\n0\r\n\r\n");

        assertThat(statuses(answers)).as(answers).containsExactly("400");
        assertThat(answers).contains("\"error\":\"body: The request body is not valid chunked transfer encoding,")
                .doesNotContain("Exception").as("the connection closed after the answer").doesNotContain("[still open]");
    }

    @Test
    void aChunkedRequestIsAnsweredNormallyOnAConnectionThatThenCloses() throws Exception {
        String body = JsonBodies.getAll(UUID.randomUUID().toString());
        String chunked = chunkedGetAllHead() + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";

        String answers = exchange(chunked + chunked);

        assertThat(statuses(answers)).as(answers).containsExactly("200");
        assertThat(answers).containsIgnoringCase("Connection: close").contains("[]");
    }

    @Test
    void aPathWithAPercentEscapeIsNotFoundEvenWhereItDecodesToAServedPath() throws Exception {
        String escaped = exchange("GET /%6detrics HTTP/1.1\r\nHost: x\r\n\r\n");
        String plain = exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(statuses(escaped)).as(escaped).containsExactly("404");
        assertThat(escaped).doesNotContain("jvm_memory");
        assertThat(statuses(plain)).as(plain).containsExactly("200");
    }

    /** The JSON path's errors are JSON, these too: they were plain text (JSON audit). */
    @Test
    void onTheJsonPathTheRefusalsAreJson() throws Exception {
        String escaped = exchange("GET /xWeb/JSON/GetAllCustomerCommunicationPreferences%2F HTTP/1.1\r\nHost: x\r\n\r\n");
        String signed = exchange(hiddenSet().replace("Content-Length: ", "Content-Length: +"));
        String soap = exchange("GET /xWeb/Secure/netForumXML.asmx%3Fwsdl HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(statuses(escaped)).as(escaped).containsExactly("404");
        assertThat(escaped).containsIgnoringCase("Content-Type: application/json; charset=utf-8")
                .endsWith("\r\n\r\n{\"error\":\"No such path: this server's paths have no percent escapes\",\"field\":null}");
        assertThat(statuses(signed)).as(signed).containsExactly("400");
        assertThat(signed).containsIgnoringCase("Content-Type: application/json").contains("{\"error\":\"Content-Length: '+");
        assertThat(soap).as("elsewhere plain text, as before").containsIgnoringCase("Content-Type: text/plain");
    }

    @Test
    void aTargetAProxyReadsAsAnotherPathIsRefusedAndOnlyAPathOrAnHttpUrlIsServed() throws Exception {
        // A proxy reads //x/metrics as the path /x/metrics, past a rule on /metrics; the JDK as host x, path /metrics.
        // The WSDL's address was the Host's for //evil.example/...?wsdl; now it is refused as well.
        for (String target : List.of("//x/metrics", "//@x/metrics", "///metrics", "x:/metrics", "file:///metrics",
                "http:/metrics", "//evil.example/xWeb/Secure/netForumXML.asmx?wsdl")) {
            String answer = exchange("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(statuses(answer)).as(target + ": " + answer).containsExactly("400");
            assertThat(answer).as(target).contains("Request target").doesNotContain("jvm_memory")
                    .doesNotContain("evil").doesNotContain("[still open]");
        }
        String absolute = exchange("GET http://x/metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(statuses(absolute)).as(absolute).containsExactly("200");
    }

    @Test
    void aContentLengthWithASignIsRefusedAndItsBodyNeverRuns() throws Exception {
        int rowsBefore = server.preferenceRows();
        String set = hiddenSet();
        String signed = set.replace("Content-Length: ", "Content-Length: +");

        String answers = exchange(signed + hiddenSet());

        assertThat(statuses(answers)).as(answers).containsExactly("400");
        assertThat(answers).contains("Content-Length: '+").contains("digits only").doesNotContain("Exception")
                .doesNotContain("[still open]");
        assertThat(server.preferenceRows()).as("neither Set was run").isEqualTo(rowsBefore);
    }

    @Test
    void anHttp11RequestWithoutOneHostIsRefusedButHttp10NeedsNone() throws Exception {
        String none = exchange("GET /health/live HTTP/1.1\r\n\r\n");
        String two = exchange("GET /health/live HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        String http10 = exchange("GET /health/live HTTP/1.0\r\n\r\n");

        assertThat(statuses(none)).as(none).containsExactly("400");
        assertThat(none).contains("Host: an HTTP/1.1 request must have one Host header, not 0");
        assertThat(statuses(two)).as(two).containsExactly("400");
        assertThat(two).contains("not 2");
        assertThat(statuses(http10)).as(http10).containsExactly("200");
    }

    @Test
    void aVersionOtherThanHttp10Or11IsNotServedAsHttp11() throws Exception {
        for (String version : List.of("HTTP/2.0", "HTTP/1.2", "FOO/1.1")) {
            String answers = exchange("GET /health/live " + version + "\r\nHost: x\r\n\r\n" + hiddenSet());

            assertThat(statuses(answers)).as(version + ": " + answers).containsExactly("505");
            assertThat(answers).contains("send HTTP/1.1 or HTTP/1.0").doesNotContain("[still open]");
        }
    }

    /**
     * Writes the bytes on one connection, keeps it open for writing, and reads
     * until the server closes it (or 10 s pass: then "[still open]" is added).
     */
    private static String exchange(String request) throws IOException {
        URI uri = URI.create(server.baseAddress());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answers = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    answers.write(buffer, 0, read);
                }
            } catch (SocketTimeoutException e) {
                answers.writeBytes("[still open]".getBytes(StandardCharsets.US_ASCII));
            } catch (SocketException reset) {
                // closed with request bytes unread: what came before counts
            }
            return answers.toString(StandardCharsets.UTF_8);
        }
    }

    private static List<String> statuses(String answers) {
        List<String> statuses = new ArrayList<>();
        Matcher matcher = STATUS_LINE.matcher(answers);
        while (matcher.find()) {
            statuses.add(matcher.group(1));
        }
        return statuses;
    }
}
