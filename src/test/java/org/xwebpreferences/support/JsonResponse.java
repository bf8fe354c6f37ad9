package org.xwebpreferences.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JSON over xWeb answer as the client saw it. */
public record JsonResponse(int status, HttpHeaders headers, String body) {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@code Bearer token = GUID}, as the contract writes it. */
    private static final Pattern BEARER_TOKEN = Pattern.compile(
            "Bearer token = ([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");

    /** The body parsed; fails the test when it is not JSON. */
    public JsonNode json() {
        return parse(body);
    }

    /** Parses a JSON text written in a test, e.g. an expected answer. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /**
     * The token of {@code WWW-Authenticate: Bearer token = GUID}, or null when
     * there is no such header; fails the test when the header has another form.
     */
    public String token() {
        String challenge = header("WWW-Authenticate");
        if (challenge == null || !challenge.startsWith("Bearer token")) {
            return null;
        }
        Matcher matcher = BEARER_TOKEN.matcher(challenge);
        if (!matcher.matches()) {
            throw new AssertionError("WWW-Authenticate is not 'Bearer token = GUID': " + challenge);
        }
        return matcher.group(1);
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + headers.map() + ": " + body;
    }
}
