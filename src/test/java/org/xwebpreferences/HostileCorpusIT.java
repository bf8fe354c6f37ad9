package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.SoapClient.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.HostileCorpus;
import org.xwebpreferences.support.HostileCorpus.Case;
import org.xwebpreferences.support.JsonBodies;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.JsonResponse;
import org.xwebpreferences.support.ServerProcess;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/**
 * Every request of the hostile corpus (src/test/resources/hostile), and a few
 * too large to keep as files, replayed over HTTP against one server: each gets
 * the status, fault code or field and message its .expected file names, in
 * time, without a word of the server's insides; and after each one the store
 * holds exactly what it held before (or, for a case meant to be stored,
 * exactly that in addition), the known customer's row is untouched, no
 * connection reached the canary socket, and a normal request still works.
 *
 * <p>Every refused request is otherwise a valid Set of the known customer's
 * row to OptOut, so that a server that let it through would show it.
 */
class HostileCorpusIT {

    static final String KNOWN_CUSTOMER = "c0ffee00-1111-4222-8333-444455556666";
    static final String KNOWN_LIST = "11111111-2222-4333-8444-555555555555";
    private static final String SOAP_PATH = "/xWeb/Secure/netForumXML.asmx";
    private static final String JSON_SET_PATH = "/xWeb/JSON/SetCustomerCommunicationPreferences";
    private static final int BODY_LIMIT = 1024 * 1024;
    /** What no answer may contain: the names of the server's exceptions, classes and libraries. */
    private static final Pattern CHARSET = Pattern.compile("(?i)charset=([^;\\s]+)");
    private static final List<String> INSIDES = List.of("Exception", "at org.", "com.sun", "com.ctc", "jackson");

    private static TestServer server;
    private static SoapClient soap;
    private static JsonClient json;
    private static String token;
    private static Canary canary;
    private static String knownRow;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @BeforeAll
    static void start() throws Exception {
        canary = Canary.open();
        server = TestServer.start();
        soap = server.client();
        json = JsonClient.of(server);
        token = soap.authenticate(TestServer.USER, TestServer.PASSWORD);
        storeTheKnownRow();
        warmUp();
    }

    /** The time limits are for the server's work, not for loading its classes on the first request. */
    private static void warmUp() {
        for (int i = 0; i < 30; i++) {
            soap.getAll(token, KNOWN_CUSTOMER);
            soap.post(envelope(token, "<Unknown xmlns=\"" + SoapClient.NS + "\"/>"));
            soap.post("<!DOCTYPE x []><x/>");
            soap.post("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>&#0;");
            soap.post(envelope(token, Envelopes.set(KNOWN_CUSTOMER, Envelopes.setting(KNOWN_LIST, "optout"))));
            json.post(JsonBodies.SET, "{\"x\": [", JsonClient.bearer(token));
            json.post(JsonBodies.SET, JsonBodies.set(KNOWN_CUSTOMER, JsonBodies.setting(KNOWN_LIST, "optout")),
                    JsonClient.bearer(token));
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (canary != null) {
            canary.close();
        }
    }

    // ---- the corpus ----------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> everyCaseOfTheCorpusGetsItsExpectedAnswerAndChangesNothingElse() {
        return HostileCorpus.cases().stream()
                .filter(hostile -> hostile.bug() == null)
                .map(hostile -> DynamicTest.dynamicTest(hostile.name(), () -> replay(hostile)));
    }

    @Test
    void everyCorpusFileHasItsRequestAndItsExpectedAnswer() {
        List<String> files = HostileCorpus.fileNames();
        Set<String> requests = new TreeSet<>();
        Set<String> expectations = new TreeSet<>();
        for (String file : files) {
            String name = file.replaceFirst("\\.(xml|json|expected)$", "");
            (file.endsWith(".expected") ? expectations : requests).add(name);
        }
        assertThat(requests).as("request files without .expected, or the other way round").isEqualTo(expectations);
        assertThat(files).as("only NAME.xml, NAME.json and NAME.expected")
                .allMatch(file -> file.matches("[a-z0-9-]+\\.(xml|json|expected)"));
        assertThat(requests).hasSizeGreaterThanOrEqualTo(90);
        for (Case hostile : HostileCorpus.cases()) {
            assertThat(hostile.get("path")).as("%s: path", hostile).isNotBlank();
            assertThat(hostile.get("status")).as("%s: status", hostile).isNotBlank();
            assertThat(hostile.get("maxMillis")).as("%s: maxMillis", hostile).isNotBlank();
            assertThat(hostile.isStored() || hostile.get("message") != null).as("%s: message", hostile).isTrue();
        }
    }

    @Test
    void noCaseIsMarkedAsABugAnyMore() {
        assertThat(HostileCorpus.cases().stream().filter(hostile -> hostile.bug() != null).map(Case::name)).isEmpty();
    }

    // ---- too large for files: generated --------------------------------------------------------

    @Test
    void aTextValueOf900KilobytesIsAClientFaultNamingTheTextLimitAndTheField() throws Exception {
        replay(generated("text-value-of-900-kilobytes", soapSet("{{REPEAT:921600:x}}", ""),
                soapFault(500, "preferences[1].mailing_list_name", "65536"), 3000));
    }

    @Test
    void aTextOf900KilobytesInAHeaderNobodyReadsIsAClientFaultNamingTheTextLimit() throws Exception {
        replay(generated("text-of-900-kilobytes-in-a-header", soapSetWithHeader(
                "<Padding xmlns=\"urn:padding\">{{REPEAT:921600:x}}</Padding>", ""), soapFault(500, "65536"), 3000));
    }

    @Test
    void anAttributeOf100KilobytesIsAClientFaultNamingTheAttributeLimitAndTheElement() throws Exception {
        replay(generated("attribute-of-100-kilobytes", soapSet("HACKED", " note=\"{{REPEAT:102400:x}}\""),
                soapFault(500, "preferences", "Maximum attribute size limit (8192) exceeded"), 2000));
    }

    @Test
    void aHundredThousandEmptyHeaderBlocksAreAClientFaultNamingTheHeader() throws Exception {
        replay(generated("hundred-thousand-empty-header-blocks", soapSetWithHeader("{{REPEAT:100000:<a/>}}", ""),
                soapFault(500, "Header", "Header: holds more than 64 header blocks"), 3000));
    }

    /**
     * Header blocks declaring namespaces before the token: with 171 of them
     * Metro's header buffer failed to read the token, a Server fault for a
     * valid envelope (fuzz audit). Now a Client fault that says what to change.
     */
    @Test
    void headerBlocksThatEachDeclareANamespaceAreAClientFaultNotAServerFault() throws Exception {
        String padding = "<x xmlns=\"urn:x\"/>".repeat(171);
        replay(generated("header-blocks-declaring-namespaces", soapSetWithHeader("", "").replace("<soap:Header>",
                "<soap:Header>" + padding), soapFault(500, "Header", "declares more than 64 namespaces"), 2000));
    }

    @Test
    void aHeaderBlockOfAHundredThousandEmptyElementsIsIgnoredPromptly() throws Exception {
        replay(generatedStored("hundred-thousand-empty-elements-in-one-header-block",
                "<Padding xmlns=\"urn:padding\">{{REPEAT:100000:<a/>}}</Padding>", 3000));
    }

    @Test
    void aSoapBodyOfOneMebibytePlusOneWithContentLengthGets413() throws Exception {
        replay(generated("soap-body-over-the-limit", oversizeSoap(), soapFault(413,
                "The request body is larger than the limit of 1048576 bytes"), 3000));
    }

    @Test
    void aChunkedSoapBodyOfOneMebibytePlusOneGets413() throws Exception {
        Properties expected = soapFault(413, "The request body is larger than the limit of 1048576 bytes");
        expected.setProperty("chunked", "true");
        replay(generated("chunked-soap-body-over-the-limit", oversizeSoap(), expected, 3000));
    }

    @Test
    void aJsonBodyOfOneMebibytePlusOneWithContentLengthGets413() throws Exception {
        replay(generatedJson("json-body-over-the-limit", oversizeJson(), jsonError(413, null,
                "The request body is larger than the limit of 1048576 bytes"), 3000));
    }

    @Test
    void aChunkedJsonBodyOfOneMebibytePlusOneGets413() throws Exception {
        Properties expected = jsonError(413, null, "The request body is larger than the limit of 1048576 bytes");
        expected.setProperty("chunked", "true");
        replay(generatedJson("chunked-json-body-over-the-limit", oversizeJson(), expected, 3000));
    }

    @Test
    void aBodyOfExactlyTheLimitIsReadAndJudgedOnItsContent() throws Exception {
        // The limit itself is allowed: this Set is refused for its over-long name, not with a 413.
        String set = HostileCorpus.expand(soapSet("@", ""), placeholders());
        String body = set.replace("@", "n".repeat(BODY_LIMIT - set.length() + 1));
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(BODY_LIMIT);
        replay(generated("body-of-exactly-the-limit", body, anyLimitFault(), 3000));
    }

    /**
     * Metro keeps each header block in a buffer of its own: 1 MB envelopes of
     * 250,000 empty blocks, 16 at once, ran the shipped 256 MiB heap out and
     * the JVM exited (fuzz audit). They are refused while reading now, and a
     * 64 MiB heap holds sixteen clients sending them.
     */
    @Test
    void manyRequestsOfAQuarterMillionHeaderBlocksAreRefusedWithinASmallHeap(@TempDir Path dataDir) throws Exception {
        sixteenClientsOnASmallHeap(dataDir, 48, "more than 64 header blocks", token -> soapSetWithHeader(
                "<x/>".repeat(250_000), "").replace("{{TOKEN}}", token).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * With a heap of 64 MiB, sixteen clients at once sending 900 KB texts (the
     * body limit allows them; the 64 KiB text limit refuses them) get their
     * faults, and the server then still serves: the memory a request takes is
     * bounded by the limits, not by what the clients send.
     */
    @Test
    void manyLargeRequestsAtOnceKeepTheServerWithinASmallHeap(@TempDir Path dataDir) throws Exception {
        sixteenClientsOnASmallHeap(dataDir, 64, "limit", token -> envelope(token, Envelopes.set(KNOWN_CUSTOMER,
                Envelopes.fullSetting(KNOWN_LIST, "x".repeat(900 * 1024), "c", "OptIn", key(), key(), key(), key())))
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sixteen clients send {@code requests} copies of the body (made with a
     * token) to a server with a 64 MiB heap: every answer is a Client fault
     * saying {@code expected}, and the server still serves afterwards.
     */
    private static void sixteenClientsOnASmallHeap(Path dataDir, int requests, String expected,
                                                   Function<String, byte[]> bodyWithToken) throws Exception {
        try (ServerProcess small = ServerProcess.start(dataDir, Map.of("JAVA_TOOL_OPTIONS", "-Xmx64m"))) {
            SoapClient client = new SoapClient(small.address());
            String smallToken = client.authenticate(ServerProcess.USER, ServerProcess.PASSWORD);
            byte[] body = bodyWithToken.apply(smallToken);
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                List<Future<SoapResponse>> answers = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    answers.add(clients.submit(() -> client.post(body, SoapClient.SOAP11, null)));
                }
                for (Future<SoapResponse> answer : answers) {
                    SoapResponse response = answer.get();
                    assertThat(response.faultCode()).as("%s; the server's log ends: %s", response, tail(small.log()))
                            .isEqualTo("soap:Client");
                    assertThat(response.status()).as("%s", response).isEqualTo(500);
                    assertThat(response.faultString()).contains(expected);
                }
            } finally {
                clients.shutdownNow();
            }
            SoapResponse normal = client.getAll(smallToken, KNOWN_CUSTOMER);
            assertThat(normal.status()).as("%s", normal).isEqualTo(200);
            assertThat(small.log()).doesNotContain("OutOfMemoryError");
        }
    }

    // ---- replaying one case --------------------------------------------------------------------

    private record Answer(int status, HttpHeaders headers, String body, long millis) {
        @Override
        public String toString() {
            return "HTTP " + status + " " + headers.firstValue("Content-Type").orElse("") + " after " + millis + " ms: " + (body.length() > 3000 ? body.substring(0, 3000) + "..." : body);
        }
    }

    private record Snapshot(int rows, int history) {
    }

    private static void replay(Case hostile) throws Exception {
        try {
            replayAndCheck(hostile);
        } finally {
            restoreTheKnownRowIfChanged();
        }
    }

    /** A case that broke the known row must not make every later case fail too. */
    private static void restoreTheKnownRowIfChanged() throws SQLException {
        if (!knownRow().equals(knownRow)) {
            storeTheKnownRow();
        }
    }

    private static void storeTheKnownRow() throws SQLException {
        SoapResponse stored = soap.post(envelope(token, Envelopes.set(KNOWN_CUSTOMER,
                Envelopes.fullSetting(KNOWN_LIST, "Baseline", "Base", "OptIn", "abc320db-863f-441a-8ab4-5fc827fc33c2",
                        "0f37de1d-a608-4ebc-bad1-7beaa3102f60", "f46291d8-6b16-467f-97ef-fb16028a2b98",
                        "bac08813-3231-4c42-942e-2e0d98608043"))));
        assertThat(stored.status()).as("%s", stored).isEqualTo(200);
        knownRow = knownRow();
    }

    private static void replayAndCheck(Case hostile) throws Exception {
        Snapshot before = snapshot();
        canary.reset();
        Answer answer = send(hostile);

        assertThat(answer.status()).as("%s: status of %s", hostile, answer)
                .isEqualTo(Integer.parseInt(hostile.get("status")));
        assertThat(answer.millis()).as("%s: milliseconds to the answer %s", hostile, answer)
                .isLessThanOrEqualTo(Long.parseLong(hostile.get("maxMillis")));
        for (String inside : INSIDES) {
            assertThat(answer.body().toLowerCase(Locale.ROOT)).as("%s: %s", hostile, answer)
                    .doesNotContain(inside.toLowerCase(Locale.ROOT));
        }
        if (hostile.get("mustNotContain") != null) {
            assertThat(answer.body()).as("%s: %s", hostile, answer).doesNotContain(hostile.get("mustNotContain"));
        }
        if (hostile.isSoap()) {
            checkSoapAnswer(hostile, answer);
        } else {
            checkJsonAnswer(hostile, answer);
        }
        assertThat(canary.connections()).as("%s: connections the server made to the canary", hostile).isZero();

        Snapshot after = snapshot();
        int stored = hostile.storedRows();
        assertThat(after).as("%s: rows and history entries after (before: %s)", hostile, before)
                .isEqualTo(new Snapshot(before.rows() + stored, before.history() + stored));
        if (hostile.isStored()) {
            checkStored(hostile);
        }
        assertThat(knownRow()).as("%s: the known customer's row", hostile).isEqualTo(knownRow);
        SoapResponse normal = soap.getAll(token, KNOWN_CUSTOMER);
        assertThat(normal.status()).as("%s: a normal request afterwards: %s", hostile, normal).isEqualTo(200);
        assertThat(normal.texts("//x:MailingListSetting/x:mailing_list_key")).containsExactly(KNOWN_LIST);
        assertThat(normal.text("//x:MailingListSetting/x:mailing_list_name")).isEqualTo("Baseline");
        assertThat(normal.text("//x:MailingListSetting/x:status")).isEqualTo("OptIn");
    }

    private static void checkSoapAnswer(Case hostile, Answer answer) {
        SoapResponse response = new SoapResponse(answer.status(), answer.headers(), answer.body());
        response.document(); // well-formed XML, whatever the answer
        if (answer.status() == 200) {
            assertThat(response.faultCode()).as("%s: %s", hostile, answer).isNull();
            assertThat(response.token()).as("%s: the token header of %s", hostile, answer).isNotBlank();
            return;
        }
        assertThat(response.faultCode()).as("%s: fault code of %s", hostile, answer).isEqualTo(hostile.get("faultCode"));
        assertThat(response.faultString()).as("%s: fault string of %s", hostile, answer).contains(expand(hostile.get("message")));
        String field = response.text("//x:FaultDetail/x:Field");
        if ("*".equals(hostile.get("field"))) {
            return; // any field, or none
        }
        assertThat(field).as("%s: FaultDetail/Field of %s", hostile, answer).isEqualTo(hostile.get("field"));
    }

    private static void checkJsonAnswer(Case hostile, Answer answer) {
        if (answer.status() == 200) {
            assertThat(answer.body()).as("%s: %s", hostile, answer).isEmpty();
            return;
        }
        JsonNode error = JsonResponse.parse(answer.body());
        assertThat(error.path("error").asText()).as("%s: error of %s", hostile, answer).contains(expand(hostile.get("message")));
        JsonNode field = error.get("field");
        assertThat(field == null || field.isNull() ? null : field.asText()).as("%s: field of %s", hostile, answer)
                .isEqualTo(hostile.get("field"));
    }

    /** GetAll over SOAP and over JSON returns exactly what the case stored, character for character. */
    private static void checkStored(Case hostile) {
        String customer = hostile.get("stored.customer");
        SoapResponse soapAll = soap.getAll(token, customer);
        assertThat(soapAll.status()).as("%s: %s", hostile, soapAll).isEqualTo(200);
        JsonResponse jsonAll = json.post(JsonBodies.GET_ALL, JsonBodies.getAll(customer), JsonClient.bearer(token));
        assertThat(jsonAll.status()).as("%s: %s", hostile, jsonAll).isEqualTo(200);
        assertThat(soapAll.texts("//x:MailingListSetting")).as("%s: %s", hostile, soapAll).hasSize(hostile.storedRows());
        assertThat(jsonAll.json().size()).as("%s: %s", hostile, jsonAll).isEqualTo(hostile.storedRows());
        for (int i = 1; i <= hostile.storedRows(); i++) {
            String list = hostile.get("stored." + i + ".list");
            String name = expand(hostile.get("stored." + i + ".name"));
            String status = hostile.get("stored." + i + ".status");
            String setting = "//x:MailingListSetting[x:mailing_list_key='" + list + "']";
            assertThat(soapAll.text(setting + "/x:status")).as("%s: SOAP status of %s", hostile, list).isEqualTo(status);
            assertThat(soapAll.text(setting + "/x:mailing_list_name")).as("%s: SOAP name of %s", hostile, list)
                    .isEqualTo(name.isEmpty() ? null : name);
            JsonNode jsonSetting = null;
            for (JsonNode candidate : jsonAll.json()) {
                if (list.equals(candidate.path("mailing_list_key").asText())) {
                    jsonSetting = candidate;
                }
            }
            assertThat(jsonSetting).as("%s: JSON setting %s in %s", hostile, list, jsonAll).isNotNull();
            assertThat(jsonSetting.path("status").asText()).isEqualTo(status);
            assertThat(jsonSetting.get("mailing_list_name").isNull() ? null : jsonSetting.get("mailing_list_name").asText())
                    .as("%s: JSON name of %s", hostile, list).isEqualTo(name.isEmpty() ? null : name);
        }
    }

    private static Answer send(Case hostile) throws Exception {
        byte[] body = hostile.body(placeholders());
        HttpRequest.BodyPublisher publisher = Boolean.parseBoolean(hostile.get("chunked"))
                // No length known in advance: java.net.http sends it chunked.
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseAddress() + hostile.get("path")))
                .timeout(Duration.ofSeconds(30))
                .POST(publisher);
        String contentType = hostile.get("contentType");
        if (contentType != null && !contentType.isBlank()) {
            request.header("Content-Type", contentType);
        }
        if (hostile.get("soapAction") != null) {
            request.header("SOAPAction", hostile.get("soapAction"));
        }
        if (hostile.get("authorization") != null) {
            request.header("Authorization", expand(hostile.get("authorization")));
        }
        long start = System.nanoTime();
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Answer(response.statusCode(), response.headers(), decode(response), millis);
    }

    /**
     * The answer as text, in the charset its Content-Type names; an XML answer in
     * another charset than UTF-8 loses its byte order mark and says UTF-8, so that
     * it can be checked as the text it is.
     */
    private static String decode(HttpResponse<byte[]> response) {
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        Matcher charset = CHARSET.matcher(contentType);
        Charset declared = charset.find() ? Charset.forName(charset.group(1).replace("\"", "")) : StandardCharsets.UTF_8;
        String text = new String(response.body(), declared);
        if (!declared.equals(StandardCharsets.UTF_8)) {
            text = text.replaceFirst("^\uFEFF", "").replaceFirst("^(<\\?xml[^>]*encoding=)['\"][^'\"]*['\"]", "$1'UTF-8'");
        }
        return text;
    }

    private static Map<String, String> placeholders() {
        return Map.of("TOKEN", token, "CANARY", String.valueOf(canary.port()));
    }

    private static String expand(String text) {
        return text == null ? null : HostileCorpus.expand(text, placeholders());
    }

    // ---- generated cases -----------------------------------------------------------------------

    private static Case generated(String name, String body, Properties expected, long maxMillis) {
        expected.setProperty("path", SOAP_PATH);
        expected.putIfAbsent("contentType", SoapClient.SOAP11);
        expected.setProperty("maxMillis", String.valueOf(maxMillis));
        return new Case(name, "xml", body.getBytes(StandardCharsets.UTF_8), expected);
    }

    /** A Set of a fresh customer with extra header blocks, meant to be carried out. */
    private static Case generatedStored(String name, String extraHeaders, long maxMillis) {
        String customer = key();
        String list = key();
        String body = soapSetWithHeader(extraHeaders, "HACKED", "").replace(KNOWN_CUSTOMER, customer)
                .replace(KNOWN_LIST, list);
        Properties expected = new Properties();
        expected.setProperty("status", "200");
        expected.setProperty("stored.customer", customer);
        expected.setProperty("stored.rows", "1");
        expected.setProperty("stored.1.list", list);
        expected.setProperty("stored.1.name", "HACKED");
        expected.setProperty("stored.1.status", "OptOut");
        return generated(name, body, expected, maxMillis);
    }

    private static Case generatedJson(String name, String body, Properties expected, long maxMillis) {
        expected.setProperty("path", JSON_SET_PATH);
        expected.setProperty("contentType", JsonClient.JSON);
        expected.setProperty("authorization", "Bearer {{TOKEN}}");
        expected.setProperty("maxMillis", String.valueOf(maxMillis));
        return new Case(name, "json", body.getBytes(StandardCharsets.UTF_8), expected);
    }

    /** A Client fault whose message names some limit, whichever field it names. */
    private static Properties anyLimitFault() {
        Properties expected = soapFault(500, "limit");
        expected.setProperty("field", "*");
        return expected;
    }

    private static Properties soapFault(int status, String field, String message) {
        Properties expected = soapFault(status, message);
        expected.setProperty("field", field);
        return expected;
    }

    private static Properties soapFault(int status, String message) {
        Properties expected = new Properties();
        expected.setProperty("status", String.valueOf(status));
        expected.setProperty("faultCode", "soap:Client");
        expected.setProperty("message", message);
        return expected;
    }

    private static Properties jsonError(int status, String field, String message) {
        Properties expected = new Properties();
        expected.setProperty("status", String.valueOf(status));
        if (field != null) {
            expected.setProperty("field", field);
        }
        expected.setProperty("message", message);
        return expected;
    }

    /** A Set of the known customer's row to OptOut, with the given name and attributes on its setting. */
    private static String soapSet(String name, String settingAttributes) {
        return soapSetWithHeader("", name, settingAttributes);
    }

    private static String soapSetWithHeader(String extraHeaders, String settingAttributes) {
        return soapSetWithHeader(extraHeaders, "HACKED", settingAttributes);
    }

    private static String soapSetWithHeader(String extraHeaders, String name, String settingAttributes) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header>"
                + "<AuthorizationToken xmlns=\"" + SoapClient.NS + "\"><Token>{{TOKEN}}</Token></AuthorizationToken>"
                + extraHeaders + "</soap:Header><soap:Body>"
                + "<SetCustomerCommunicationPreferences xmlns=\"" + SoapClient.NS + "\"><customerKey>" + KNOWN_CUSTOMER
                + "</customerKey><preferences><MailingListSetting" + settingAttributes + "><mailing_list_key>" + KNOWN_LIST
                + "</mailing_list_key><mailing_list_name>" + name + "</mailing_list_name><status>OptOut</status>"
                + "</MailingListSetting></preferences></SetCustomerCommunicationPreferences></soap:Body></soap:Envelope>";
    }

    /** A valid Set of the known row, padded with a comment to one byte over the limit. */
    private static String oversizeSoap() {
        String set = soapSet("HACKED", "");
        String expanded = HostileCorpus.expand(set, placeholders());
        return set + "<!--" + "p".repeat(BODY_LIMIT + 1 - expanded.length() - 7) + "-->";
    }

    private static String oversizeJson() {
        String set = JsonBodies.set(KNOWN_CUSTOMER, JsonBodies.fullSetting(KNOWN_LIST, "HACKED", null, "OptOut", null,
                null, null, null));
        return set + " ".repeat(BODY_LIMIT + 1 - set.length());
    }

    // ---- the store -----------------------------------------------------------------------------

    private static Snapshot snapshot() throws SQLException {
        return new Snapshot(server.preferenceRows(), count("SELECT COUNT(*) FROM preference_history"));
    }

    private static int count(String sql) throws SQLException {
        try (Connection connection = server.jdbc();
             PreparedStatement count = connection.prepareStatement(sql);
             ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** Every column of the known customer's row, its change time included: a rewrite would show. */
    private static String knownRow() throws SQLException {
        try (Connection connection = server.jdbc();
             PreparedStatement select = connection.prepareStatement("SELECT * FROM communication_preference"
                     + " WHERE customer_key = ? AND mailing_list_key = ?")) {
            select.setObject(1, UUID.fromString(KNOWN_CUSTOMER));
            select.setObject(2, UUID.fromString(KNOWN_LIST));
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("the known customer's row").isTrue();
                StringBuilder row = new StringBuilder();
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    row.append(rows.getMetaData().getColumnName(column)).append('=').append(rows.getString(column)).append(' ');
                }
                return row.toString();
            }
        }
    }

    private static String tail(String log) {
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    /** A socket no request may ever make the server connect to: an entity, DTD, schema or stylesheet fetch. */
    private static final class Canary implements AutoCloseable {
        private final ServerSocket socket;
        private final List<String> connections = new CopyOnWriteArrayList<>();

        private Canary(ServerSocket socket) {
            this.socket = socket;
        }

        static Canary open() throws IOException {
            Canary canary = new Canary(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread accepter = new Thread(canary::accept, "canary");
            accepter.setDaemon(true);
            accepter.start();
            return canary;
        }

        private void accept() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    connections.add(connection.getRemoteSocketAddress().toString());
                } catch (IOException e) {
                    if (socket.isClosed()) {
                        return;
                    }
                }
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.size();
        }

        void reset() {
            connections.clear();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
