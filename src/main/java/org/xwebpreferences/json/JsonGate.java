package org.xwebpreferences.json;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.auth.CredentialCache;
import org.xwebpreferences.auth.Session;
import org.xwebpreferences.auth.TokenService;
import org.xwebpreferences.core.Caller;
import org.xwebpreferences.core.PreferenceService;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.http.AnswerMemory;
import org.xwebpreferences.http.CorrelationIds;
import org.xwebpreferences.http.MediaType;
import org.xwebpreferences.http.RequestBody;
import org.xwebpreferences.http.RequestRecord;
import org.xwebpreferences.http.ResponseBody;
import org.xwebpreferences.http.ServerErrorLog;
import org.xwebpreferences.http.Unavailable;
import org.xwebpreferences.http.WireDump;

/**
 * JSON over xWeb at /xWeb/JSON/{Method}: the same methods as the SOAP
 * endpoint, on the same core service. This class only maps HTTP and JSON to
 * the domain and back.
 */
public final class JsonGate implements HttpHandler {

    public static final String PATH = "/xWeb/JSON/";

    private static final Logger LOG = LoggerFactory.getLogger(JsonGate.class);
    /** More than any method takes (History has six): a name beyond them is refused anyway, once read. */
    private static final int MAX_QUERY_PARAMETERS = 16;
    /** Basic with the pair in UTF-8 (RFC 7617), or a token from Authenticate. */
    private static final String CHALLENGE = "Basic realm=\"xWeb\", charset=\"UTF-8\", Bearer";

    private final PreferenceService preferences;
    private final CredentialCache credentials;
    private final JsonAuthentication authentication;
    private final CorrelationIds correlationIds;
    private final WireDump wireDump;
    private final JsonCodec codec;
    private final int maxBodyBytes;
    private final AnswerMemory answerMemory;

    public JsonGate(PreferenceService preferences, TokenService tokens, CredentialCache credentials,
                    CorrelationIds correlationIds, WireDump wireDump, int maxBodyBytes, int maxSettings,
                    AnswerMemory answerMemory) {
        this.codec = new JsonCodec(maxSettings);
        this.preferences = preferences;
        this.credentials = credentials;
        this.authentication = new JsonAuthentication(tokens, credentials);
        this.correlationIds = correlationIds;
        this.wireDump = wireDump;
        this.maxBodyBytes = maxBodyBytes;
        this.answerMemory = answerMemory;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String correlationId = correlationIds.forRequest(exchange.getRequestHeaders().getFirst(CorrelationIds.HEADER));
            exchange.getResponseHeaders().set(CorrelationIds.HEADER, correlationId);
            RequestRecord.current().protocol("json").correlationId(correlationId);
            new Call(exchange, correlationId).run();
        } catch (IOException e) {
            RequestRecord.current().connectionLost();
            LOG.debug("Client connection failed: {}", e.toString());
        }
        exchange.close(); // not in a finally: what gets out unanswered is the last resort's to answer (LastResort)
    }

    /** One request, from routing to the answer. */
    private final class Call {
        private final HttpExchange exchange;
        private final String correlationId;
        private JsonMethod method;
        private Session session;
        private boolean bodyRead;

        Call(HttpExchange exchange, String correlationId) {
            this.exchange = exchange;
            this.correlationId = correlationId;
        }

        void run() throws IOException {
            String name = exchange.getRequestURI().getPath().substring(PATH.length());
            method = JsonMethod.named(name);
            RequestRecord.current().operation(method == null ? "unknown" : method.wireName());
            if (method == null) {
                send(404, codec.error("Unknown method " + Texts.quote(name) + ": use Authenticate,"
                        + " SetCustomerCommunicationPreferences, GetAllCustomerCommunicationPreferences,"
                        + " GetCustomerCommunicationPreference or GetCustomerCommunicationPreferenceHistory", null, null));
                return;
            }
            String httpMethod = exchange.getRequestMethod();
            // HEAD is a GET without the body of the answer (RFC 9110): the call runs the same.
            boolean get = "GET".equals(httpMethod) || "HEAD".equals(httpMethod);
            if (!"POST".equals(httpMethod) && !(get && method.allowsGet())) {
                exchange.getResponseHeaders().set("Allow", method.allowsGet() ? "GET, HEAD, POST" : "POST");
                send(405, codec.error(httpMethod + " is not allowed for " + method.wireName(), null, null));
                return;
            }
            if (exchange.getRequestHeaders().containsKey("Origin")) {
                // Only browsers send Origin. This API serves no pages and answers no CORS, so no page
                // has a use for it; but a page on another site could make a browser that holds Basic
                // credentials for this server POST a Set without a Content-Type (which needs no
                // preflight), and the write would be the user's.
                send(403, codec.error("Origin: requests from web pages are not served (this API offers no"
                        + " CORS): call it from a server or a script", "Origin", null));
                return;
            }
            try {
                if (method.needsToken()) {
                    // Who is calling is settled before what they sent is read.
                    session = authentication.session(exchange.getRequestHeaders().get("Authorization"));
                    RequestRecord.current().user(session.userName());
                }
                JsonParameters parameters = get ? queryParameters() : bodyParameters();
                if (parameters != null) {
                    answer(parameters);
                }
            } catch (RuntimeException | Error e) {
                // An Error too (a class gone because the jar was replaced under the
                // server, a stack overflow): the client gets a 500 it can read, not
                // a connection closed without an answer.
                fail(e);
            }
        }

        /** Parameters come from one place: a client that sends them in both means one of them wrongly. */
        private JsonParameters bodyParameters() throws IOException {
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null && !query.isEmpty()) {
                throw XwebError.invalid("query", "POST reads its parameters from the JSON body only, not from the"
                        + " query string: send them in the body" + (method.allowsGet() ? ", or use GET" : ""));
            }
            List<String> contentTypes = exchange.getRequestHeaders().get("Content-Type");
            MediaType contentType = contentTypes == null || contentTypes.isEmpty() ? null
                    : MediaType.parse(contentTypes.get(0));
            String refused = contentTypeProblem(contentTypes, contentType);
            if (refused != null) {
                sendWithToken(415, codec.error(refused, "Content-Type", null), session == null ? null : session.token());
                return null;
            }
            byte[] body;
            try {
                body = RequestBody.read(exchange, maxBodyBytes);
            } catch (RequestBody.Unreadable e) {
                bodyRead = true;
                // The message names a header itself; a fault in the body is put under "body".
                sendWithToken(e.status(), e.field() != null ? codec.error(e.getMessage(), e.field(), null)
                                : codec.error("body: " + e.getMessage(), "body", null),
                        session == null ? null : session.token());
                return null;
            }
            bodyRead = true;
            if (body == null) {
                sendWithToken(413, codec.error("The request body is larger than the limit of " + maxBodyBytes + " bytes",
                        null, null), session == null ? null : session.token());
                return null;
            }
            String charset = declaredForeignCharset(contentType);
            if (charset != null && !isAscii(body)) {
                sendWithToken(415, codec.error("Content-Type: charset " + Texts.quote(charset) + " is not supported:"
                        + " send JSON in UTF-8", "Content-Type", null), session == null ? null : session.token());
                return null;
            }
            wireDump.request(correlationId, "POST", exchange.getRequestURI().getPath(), contentType, body);
            return codec.parameters(body, method);
        }

        /** The parts between '&'s that hold something: empty ones are ignored, so not counted. */
        private static int nonEmptyParts(String query) {
            int parts = 0;
            for (int i = 0; i < query.length(); i++) {
                if (query.charAt(i) != '&' && (i == 0 || query.charAt(i - 1) == '&')) {
                    parts++;
                }
            }
            return parts;
        }

        private JsonParameters queryParameters() {
            if (RequestBody.isDeclared(exchange)) {
                throw XwebError.invalid("body", exchange.getRequestMethod() + " reads its parameters from the query"
                        + " string only, not from a body: send them in the query string, or POST them as JSON");
            }
            Map<String, String> query = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null && !raw.isEmpty()) {
                // Counted before any is decoded: 50,000 made-up names in one URL took 10 MB of heap.
                int pairs = nonEmptyParts(raw);
                if (pairs > MAX_QUERY_PARAMETERS) {
                    throw XwebError.invalid("query", "holds " + pairs + " parameters; a method takes at most "
                            + MAX_QUERY_PARAMETERS);
                }
                for (String pair : raw.split("&")) {
                    if (pair.isEmpty()) {
                        continue; // "?&customerKey=..." or "a=1&&b=2", as a trailing '&' is
                    }
                    String[] parts = pair.split("=", 2);
                    String name = decode(parts[0]);
                    if (query.put(name, parts.length == 2 ? decode(parts[1]) : "") != null) {
                        throw XwebError.invalid(name, "is given more than once");
                    }
                }
            }
            return JsonParameters.ofQuery(query, method);
        }

        private void answer(JsonParameters parameters) throws IOException {
            if (!method.needsToken()) {
                authenticate(parameters);
                return;
            }
            Caller caller = new Caller(session.userName(), Caller.JSON, correlationId);
            try (AnswerMemory.Room room = answerMemory.room()) {
                answer(parameters, caller, room);
            }
        }

        private void answer(JsonParameters parameters, Caller caller, AnswerMemory.Room room) throws IOException {
            byte[] body = switch (method) {
                case SET -> {
                    preferences.set(parameters.string("customerKey"), parameters.preferences()).runFor(caller);
                    yield null;
                }
                case GET_ALL -> codec.settings(preferences.getAll(parameters.string("customerKey"), room)
                        .runFor(caller));
                case GET_ONE -> codec.setting(preferences.get(parameters.string("customerKey"),
                        parameters.string("preferenceTypeKey")).runFor(caller));
                case HISTORY -> codec.history(preferences.history(parameters.string("customerKey"),
                        parameters.string("mailingListKey"), parameters.string("from"), parameters.string("to"),
                        parameters.count("pageSize"), parameters.string("continuationToken")).runFor(caller));
                default -> throw new IllegalStateException("No handling for " + method);
            };
            if (!room.settle(body)) {
                room.close();
                body = null; // let go before the refusal is written
                fail(XwebError.shedding(AnswerMemory.NO_ROOM));
                return;
            }
            sendWithToken(200, body, session.token());
        }

        private void authenticate(JsonParameters parameters) throws IOException {
            Session authenticated = credentials.authenticate(parameters.string("userName"),
                    parameters.string("password"));
            RequestRecord.current().user(authenticated.userName());
            sendWithToken(200, codec.token(authenticated.token()), authenticated.token());
        }

        /** The one place JSON maps errors: the status and the {"error", "field"} body. */
        private void fail(Throwable error) throws IOException {
            String token = session == null ? null : session.token();
            if (error instanceof XwebError known) {
                switch (known.kind()) {
                    case INVALID_INPUT -> sendWithToken(400, codec.error(known.getMessage(), known.field(), null), token);
                    case UNAUTHENTICATED -> {
                        exchange.getResponseHeaders().set("WWW-Authenticate", CHALLENGE);
                        send(401, codec.error(known.getMessage(), known.field(), null));
                    }
                    case UNAVAILABLE -> {
                        RequestRecord.current().outcome(Unavailable.outcome(known));
                        String answer = Unavailable.answer(known, method.wireName(), correlationId);
                        exchange.getResponseHeaders().set("Retry-After", "5");
                        sendWithToken(503, codec.error(answer, null, correlationId), token);
                    }
                }
                return;
            }
            ServerErrorLog.failed(LOG, correlationId, method.wireName(), "failed", error);
            sendWithToken(500, codec.error("Internal server error (correlation id " + correlationId + ")", null,
                    correlationId), token);
        }

        /** Success and, after the token was accepted, failure too carry the token for the next call. */
        private void sendWithToken(int status, byte[] body, String token) throws IOException {
            if (token != null) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer token = " + token);
            }
            send(status, body);
        }

        private void send(int status, byte[] body) throws IOException {
            wireDump.response(correlationId, status, body);
            if (!bodyRead) {
                RequestBody.discard(exchange); // an early answer must not be lost to a reset
            }
            if (body == null) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ResponseBody.send(exchange, status, body);
        }
    }

    /** Why the Content-Type headers are refused, or null: none at all is taken as JSON. */
    private static String contentTypeProblem(List<String> headers, MediaType first) {
        if (first == null) {
            return null;
        }
        if (headers.size() > 1) {
            return "Content-Type is given more than once: send one, application/json";
        }
        String media = first.essence();
        boolean json = media.equals("application/json") || media.equals("text/json")
                || media.startsWith("application/") && media.endsWith("+json");
        return json ? null : "Content-Type " + Texts.quote(headers.get(0)) + " is not JSON: send application/json";
    }

    /**
     * The charset a client declared when it is none the parser reads (UTF-8,
     * UTF-16, UTF-32), or all of them when it declared several, else null.
     * Such a body is taken only when it is ASCII, which reads the same in all
     * of them: read as UTF-8, a windows-1252 "é" would be refused at best and
     * stored garbled at worst.
     */
    private static String declaredForeignCharset(MediaType contentType) {
        List<String> charsets = contentType == null ? List.of() : contentType.values("charset");
        if (charsets.isEmpty()) {
            return null;
        }
        if (charsets.size() > 1) {
            return String.join(", ", charsets); // parsers differ on which one counts: none is taken
        }
        String charset = charsets.get(0);
        String name = charset.toLowerCase(Locale.ROOT).replace("-", "");
        return name.equals("utf8") || name.startsWith("utf16") || name.startsWith("utf32") ? null : charset;
    }

    private static boolean isAscii(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw XwebError.invalid("query", "is not properly percent-encoded");
        }
    }
}
