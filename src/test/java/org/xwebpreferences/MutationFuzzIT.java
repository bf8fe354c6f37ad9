package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.JsonResponse;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/**
 * The seed's two sample requests, mangled at random (bytes inserted, deleted,
 * flipped, duplicated, cut off) with fixed seeds so that a failure replays:
 * whatever arrives, the answer is a success or a client error, never a
 * server fault, never a word of the server's insides, and never slow; and the
 * server still serves a normal request afterwards. The hostile corpus holds
 * the cases we thought of; this finds the ones we did not (it found Woodstox's
 * negative column numbers).
 */
class MutationFuzzIT {

    private static final int MUTANTS = 600;
    private static final String SET_ACTION = "\"http://www.avectra.com/2005/SetCustomerCommunicationPreferences\"";
    private static final List<String> INSIDES = List.of("Exception", "at org.", "com.sun", "com.ctc", "jackson",
            "java.", "jakarta.", "org.h2", "column -");
    /** Pieces that XML and JSON parsers, and our validation, treat specially. */
    private static final List<String> PIECES = List.of("<", ">", "&", "&amp;", "&#0;", "&#xD800;", "\"", "'", "]]>",
            "<![CDATA[", "<!--", "-->", "<?pi x?>", "xmlns:ns=\"urn:other\"", "xmlns=\"http://www.avectra.com/2005/\"",
            "\u0000", "OptIn", "optin", "OPTOUT", "Undefined", "{B31C52E4-29C1-4A65-8C53-0626342C920D}",
            "</ns:preferences>", "<ns:MailingListSetting>", "xsi:nil=\"true\"", "<!DOCTYPE x [<!ENTITY a \"b\">]>",
            "&a;", "\r\n", "\uD83D\uDE00", "'; DROP TABLE communication_preference;--", "null", "[]", "{", "}",
            "1e999", "-0", "true", "x".repeat(70_000));
    private static final byte[][] RAW_BYTES = {{(byte) 0xff, (byte) 0xfe}, {(byte) 0xc3}, {(byte) 0xed, (byte) 0xa0,
            (byte) 0x80}};

    private static TestServer server;
    private static SoapClient soap;
    private static JsonClient json;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        soap = server.client();
        json = JsonClient.of(server);
        token = soap.authenticate(TestServer.USER, TestServer.PASSWORD);
        server.grantToken(Envelopes.SEED_TOKEN, Instant.now().plus(Duration.ofHours(1)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void mangledSoapRequestsGetSuccessOrAClientFault() {
        byte[] sample = Envelopes.fixture("soap/seed-set-request-real-values.xml");
        Random random = new Random(20261127);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < MUTANTS; i++) {
            byte[] mutant = mutate(sample, random);
            long start = System.nanoTime();
            SoapResponse response = soap.post(mutant, SoapClient.SOAP11, SET_ACTION);
            long millis = (System.nanoTime() - start) / 1_000_000;
            String code = response.status() == 200 ? null : response.faultCode();
            // A mangled envelope namespace is the client's error too, which SOAP calls VersionMismatch.
            boolean clientError = code != null && (code.endsWith("Client") || code.endsWith("VersionMismatch"))
                    && (response.status() == 500 || response.status() == 413 || response.status() == 400);
            if (!(response.status() == 200 || clientError) || leaks(response.body()) || millis > 2000) {
                failures.add("mutant " + i + " (" + millis + " ms): " + response + "\n  request: "
                        + new String(mutant, StandardCharsets.UTF_8));
            }
        }
        assertThat(failures).isEmpty();
        assertThat(soap.post(Envelopes.fixture("soap/seed-set-request-real-values.xml"), SoapClient.SOAP11,
                SET_ACTION).status()).isEqualTo(200);
    }

    @Test
    void mangledJsonRequestsGetSuccessOrA4xxNamingWhatIsWrong() {
        byte[] sample = Envelopes.fixture("json/seed-set-request.json");
        Random random = new Random(1127);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < MUTANTS; i++) {
            byte[] mutant = mutate(sample, random);
            long start = System.nanoTime();
            JsonResponse response = json.post("SetCustomerCommunicationPreferences", mutant, JsonClient.JSON,
                    JsonClient.bearer(token));
            long millis = (System.nanoTime() - start) / 1_000_000;
            boolean named = response.status() >= 400 && response.status() < 500
                    && response.json().path("error").isTextual();
            if (!(response.status() == 200 || named) || leaks(response.body()) || millis > 2000) {
                failures.add("mutant " + i + " (" + millis + " ms): " + response + "\n  request: "
                        + new String(mutant, StandardCharsets.UTF_8));
            }
        }
        assertThat(failures).isEmpty();
        assertThat(json.post("SetCustomerCommunicationPreferences", Envelopes.fixture("json/seed-set-request.json"),
                JsonClient.JSON, JsonClient.bearer(token)).status()).isEqualTo(200);
    }

    private static boolean leaks(String body) {
        return INSIDES.stream().anyMatch(body::contains);
    }

    /** One to four edits of the sample, each of one of the kinds a broken client or an attacker makes. */
    private static byte[] mutate(byte[] sample, Random random) {
        List<Byte> bytes = new ArrayList<>(sample.length);
        for (byte b : sample) {
            bytes.add(b);
        }
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(bytes.size() + 1);
            int kind = random.nextInt(10);
            if (kind < 3) {
                insert(bytes, at, PIECES.get(random.nextInt(PIECES.size())).getBytes(StandardCharsets.UTF_8));
            } else if (kind == 3) {
                insert(bytes, at, RAW_BYTES[random.nextInt(RAW_BYTES.length)]);
            } else if (kind < 6) {
                bytes.subList(at, Math.min(bytes.size(), at + 1 + random.nextInt(20))).clear();
            } else if (kind == 6 && !bytes.isEmpty()) {
                bytes.set(Math.min(at, bytes.size() - 1), (byte) random.nextInt(256));
            } else if (kind == 7) {
                bytes.subList(at, bytes.size()).clear();
            } else {
                int from = random.nextInt(bytes.size() + 1);
                int to = Math.min(bytes.size(), from + random.nextInt(400));
                List<Byte> copy = new ArrayList<>(bytes.subList(from, to));
                if (kind == 8) {
                    bytes.addAll(Math.min(at, bytes.size()), copy);
                } else {
                    bytes.subList(from, to).clear();
                }
            }
        }
        byte[] result = new byte[bytes.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = bytes.get(i);
        }
        return result;
    }

    private static void insert(List<Byte> bytes, int at, byte[] piece) {
        List<Byte> boxed = new ArrayList<>(piece.length);
        for (byte b : piece) {
            boxed.add(b);
        }
        bytes.addAll(Math.min(at, bytes.size()), boxed);
    }
}
