package org.xwebpreferences.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Raw SOAP over HTTP, as a client that builds its own envelopes does: what is
 * sent is exactly the bytes given.
 */
public final class SoapClient {

    public static final String SOAP11 = "text/xml; charset=utf-8";
    public static final String SOAP12 = "application/soap+xml; charset=utf-8";
    public static final String NS = "http://www.avectra.com/2005/";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String address;

    public SoapClient(String address) {
        this.address = address;
    }

    public String address() {
        return address;
    }

    public SoapResponse post(byte[] body, String contentType, String soapAction) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (soapAction != null) {
            request.header("SOAPAction", soapAction);
        }
        return send(request.build());
    }

    public SoapResponse post(String body) {
        return post(body.getBytes(StandardCharsets.UTF_8), SOAP11, null);
    }

    public SoapResponse get(String query) {
        return send(HttpRequest.newBuilder(URI.create(address + query)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private SoapResponse send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new SoapResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A SOAP 1.1 envelope with the token header (when not null) and the given body content. */
    public static String envelope(String token, String bodyContent) {
        String header = token == null ? ""
                : "<soap:Header><AuthorizationToken xmlns=\"" + NS + "\"><Token>" + token + "</Token></AuthorizationToken></soap:Header>";
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">" + header
                + "<soap:Body>" + bodyContent + "</soap:Body></soap:Envelope>";
    }

    /** Authenticates and returns the token; fails the test when that does not work. */
    public String authenticate(String user, String password) {
        SoapResponse response = post(envelope(null, "<Authenticate xmlns=\"" + NS + "\"><userName>" + user
                + "</userName><password>" + password + "</password></Authenticate>"));
        if (response.status() != 200) {
            throw new AssertionError("Authenticate failed: " + response);
        }
        return response.text("//x:AuthenticateResult");
    }

    public SoapResponse getAll(String token, String customerKey) {
        return post(envelope(token, "<GetAllCustomerCommunicationPreferences xmlns=\"" + NS + "\"><customerKey>"
                + customerKey + "</customerKey></GetAllCustomerCommunicationPreferences>"));
    }
}
