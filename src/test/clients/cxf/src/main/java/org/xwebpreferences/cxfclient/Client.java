package org.xwebpreferences.cxfclient;

import jakarta.xml.soap.Detail;
import jakarta.xml.soap.SOAPFault;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Holder;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.io.StringReader;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.cxf.ext.logging.LoggingFeature;
import org.apache.cxf.ext.logging.event.EventType;
import org.apache.cxf.ext.logging.event.LogEvent;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xwebpreferences.cxfclient.xweb.ArrayOfMailingListSetting;
import org.xwebpreferences.cxfclient.xweb.AuthorizationToken;
import org.xwebpreferences.cxfclient.xweb.MailingListSetting;
import org.xwebpreferences.cxfclient.xweb.MailingPerferenceStatus;
import org.xwebpreferences.cxfclient.xweb.NetForumXML;
import org.xwebpreferences.cxfclient.xweb.NetForumXMLSoap;
import org.xwebpreferences.cxfclient.xweb.PreferenceChange;
import org.xwebpreferences.cxfclient.xweb.PreferenceHistoryPage;

/**
 * Calls the xWeb preference service through stubs that Apache CXF's wsdl2java
 * generated from the served WSDL, on the CXF runtime, the way a Java integrator
 * who does not use Metro would:
 *
 * <pre>java -cp ... org.xwebpreferences.cxfclient.Client WSDL_URL USER PASSWORD</pre>
 *
 * <p>CXF picks the SOAP version from the port, so the same checks run through
 * the service's two ports, {@code netForumXMLSoap12} and {@code netForumXMLSoap}.
 * The token travels in the {@code Holder<AuthorizationToken>} that wsdl2java
 * makes of the header with {@code -exsh true}. CXF validates every response
 * against the WSDL's schema, so a response the stubs could only half read is a
 * failure, not a silent null. Exits 0 only when every check passed; each failure
 * is printed with the raw exchange that showed it (the password masked).
 */
public final class Client {

    static final String NS = "http://www.avectra.com/2005/";
    static final String SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope";
    static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** One port of the service and what its wire must look like. */
    record Version(String label, String port, String envelope, String contentType, String clientCode) {
    }

    static final List<Version> VERSIONS = List.of(
            new Version("SOAP 1.2", "netForumXMLSoap12", SOAP12_ENV, "application/soap+xml", "Sender"),
            new Version("SOAP 1.1", "netForumXMLSoap", SOAP11_ENV, "text/xml", "Client"));

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: java org.xwebpreferences.cxfclient.Client WSDL_URL USER PASSWORD");
            System.exit(2);
        }
        String cxf = org.apache.cxf.version.Version.getCurrentVersion();
        List<String> failures = new ArrayList<>();
        for (Version version : VERSIONS) {
            PortRun run = new PortRun(version, args[1], args[2]);
            try {
                run.run(new URL(args[0]));
            } catch (Throwable unexpected) { // ends this port's checks, not the other's
                run.failures.add(String.format("[%s] unexpected error: %s%n%s", version.label(),
                        stackTrace(unexpected), run.exchange()));
            }
            System.out.printf("Apache CXF %s, port %s (%s): %d checks passed, %d failed%n", cxf, version.port(),
                    version.label(), run.passed, run.failures.size());
            failures.addAll(run.failures);
        }
        for (String failure : failures) {
            System.out.println("FAILED " + failure.replace(args[2], "***"));
        }
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    static String stackTrace(Throwable thrown) {
        java.io.StringWriter text = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    /** The checks through one port; failures are collected, not thrown. */
    static final class PortRun {
        final Version version;
        final String user;
        final String password;
        final List<String> failures = new ArrayList<>();
        int passed;
        /** The raw messages of the current call, as CXF's logging feature saw them on the wire. */
        final List<LogEvent> exchange = new CopyOnWriteArrayList<>();
        NetForumXMLSoap port;
        String token;

        PortRun(Version version, String user, String password) {
            this.version = version;
            this.user = user;
            this.password = password;
        }

        // -- reporting ----------------------------------------------------------

        boolean check(boolean condition, String what, Object detail) {
            if (condition) {
                passed++;
                return true;
            }
            failures.add(String.format("[%s] %s: %s%n%s", version.label(), what, show(detail), exchange()));
            return false;
        }

        String exchange() {
            StringBuilder text = new StringBuilder();
            for (LogEvent event : exchange) {
                text.append("  --- ").append(event.getType()).append(' ').append(event.getAddress())
                        .append(event.getResponseCode() == null ? "" : " HTTP " + event.getResponseCode())
                        .append("\n      headers: ").append(event.getHeaders())
                        .append("\n      Content-Type: ").append(event.getContentType())
                        .append("\n      ").append(event.getPayload()).append('\n');
            }
            return text.toString();
        }

        static String show(Object value) {
            return value instanceof String ? "'" + value + "'" : String.valueOf(value);
        }

        // -- calling ------------------------------------------------------------

        void run(URL wsdl) throws Exception {
            LoggingFeature wire = new LoggingFeature();
            wire.setSender(exchange::add);
            wire.setLimit(1 << 20);
            wire.setPrettyLogging(false);
            wire.addSensitiveElementNames(Set.of("password"));
            NetForumXML service = new NetForumXML(wsdl, wire);
            port = "netForumXMLSoap12".equals(version.port()) ? service.getNetForumXMLSoap12()
                    : service.getNetForumXMLSoap();
            Map<String, Object> context = ((BindingProvider) port).getRequestContext();
            // Every response must be valid by the WSDL's own schema (CXF ignores what it does not
            // know otherwise); requests too, so that a check never rests on a request the WSDL forbids.
            context.put("schema-validation-enabled", "BOTH");
            context.put("javax.xml.ws.client.receiveTimeout", 30_000);
            checks();
        }

        /**
         * Makes one call, checks its wire (this port's envelope both ways, the WSDL's action,
         * Content-Type, HTTP 200) and takes the token from the response header.
         */
        <T> T call(String operation, Function<Holder<AuthorizationToken>, T> invocation) {
            Holder<AuthorizationToken> header = new Holder<>(tokenHeader(token));
            exchange.clear();
            T result = invocation.apply(header);
            checkWire(operation, 200, operation);
            String returned = header.value == null ? null : header.value.getToken();
            if (check(returned != null && GUID.matcher(returned).matches(),
                    operation + " response header carries an AuthorizationToken/Token GUID (the Holder)", returned)) {
                token = returned;
            }
            return result;
        }

        void callVoid(String operation, Consumer<Holder<AuthorizationToken>> invocation) {
            call(operation, header -> {
                invocation.accept(header);
                return null;
            });
        }

        static AuthorizationToken tokenHeader(String token) {
            AuthorizationToken header = new AuthorizationToken();
            header.setToken(token);
            return header;
        }

        LogEvent event(EventType... types) {
            for (LogEvent event : exchange) {
                if (List.of(types).contains(event.getType())) {
                    return event;
                }
            }
            return null;
        }

        void checkWire(String operation, int status, String context) {
            String action = NS + operation;
            LogEvent request = event(EventType.REQ_OUT);
            LogEvent response = event(EventType.RESP_IN, EventType.FAULT_IN);
            if (!check(request != null && response != null, context + ": a request and a response went over HTTP",
                    exchange.stream().map(LogEvent::getType).collect(Collectors.toList()))) {
                return;
            }
            String sentAction;
            if (version.envelope().equals(SOAP11_ENV)) {
                sentAction = header(request, "SOAPAction");
            } else {
                Matcher m = Pattern.compile(";\\s*action=\"([^\"]*)\"").matcher(
                        String.valueOf(request.getContentType()));
                sentAction = m.find() ? m.group(1) : null;
            }
            check(action.equals(sentAction == null ? null : sentAction.replace("\"", "")),
                    context + ": the request carries the action " + action, sentAction);
            check(version.envelope().equals(envelopeNamespace(request.getPayload())),
                    context + ": the request uses the " + version.label() + " envelope",
                    envelopeNamespace(request.getPayload()));
            check(version.envelope().equals(envelopeNamespace(response.getPayload())),
                    context + ": the response uses the " + version.label() + " envelope",
                    envelopeNamespace(response.getPayload()));
            String contentType = String.valueOf(response.getContentType()).toLowerCase(Locale.ROOT);
            check(contentType.startsWith(version.contentType()),
                    context + ": the response Content-Type is " + version.contentType(), response.getContentType());
            check(String.valueOf(status).equals(response.getResponseCode()), context + ": HTTP " + status,
                    response.getResponseCode());
        }

        static String header(LogEvent event, String name) {
            for (Map.Entry<String, String> entry : event.getHeaders().entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue();
                }
            }
            return null;
        }

        static String envelopeNamespace(String xml) {
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)))
                        .getDocumentElement().getNamespaceURI();
            } catch (Exception notXml) {
                return "not XML: " + notXml.getMessage();
            }
        }

        /**
         * The call must end in a SOAPFaultException from the server, HTTP 500, with this version's
         * client fault code, a message matching the pattern and no stack trace, and (when field is
         * given) FaultDetail/Field naming it.
         */
        void expectFault(String context, String operation, Function<Holder<AuthorizationToken>, ?> invocation,
                         String tokenSent, String messagePattern, String field) {
            exchange.clear();
            Object result;
            try {
                result = invocation.apply(new Holder<>(tokenSent == null ? null : tokenHeader(tokenSent)));
            } catch (SOAPFaultException thrown) {
                check(true, context + " throws a SOAPFaultException", null);
                checkWire(operation, 500, context);
                SOAPFault fault = thrown.getFault();
                QName code = fault.getFaultCodeAsQName();
                check(code != null && version.envelope().equals(code.getNamespaceURI())
                                && version.clientCode().equals(code.getLocalPart()),
                        context + ": the fault code is " + version.clientCode() + " of this envelope", code);
                String message = fault.getFaultString();
                check(message != null && Pattern.compile(messagePattern).matcher(message).find(),
                        context + ": the fault message matches " + messagePattern, message);
                check(message != null && !message.contains("Exception") && !message.contains("at org."),
                        context + ": the fault message is no stack trace", message);
                if (field != null) {
                    check(field.equals(detailField(fault.getDetail())),
                            context + ": the fault detail FaultDetail/Field is " + field, detailField(fault.getDetail()));
                }
                return;
            } catch (RuntimeException other) {
                check(false, context + " throws a SOAPFaultException", stackTrace(other));
                return;
            }
            check(false, context + " throws a SOAPFaultException", "it returned " + show(result));
        }

        static String detailField(Detail detail) {
            if (detail == null) {
                return null;
            }
            for (Iterator<?> entries = detail.getDetailEntries(); entries.hasNext(); ) {
                Node entry = (Node) entries.next();
                if ("FaultDetail".equals(entry.getLocalName()) && NS.equals(entry.getNamespaceURI())) {
                    for (Node child = entry.getFirstChild(); child != null; child = child.getNextSibling()) {
                        if (child instanceof Element && "Field".equals(child.getLocalName())) {
                            return child.getTextContent();
                        }
                    }
                }
            }
            return null;
        }

        // -- the data -----------------------------------------------------------

        static String upperGuid(boolean braces) {
            String key = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
            return braces ? "{" + key + "}" : key;
        }

        /** How the contract says the server stores and returns a key: lower case, no braces. */
        static String stored(String key) {
            return key == null ? null : key.replace("{", "").replace("}", "").toLowerCase(Locale.ROOT);
        }

        static MailingListSetting setting(String list, String name, String category, MailingPerferenceStatus status,
                                          String email, String address, String phone, String fax) {
            MailingListSetting setting = new MailingListSetting();
            setting.setMailingListKey(list);
            setting.setMailingListName(name);
            setting.setMailingListCategory(category);
            setting.setStatus(status);
            setting.setEmailKey(email);
            setting.setAddressKey(address);
            setting.setPhoneKey(phone);
            setting.setFaxKey(fax);
            return setting;
        }

        /** What the server must return for a setting sent: the same, keys in their stored form. */
        static MailingListSetting storedForm(MailingListSetting sent) {
            return setting(stored(sent.getMailingListKey()), sent.getMailingListName(), sent.getMailingListCategory(),
                    sent.getStatus(), stored(sent.getEmailKey()), stored(sent.getAddressKey()),
                    stored(sent.getPhoneKey()), stored(sent.getFaxKey()));
        }

        static Map<String, Object> fields(MailingListSetting setting) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("mailing_list_key", setting.getMailingListKey());
            fields.put("mailing_list_name", setting.getMailingListName());
            fields.put("mailing_list_category", setting.getMailingListCategory());
            fields.put("status", setting.getStatus());
            fields.put("email_key", setting.getEmailKey());
            fields.put("address_key", setting.getAddressKey());
            fields.put("phone_key", setting.getPhoneKey());
            fields.put("fax_key", setting.getFaxKey());
            return fields;
        }

        static ArrayOfMailingListSetting array(MailingListSetting... settings) {
            ArrayOfMailingListSetting array = new ArrayOfMailingListSetting();
            array.getMailingListSetting().addAll(List.of(settings));
            return array;
        }

        void checkSetting(String where, MailingListSetting actual, MailingListSetting expected) {
            if (!check(actual != null, where + " is present", actual)) {
                return;
            }
            Map<String, Object> got = fields(actual);
            fields(expected).forEach((field, value) -> check(Objects.equals(got.get(field), value),
                    where + "." + field + " is " + show(value), "got " + show(got.get(field))));
        }

        void checkGetAll(String customer, List<MailingListSetting> expected, String context) {
            ArrayOfMailingListSetting result = call("GetAllCustomerCommunicationPreferences",
                    header -> port.getAllCustomerCommunicationPreferences(customer, header));
            List<MailingListSetting> settings = result == null ? List.of() : result.getMailingListSetting();
            List<String> keys = settings.stream().map(MailingListSetting::getMailingListKey).toList();
            List<String> expectedKeys = expected.stream().map(MailingListSetting::getMailingListKey).toList();
            if (check(keys.equals(expectedKeys), context + " returns exactly " + expectedKeys
                    + " (ordered by mailing_list_key, keys in lower case)", keys)) {
                for (int i = 0; i < settings.size(); i++) {
                    checkSetting(context + "[" + i + "]", settings.get(i), expected.get(i));
                }
            }
        }

        List<PreferenceChange> history(String customer, String list, String pageSize, String continuation,
                                       Holder<String> next) {
            PreferenceHistoryPage page = call("GetCustomerCommunicationPreferenceHistory",
                    header -> port.getCustomerCommunicationPreferenceHistory(customer, list, null, null, pageSize,
                            continuation, header));
            check(page != null, "GetCustomerCommunicationPreferenceHistory returns a page", page);
            if (page == null) {
                return List.of();
            }
            next.value = page.getContinuationToken();
            return page.getEntries() == null ? List.of() : page.getEntries().getPreferenceChange();
        }

        void checkChange(String where, PreferenceChange change, String customer, MailingListSetting expected,
                         MailingPerferenceStatus before, Instant notBefore) {
            check(stored(customer).equals(change.getCustomerKey()), where + ".customer_key is the stored form",
                    change.getCustomerKey());
            MailingListSetting asSetting = setting(change.getMailingListKey(), change.getMailingListName(),
                    change.getMailingListCategory(), change.getStatus(), change.getEmailKey(), change.getAddressKey(),
                    change.getPhoneKey(), change.getFaxKey());
            checkSetting(where, asSetting, expected);
            check(before == change.getStatusBefore(), where + ".status_before is " + before, change.getStatusBefore());
            check(user.equals(change.getChangedBy()), where + ".changed_by is the xWeb user", change.getChangedBy());
            check("SOAP".equals(change.getProtocol()), where + ".protocol is SOAP", change.getProtocol());
            Instant at = change.getChangedAt() == null ? null
                    : change.getChangedAt().toGregorianCalendar().toInstant();
            check(at != null && !at.isBefore(notBefore.minusSeconds(5)) && !at.isAfter(Instant.now().plusSeconds(5)),
                    where + ".changed_at is the time of the change", change.getChangedAt());
            check(change.getCorrelationId() != null && !change.getCorrelationId().isBlank(),
                    where + ".correlation_id is there", change.getCorrelationId());
        }

        // -- the checks ---------------------------------------------------------

        void checks() {
            // Authenticate (no header sent): the token in the result and in the response header.
            String result = call("Authenticate", header -> port.authenticate(user, password, header));
            check(result != null && GUID.matcher(result).matches(), "AuthenticateResult is a GUID", result);
            check(result != null && result.equals(token), "AuthenticateResult equals the AuthorizationToken header",
                    result + " vs " + token);

            // Set two settings, keys in upper case, braces on some, in descending key order.
            Instant start = Instant.now();
            String customer = upperGuid(true);
            String first = upperGuid(false);
            String second = upperGuid(false);
            if (first.compareTo(second) > 0) {
                String swap = first;
                first = second;
                second = swap;
            }
            MailingListSetting full = setting("{" + second + "}", "Monthly newsletter (Apache CXF, "
                            + version.label() + ")", "Newsletters", MailingPerferenceStatus.OPT_OUT, upperGuid(false),
                    upperGuid(true), upperGuid(false), upperGuid(true));
            MailingListSetting bare = setting(first, null, null, MailingPerferenceStatus.OPT_IN, null, null, null, null);
            callVoid("SetCustomerCommunicationPreferences",
                    header -> port.setCustomerCommunicationPreferences(customer, array(full, bare), header));
            MailingListSetting expectedFull = storedForm(full);
            MailingListSetting expectedBare = storedForm(bare);

            // GetAll: exactly those two, ordered by mailing_list_key, keys in lower case.
            checkGetAll(customer, List.of(expectedBare, expectedFull), "GetAllCustomerCommunicationPreferences");

            // Get one stored list, asked for in other spellings of its keys.
            String secondKey = second;
            MailingListSetting got = call("GetCustomerCommunicationPreference",
                    header -> port.getCustomerCommunicationPreference(stored(customer).toUpperCase(Locale.ROOT),
                            secondKey.toLowerCase(Locale.ROOT), header));
            checkSetting("GetCustomerCommunicationPreference(stored list)", got, expectedFull);

            // Get a list nothing is stored for: that key, status Undefined.
            String unknown = upperGuid(true);
            got = call("GetCustomerCommunicationPreference",
                    header -> port.getCustomerCommunicationPreference(customer, unknown, header));
            checkSetting("GetCustomerCommunicationPreference(unknown list)", got,
                    setting(stored(unknown), null, null, MailingPerferenceStatus.UNDEFINED, null, null, null, null));

            // History of one list (its key in braces): the one change, with who, when and how.
            Holder<String> next = new Holder<>();
            List<PreferenceChange> changes = history(customer, "{" + second + "}", null, null, next);
            if (check(changes.size() == 1, "History of the full list has one entry", changes.size())) {
                checkChange("History(full list)[0]", changes.get(0), customer, expectedFull, null, start);
            }
            check(next.value == null, "History of the full list has no next page", next.value);

            // Faults: a customerKey that is no GUID, on Set and on Get, names customerKey; nothing stored.
            expectFault("SetCustomerCommunicationPreferences with customerKey 'ACME-42'",
                    "SetCustomerCommunicationPreferences",
                    header -> {
                        port.setCustomerCommunicationPreferences("ACME-42", array(bare), header);
                        return null;
                    }, token, "customerKey", "customerKey");
            expectFault("GetCustomerCommunicationPreference with preferenceTypeKey 'newsletter'",
                    "GetCustomerCommunicationPreference",
                    header -> port.getCustomerCommunicationPreference(customer, "newsletter", header),
                    token, "preferenceTypeKey", "preferenceTypeKey");
            // An unknown token and no header at all: Client faults about the token.
            expectFault("GetAllCustomerCommunicationPreferences with an unknown token",
                    "GetAllCustomerCommunicationPreferences",
                    header -> port.getAllCustomerCommunicationPreferences(customer, header),
                    UUID.randomUUID().toString(), "(?i)token", null);
            expectFault("GetAllCustomerCommunicationPreferences without an AuthorizationToken header",
                    "GetAllCustomerCommunicationPreferences",
                    header -> port.getAllCustomerCommunicationPreferences(customer, header),
                    null, "AuthorizationToken", null);
            // A wrong password: a Client fault.
            expectFault("Authenticate with a wrong password", "Authenticate",
                    header -> port.authenticate(user, password + "-wrong", header), null, "(?i)authentication failed",
                    null);

            // The token kept through the faults still works, and nothing changed.
            checkGetAll(customer, List.of(expectedBare, expectedFull),
                    "GetAllCustomerCommunicationPreferences after the faults");

            // Set the full list again, opted in and with its optional fields left out: the row is
            // replaced, and its history now has two entries, newest first, a page of one at a time.
            Instant again = Instant.now();
            MailingListSetting replaced = setting(second.toLowerCase(Locale.ROOT), null, null,
                    MailingPerferenceStatus.OPT_IN, null, null, null, null);
            callVoid("SetCustomerCommunicationPreferences",
                    header -> port.setCustomerCommunicationPreferences(customer, array(replaced), header));
            MailingListSetting expectedReplaced = storedForm(replaced);
            checkGetAll(customer, List.of(expectedBare, expectedReplaced),
                    "GetAllCustomerCommunicationPreferences after the replacement");
            changes = history(customer, second, "1", null, next);
            if (check(changes.size() == 1, "History page 1 (pageSize 1) has one entry", changes.size())) {
                checkChange("History page 1[0]", changes.get(0), customer, expectedReplaced,
                        MailingPerferenceStatus.OPT_OUT, again);
            }
            if (check(next.value != null, "History page 1 has a continuationToken", next.value)) {
                changes = history(customer, second, "1", next.value, next);
                if (check(changes.size() == 1, "History page 2 has one entry", changes.size())) {
                    checkChange("History page 2[0]", changes.get(0), customer, expectedFull, null, start);
                }
            }
        }
    }
}
