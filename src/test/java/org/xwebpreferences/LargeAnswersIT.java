package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
 * Large requests and answers leave no memory behind. The JDK keeps, per
 * thread, a direct buffer as large as the largest socket write or read it
 * made; a few answers of tens of MB used up the JVM's direct memory, and
 * every later answer broke off after its headers (probe of 2026-11-27).
 */
class LargeAnswersIT {

    private static final Pattern DIRECT = Pattern.compile("jvm_buffer_memory_used_bytes\\{id=\"direct\"} (\\S+)");
    private static final int LISTS = 10_000;

    @TempDir
    Path dataDir;

    @Test
    void largeWritesAndAnswersLeaveNoDirectMemoryBehind() throws Exception {
        // Past the default limit of lists per customer, as an operator may allow.
        try (ServerProcess server = ServerProcess.start(dataDir, "--max-lists-per-customer", String.valueOf(LISTS))) {
            URI soap = URI.create(server.address());
            String base = soap.getScheme() + "://" + soap.getRawAuthority();
            JsonClient json = new JsonClient(base);
            String bearer = JsonClient.bearer(json.authenticate(ServerProcess.USER, ServerProcess.PASSWORD));
            String customer = UUID.randomUUID().toString();
            for (int request = 0; request < LISTS / 1000; request++) {
                List<String> settings = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    settings.add(JsonBodies.fullSetting(UUID.randomUUID().toString(), "A list with a longish name " + i,
                            "Its category", "OptIn", UUID.randomUUID().toString(), null, null, null));
                }
                JsonResponse stored = json.post("SetCustomerCommunicationPreferences",
                        JsonBodies.set(customer, settings.toArray(String[]::new)), bearer);
                assertThat(stored.status()).as("%s", stored).isEqualTo(200);
            }

            long largest = 0;
            for (int i = 0; i < 12; i++) {
                JsonResponse all = json.get("GetAllCustomerCommunicationPreferences", "customerKey=" + customer, bearer);
                assertThat(all.status()).as("GetAll #%d", i + 1).isEqualTo(200);
                assertThat(all.json().size()).isEqualTo(LISTS);
                largest = Math.max(largest, all.body().length());
            }

            assertThat(largest).as("each answer is megabytes").isGreaterThan(2_000_000);
            assertThat(directMemory(base)).as("direct memory after %d large answers of %d bytes", 12, largest)
                    .isLessThan(8L * 1024 * 1024);
        }
    }

    private static long directMemory(String base) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher direct = DIRECT.matcher(metrics);
        assertThat(direct.find()).as(metrics).isTrue();
        return (long) Double.parseDouble(direct.group(1));
    }
}
