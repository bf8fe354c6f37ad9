package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.SoapClient.envelope;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.PostgresServer;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TempFiles;
import org.xwebpreferences.support.TestServer;

/**
 * The database goes away while the server runs: calls fail with a Server
 * fault (503 on JSON) and a correlation id, nothing is stored, and the server
 * serves again on its own once the database is back.
 */
class DatabaseOutageIT {

    @Test
    void callsFailCleanlyWhileTheDatabaseIsAwayAndSucceedOnceItIsBack() throws Exception {
        PostgresServer postgres = PostgresServer.startPrivate();
        DatabaseSettings database = new DatabaseSettings(TempFiles.directory("xweb-outage"),
                postgres.createDatabase(), postgres.user(), postgres.password(), 4);
        try (TestServer server = TestServer.start(database, Duration.ofMinutes(30), false)) {
            SoapClient client = server.client();
            String token = client.authenticate(TestServer.USER, TestServer.PASSWORD);
            String customer = UUID.randomUUID().toString();
            assertThat(set(client, token, customer).status()).isEqualTo(200);

            postgres.stop();
            String lostCustomer = UUID.randomUUID().toString();
            SoapResponse fault = set(client, token, lostCustomer);
            assertThat(fault.status()).isEqualTo(500);
            assertThat(fault.faultCode()).isEqualTo("soap:Server");
            assertThat(fault.faultString()).contains("correlation id");
            assertThat(fault.text("//x:FaultDetail/x:CorrelationId"))
                    .isEqualTo(fault.headers().firstValue("X-Correlation-Id").orElseThrow());
            assertThat(fault.body()).doesNotContain("Exception").doesNotContain("at org.");
            HttpResponse<String> json = jsonGetAll(server, token, customer);
            assertThat(json.statusCode()).isEqualTo(503);
            assertThat(json.body()).contains("\"correlationId\"");
            HttpResponse<String> notReady = awaitReadiness(server, 503);
            assertThat(notReady.body()).startsWith("{\"status\":\"DOWN\",\"reason\":\"database: ");

            postgres.start();
            awaitReadiness(server, 200);
            SoapResponse recovered = awaitRecovery(client, token, customer);
            assertThat(recovered.texts("//x:MailingListSetting")).hasSize(2);
            assertThat(client.getAll(token, lostCustomer).texts("//x:MailingListSetting")).isEmpty();
        } finally {
            postgres.stop();
        }
    }

    private static SoapResponse awaitRecovery(SoapClient client, String token, String customer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        SoapResponse response;
        do {
            response = client.getAll(token, customer);
            if (response.status() == 200) {
                return response;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("The server did not recover within 60 s: " + response);
    }

    /** /health/ready within 10 s of a change, as a load balancer polling it would see it. */
    private static HttpResponse<String> awaitReadiness(TestServer server, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> response;
        do {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseAddress()
                    + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == status) {
                return response;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("/health/ready did not turn " + status + " within 10 s: " + response.body());
    }

    private static SoapResponse set(SoapClient client, String token, String customer) {
        return client.post(envelope(token, Envelopes.set(customer, Envelopes.setting(UUID.randomUUID().toString(),
                "OptIn"), Envelopes.setting(UUID.randomUUID().toString(), "OptOut"))));
    }

    private static HttpResponse<String> jsonGetAll(TestServer server, String token, String customer) throws Exception {
        String address = server.address().replace("/xWeb/Secure/netForumXML.asmx", "/xWeb/JSON/");
        HttpRequest request = HttpRequest.newBuilder(URI.create(address
                + "GetAllCustomerCommunicationPreferences?customerKey=" + customer))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
