package org.xwebpreferences.soap;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.auth.Session;
import org.xwebpreferences.auth.TokenService;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.http.AnswerMemory;
import org.xwebpreferences.http.CorrelationIds;
import org.xwebpreferences.http.FallbackRouter;
import org.xwebpreferences.http.MediaType;
import org.xwebpreferences.http.Outcome;
import org.xwebpreferences.http.RequestBody;
import org.xwebpreferences.http.RequestRecord;
import org.xwebpreferences.http.ResponseBody;
import org.xwebpreferences.http.ServerErrorLog;
import org.xwebpreferences.http.WireDump;

/**
 * The HTTP handler at /xWeb/Secure/netForumXML.asmx. It serves the WSDL,
 * bounds and reads the request body, picks SOAP 1.1 or 1.2 by Content-Type,
 * screens the envelope, and only then hands the request to Metro; it sends
 * Metro's answer with a Content-Length, and writes every fault itself.
 */
public final class SoapGate implements HttpHandler {

    public static final String PATH = "/xWeb/Secure/netForumXML.asmx";

    private static final Logger LOG = LoggerFactory.getLogger(SoapGate.class);
    private static final String ACTION_PREFIX = "http://www.avectra.com/2005/";

    private final Map<SoapVersion, HttpHandler> metro;
    private final EnvelopeCheck envelopeCheck;
    private final TokenService tokens;
    private final WsdlDocument wsdl;
    private final ServiceDescriptionPages pages;
    private final CorrelationIds correlationIds;
    private final WireDump wireDump;
    private final int maxBodyBytes;
    private final AnswerMemory answerMemory;

    SoapGate(Map<SoapVersion, HttpHandler> metro, EnvelopeCheck envelopeCheck, TokenService tokens,
             WsdlDocument wsdl, CorrelationIds correlationIds, WireDump wireDump, int maxBodyBytes,
             AnswerMemory answerMemory) {
        this.metro = Map.copyOf(metro);
        this.envelopeCheck = envelopeCheck;
        this.tokens = tokens;
        this.wsdl = wsdl;
        this.pages = new ServiceDescriptionPages(wsdl.operations());
        this.correlationIds = correlationIds;
        this.wireDump = wireDump;
        this.maxBodyBytes = maxBodyBytes;
        this.answerMemory = answerMemory;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equalsIgnoreCase(PATH)) {
            // The JDK matches a context by prefix: /netForumXML.asmxFOO and
            // /netForumXML.asmx/Authenticate (ASMX's HTTP POST form) would run SOAP.
            FallbackRouter.notFound(exchange);
            return;
        }
        try {
            switch (exchange.getRequestMethod()) {
                case "POST" -> post(exchange);
                case "GET", "HEAD" -> {
                    RequestRecord.current().protocol("soap");
                    get(exchange);
                }
                default -> notAllowed(exchange);
            }
        } catch (IOException e) {
            RequestRecord.current().connectionLost();
            LOG.debug("Client connection failed: {}", e.toString());
        }
        // Not closed in a finally: closing an exchange that has no answer yet drops the connection, and the
        // last resort's 500 for an Error that got out of here had nowhere to go (review).
        exchange.close();
    }

    private void get(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String address = ClientAddress.of(exchange) + PATH;
        RequestRecord record = RequestRecord.current();
        if (query == null || query.isEmpty()) {
            record.operation("help");
            sendDescription(exchange, "text/html; charset=utf-8", pages.helpPage(address));
        } else if (asksFor(query, "disco")) {
            record.operation("disco");
            sendDescription(exchange, "text/xml; charset=utf-8", ServiceDescriptionPages.disco(address));
        } else if (asksFor(query, "wsdl") || asksFor(query, "singlewsdl")) {
            record.operation("wsdl");
            sendDescription(exchange, "text/xml; charset=utf-8", wsdl.withAddress(address));
        } else {
            record.operation("unknown"); // ?xsd=xsd0, ?wsdl=wsdl0: not the WSDL's page, which metrics count as wsdl
            sendText(exchange, 404, "No such document here: this service's WSDL is one document, with its schema"
                    + " inline, at ?wsdl (also ?singleWsdl); its DISCO document is at ?disco.");
        }
    }

    private void sendDescription(HttpExchange exchange, String contentType, byte[] document) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        // The address in it depends on these request headers: a shared cache must not hand one client's to another.
        exchange.getResponseHeaders().set("Vary", "Host, Forwarded, X-Forwarded-Host, X-Forwarded-Proto,"
                + " X-Forwarded-Port");
        send(exchange, 200, document);
    }

    /**
     * ?wsdl as ASMX serves it, in any case, ?singleWsdl as WCF tooling asks
     * for it, ?disco; further parameters after it (a cache buster) change
     * nothing. Not ?wsdl=wsdl0 or ?xsd=xsd0: those name parts of a split WSDL,
     * which this one is not.
     */
    private static boolean asksFor(String query, String document) {
        return query.split("&", 2)[0].equalsIgnoreCase(document);
    }

    private void post(HttpExchange exchange) throws IOException {
        String correlationId = correlationIds.forRequest(exchange.getRequestHeaders().getFirst(CorrelationIds.HEADER));
        exchange.getResponseHeaders().set(CorrelationIds.HEADER, correlationId);
        RequestRecord record = RequestRecord.current().protocol("soap").correlationId(correlationId);
        List<String> contentTypes = exchange.getRequestHeaders().getOrDefault("Content-Type", List.of());
        if (contentTypes.size() > 1) {
            RequestBody.discard(exchange);
            sendFault(exchange, 415, SoapVersion.SOAP_11, SoapFault.client("Content-Type appears more than once:"
                    + " send one", "Content-Type"));
            return;
        }
        String contentType = contentTypes.isEmpty() ? null : contentTypes.get(0);
        MediaType mediaType = MediaType.parse(contentType);
        SoapVersion version = SoapVersion.forContentType(mediaType);
        if (version == null) {
            RequestBody.discard(exchange); // so that the client, still sending, reads the answer
            sendFault(exchange, 415, SoapVersion.SOAP_11, SoapFault.client("Content-Type "
                    + (contentType == null ? "is missing" : "'" + contentType + "' is not SOAP")
                    + ": send SOAP 1.1 as text/xml or SOAP 1.2 as application/soap+xml", "Content-Type"));
            return;
        }
        byte[] body = readBody(exchange, version);
        if (body == null) {
            return;
        }
        wireDump.request(correlationId, "POST", PATH, mediaType, body);
        EnvelopeCheck.Envelope envelope;
        Charset charset;
        try {
            charset = SoapVersion.inByteOrder(SoapVersion.charset(mediaType), body);
            envelope = envelopeCheck.check(body, version, charset);
            checkAction(exchange, mediaType, envelope);
        } catch (EnvelopeRefused rejected) {
            if (rejected.operation() != null) {
                record.operation(rejected.operation());
            }
            sendFault(exchange, 500, rejected.versionMismatch() ? rejected.answerIn() : version,
                    withNextToken(SoapFault.refused(rejected), rejected.presentedToken()));
            return;
        }
        record.operation(envelope.operation());
        try (AnswerMemory.Room room = answerMemory.room()) {
            RequestContext request = new RequestContext(version, envelope.operation(), correlationId, record, room);
            request.begin();
            try {
                invokeMetro(exchange, request, body, headersForMetro(version, charset, envelope.operation()));
            } finally {
                request.finish();
            }
        }
    }

    private void invokeMetro(HttpExchange exchange, RequestContext request, byte[] body, Headers headers)
            throws IOException {
        CapturedExchange captured = new CapturedExchange(exchange, body, headers);
        try {
            metro.get(request.version()).handle(captured);
        } catch (RuntimeException | IOException | Error e) { // an Error too: a class gone from a replaced jar (review)
            request.answerRoom().close(); // nothing of the answer is sent: its room is free for others already
            ServerErrorLog.failed(LOG, request.correlationId(), request.operation(), "failed inside Metro", e);
            sendFault(exchange, 500, request.version(), afterTheEndpoint(request));
            return;
        }
        if (request.fault() != null || captured.status() >= 400) {
            request.answerRoom().close();
        }
        if (request.fault() != null) {
            sendFault(exchange, 500, request.version(), request.fault());
        } else if (captured.status() >= 400) {
            LOG.error("[{}] Metro answered {} with HTTP {} that the endpoint did not raise: {}", request.correlationId(),
                    request.operation(), captured.status(), abbreviate(captured.response().toByteArray()));
            sendFault(exchange, 500, request.version(), afterTheEndpoint(request));
        } else {
            request.record().outcome(Outcome.SUCCESS);
            int status = captured.status();
            SoapAnswer answer = AsmxEnvelope.from(captured.response(), request.version());
            if (!request.answerRoom().settle(answer.size())) {
                request.answerRoom().close();
                answer = null; // let go before the fault is written
                captured = null;
                sendFault(exchange, 500, request.version(), SoapFaults.describe(XwebError.shedding(
                        AnswerMemory.NO_ROOM), request.operation(), request.correlationId())
                        .withToken(request.tokenHandedBack()));
                return;
            }
            send(exchange, status, answer);
        }
    }

    /**
     * The Server fault for a failure in Metro: where the endpoint had already
     * accepted the token and handed one back (a single-use token is spent by
     * then), the fault carries it, as every answer to a good token does.
     */
    private static SoapFault afterTheEndpoint(RequestContext request) {
        return SoapFaults.internal(request.correlationId()).withToken(request.tokenHandedBack());
    }

    /**
     * The only request headers Metro sees, made from what the check used rather
     * than copied from the client: Metro then reads the body in the same charset
     * the check did, never meets a Content-Type its own parser refuses (upper case,
     * an unquoted action), and never answers in Fast Infoset, which an
     * {@code Accept} header would otherwise get and ASMX does not speak.
     */
    private static Headers headersForMetro(SoapVersion version, Charset charset, String operation) {
        Headers headers = new Headers();
        headers.set("Content-Type", charset == null ? version.mediaType() : version.mediaType() + "; charset="
                + charset.name());
        if (version == SoapVersion.SOAP_11) {
            headers.set("SOAPAction", "\"" + ACTION_PREFIX + operation + "\"");
        }
        return headers;
    }

    /**
     * With single-use tokens every answer to the holder of a good token carries
     * the next one, a refusal too; so the token a refused envelope presented is
     * spent here, as the operation would have spent it. A bad token (or a
     * database that cannot say) leaves the refusal as it is, without a token.
     */
    private SoapFault withNextToken(SoapFault fault, String presentedToken) {
        if (!tokens.singleUse() || presentedToken == null) {
            return fault;
        }
        try {
            Session session = tokens.check(presentedToken);
            RequestRecord.current().user(session.userName());
            return fault.withToken(session.token());
        } catch (XwebError e) {
            return fault;
        } catch (RuntimeException e) {
            LOG.warn("[{}] Could not spend the token of a refused envelope: {}", RequestRecord.current().correlationId(),
                    e.toString());
            return fault;
        }
    }

    /**
     * The body, or null when the client has had its answer: 413 over the limit,
     * else a Client fault with HTTP 500, as SOAP 1.1 wants every fault sent (a
     * .NET proxy reads the fault only then), for a body it cannot read.
     */
    private byte[] readBody(HttpExchange exchange, SoapVersion version) throws IOException {
        byte[] body;
        try {
            body = RequestBody.read(exchange, maxBodyBytes);
        } catch (RequestBody.Unreadable e) {
            sendFault(exchange, 500, version, SoapFault.client(e.getMessage(), e.field()));
            return null;
        }
        if (body == null) {
            sendFault(exchange, 413, version, SoapFault.client("The request body is larger than the limit of "
                    + maxBodyBytes + " bytes", null));
        }
        return body;
    }

    /**
     * The SOAPAction header and Content-Type's action parameter may each be
     * absent, empty, or the operation's own: anything else says the client meant
     * another operation. SOAP 1.2 does not use the header, nor SOAP 1.1 the
     * parameter, but a client may send either, and a gateway in front may route
     * or filter by it: a write must not pass there under a read's name, in
     * either version (the parameter under text/xml went unchecked: audit).
     */
    private static void checkAction(HttpExchange exchange, MediaType contentType, EnvelopeCheck.Envelope envelope)
            throws EnvelopeRefused {
        try {
            checkAction(singleSoapAction(exchange), envelope.operation(), "SOAPAction", "SOAPAction");
            checkAction(SoapVersion.single(contentType, "action"), envelope.operation(),
                    "The action parameter of Content-Type", "Content-Type");
        } catch (EnvelopeRefused rejected) {
            throw rejected.presenting(envelope.presentedToken()).about(envelope.operation());
        }
    }

    /** {@code named}: how the fault names where the action was, {@code field} its Field. */
    private static void checkAction(String action, String operation, String named, String field)
            throws EnvelopeRefused {
        if (action == null) {
            return;
        }
        String unquoted = action.strip();
        if (unquoted.length() >= 2 && unquoted.startsWith("\"") && unquoted.endsWith("\"")) {
            unquoted = unquoted.substring(1, unquoted.length() - 1);
        }
        if (!unquoted.isEmpty() && !unquoted.equals(ACTION_PREFIX + operation)) {
            String shown = Texts.cut(unquoted, 200); // a long one is cut to keep the fault small
            throw new EnvelopeRefused(named + " '" + shown + "' does not match the operation "
                    + operation + " in the body (expected '" + ACTION_PREFIX + operation + "' or none)", field);
        }
    }

    /** Two SOAPActions are refused, as two Content-Types are: a gateway may route by the other one. */
    private static String singleSoapAction(HttpExchange exchange) throws EnvelopeRefused {
        List<String> actions = exchange.getRequestHeaders().get("SOAPAction");
        if (actions == null) {
            return null;
        }
        if (actions.size() > 1) {
            throw new EnvelopeRefused("SOAPAction appears more than once: send one", "SOAPAction");
        }
        return actions.get(0);
    }

    private void sendFault(HttpExchange exchange, int status, SoapVersion version, SoapFault fault)
            throws IOException {
        RequestRecord.current().outcome(fault.outcome());
        exchange.getResponseHeaders().set("Content-Type", version.contentType());
        send(exchange, status, FaultWriter.write(version, fault));
    }

    private void notAllowed(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD, POST");
        sendText(exchange, 405, "Use POST for SOAP requests, or GET ?wsdl for the WSDL.");
    }

    private void sendText(HttpExchange exchange, int status, String text) throws IOException {
        RequestBody.discard(exchange);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(exchange, status, text.getBytes(StandardCharsets.UTF_8));
    }

    private void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if ("POST".equals(exchange.getRequestMethod())) {
            wireDump.response(RequestRecord.current().correlationId(), status, body);
        }
        ResponseBody.send(exchange, status, body);
    }

    private void send(HttpExchange exchange, int status, SoapAnswer answer) throws IOException {
        if (wireDump.enabled()) {
            wireDump.response(RequestRecord.current().correlationId(), status, answer.toByteArray());
        }
        ResponseBody.send(exchange, status, answer.size(), answer::writeTo);
    }

    private static String abbreviate(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return Texts.cut(text, 2000);
    }
}
