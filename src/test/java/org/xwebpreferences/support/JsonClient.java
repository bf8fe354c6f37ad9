package org.xwebpreferences.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Raw JSON over xWeb, as a script or Postman would call it: what is sent is
 * exactly the body, Content-Type and Authorization given (a null leaves the
 * header out), at {@code /xWeb/JSON/{Method}}.
 */
public final class JsonClient {

    public static final String JSON = "application/json";
    public static final String PATH = "/xWeb/JSON/";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String base;
    private final Duration timeout;
    private final boolean expectContinue;

    /** @param base the server's root, e.g. http://127.0.0.1:PORT */
    public JsonClient(String base) {
        this(base, Duration.ofSeconds(60), false);
    }

    private JsonClient(String base, Duration timeout, boolean expectContinue) {
        this.base = base;
        this.timeout = timeout;
        this.expectContinue = expectContinue;
    }

    /** The same client, giving up on an answer after {@code timeout}. */
    public JsonClient withTimeout(Duration timeout) {
        return new JsonClient(base, timeout, expectContinue);
    }

    /** The same client, sending {@code Expect: 100-continue} before a body as curl does for large ones. */
    public JsonClient expectingContinue() {
        return new JsonClient(base, timeout, true);
    }

    /** A client for the server that also serves the given SOAP address. */
    public static JsonClient of(TestServer server) {
        URI soap = URI.create(server.address());
        return new JsonClient(soap.getScheme() + "://" + soap.getRawAuthority());
    }

    /** http://host:port/xWeb/JSON/{method} */
    public String url(String method) {
        return base + PATH + method;
    }

    public JsonResponse post(String method, String body, String contentType, String authorization) {
        return post(method, body.getBytes(StandardCharsets.UTF_8), contentType, authorization);
    }

    public JsonResponse post(String method, byte[] body, String contentType, String authorization) {
        return send("POST", method, null, HttpRequest.BodyPublishers.ofByteArray(body), contentType, authorization);
    }

    /** POST with {@value #JSON}. */
    public JsonResponse post(String method, String body, String authorization) {
        return post(method, body, JSON, authorization);
    }

    /** GET with the query as given (already encoded, without the '?'; null for none). */
    public JsonResponse get(String method, String query, String authorization) {
        return send("GET", method, query, HttpRequest.BodyPublishers.noBody(), null, authorization);
    }

    /** Any HTTP method, with an optional body. */
    public JsonResponse send(String httpMethod, String method, String query, HttpRequest.BodyPublisher body,
                             String contentType, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(method) + (query == null ? "" : "?" + query)))
                .timeout(timeout)
                .expectContinue(expectContinue)
                .method(httpMethod, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new JsonResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code Basic base64(user:password)}, UTF-8 as RFC 7617 recommends. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Basic for the test server's user. */
    public static String basic() {
        return basic(TestServer.USER, TestServer.PASSWORD);
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** Authenticates through JSON and returns the token; fails the test when that does not work. */
    public String authenticate(String user, String password) {
        JsonResponse response = post("Authenticate", "{\"Authenticate\": {\"userName\": " + quote(user)
                + ", \"password\": " + quote(password) + "}}", null);
        if (response.status() != 200) {
            throw new AssertionError("JSON Authenticate failed: " + response);
        }
        return response.json().get("token").asText();
    }

    /** A JSON string literal. */
    public static String quote(String text) {
        return JsonResponse.MAPPER.valueToTree(text).toString();
    }
}
