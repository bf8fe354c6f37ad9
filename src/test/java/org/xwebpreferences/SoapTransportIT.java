package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.SoapClient.envelope;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.JsonBodies;
import org.xwebpreferences.support.JsonClient;
import org.xwebpreferences.support.JsonResponse;
import org.xwebpreferences.support.RawHttp;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/** SOAP over HTTP: versions, SOAPAction, content types, malformed and oversized requests. */
class SoapTransportIT {

    private static final String SET_ACTION = "http://www.avectra.com/2005/SetCustomerCommunicationPreferences";

    private static TestServer server;
    private static SoapClient client;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        client = server.client();
        token = client.authenticate(TestServer.USER, TestServer.PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Answers carry tokens and customers' preferences: no cache between client and server may keep them. */
    @Test
    void noAnswerMayBeStoredByACache() throws Exception {
        SoapResponse authenticated = client.post(envelope(null, "<Authenticate xmlns=\"" + SoapClient.NS
                + "\"><userName>" + TestServer.USER + "</userName><password>" + TestServer.PASSWORD
                + "</password></Authenticate>"));
        SoapResponse all = client.getAll(token, UUID.randomUUID().toString());
        SoapResponse fault = client.post(envelope(token, Envelopes.set("?")).getBytes(StandardCharsets.UTF_8),
                SoapClient.SOAP11, null);
        JsonClient json = JsonClient.of(server);
        JsonResponse jsonAll = json.get(JsonBodies.GET_ALL, "customerKey=" + UUID.randomUUID(), JsonClient.basic());
        JsonResponse jsonAuthenticate = json.post(JsonBodies.AUTHENTICATE, "{\"userName\": \"" + TestServer.USER
                + "\", \"password\": \"" + TestServer.PASSWORD + "\"}", null);
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.baseAddress() + "/health/live")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(List.of(authenticated.status(), all.status(), fault.status(), jsonAll.status(),
                jsonAuthenticate.status(), health.statusCode())).containsExactly(200, 200, 500, 200, 200, 200);
        assertThat(List.of(authenticated.headers(), all.headers(), fault.headers(), jsonAll.headers(),
                jsonAuthenticate.headers(), health.headers())).allSatisfy(headers ->
                assertThat(headers.allValues("Cache-Control")).containsExactly("no-store"));
        assertThat(List.of(authenticated.headers(), fault.headers(), jsonAll.headers(), health.headers()))
                .as("errors repeat client text: no browser may read them as other than they are (audit)")
                .allSatisfy(headers -> assertThat(headers.allValues("X-Content-Type-Options"))
                        .containsExactly("nosniff"));
    }

    @Test
    void soap12IsServedAtTheSameAddress() {
        String customer = UUID.randomUUID().toString();
        byte[] set = Envelopes.envelope12(token, Envelopes.set(customer, Envelopes.setting(UUID.randomUUID().toString(),
                "OptIn"))).getBytes(StandardCharsets.UTF_8);

        SoapResponse response = client.post(set, SoapClient.SOAP12 + "; action=\"" + SET_ACTION + "\"", null);

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/soap+xml"));
        assertThat(response.token()).isEqualTo(token);
        assertThat(client.getAll(token, customer).texts("//x:MailingListSetting")).hasSize(1);
    }

    @Test
    void soap12FaultsUseSenderAndTheSoap12Envelope() {
        byte[] bad = Envelopes.envelope12(token, Envelopes.set("?")).getBytes(StandardCharsets.UTF_8);

        SoapResponse response = client.post(bad, SoapClient.SOAP12, null);

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.faultCode()).isEqualTo("soap:Sender");
        assertThat(response.faultString()).startsWith("customerKey: '?' is not a GUID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"" + SET_ACTION + "\"", SET_ACTION, "\"\"", ""})
    void theOperationsOwnOrAnEmptySoapActionIsDispatchedByTheBody(String action) {
        SoapResponse response = client.post(setBytes(), SoapClient.SOAP11, action);

        assertThat(response.status()).as("%s", response).isEqualTo(200);
    }

    /** SOAP 1.1 has no action parameter, but a gateway may filter by one: it went unchecked under text/xml (audit). */
    @Test
    void anActionParameterOfAnotherOperationIsRefusedInSoap11Too() throws Exception {
        int before = server.preferenceRows();

        SoapResponse response = client.post(setBytes(), SoapClient.SOAP11
                + "; action=\"http://www.avectra.com/2005/GetAllCustomerCommunicationPreferences\"", null);

        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).startsWith("The action parameter of Content-Type 'http://www.avectra.com/"
                + "2005/GetAllCustomerCommunicationPreferences' does not match the operation"
                + " SetCustomerCommunicationPreferences");
        assertThat(response.text("//x:FaultDetail/x:Field")).isEqualTo("Content-Type");
        assertThat(server.preferenceRows()).isEqualTo(before);
        assertThat(client.post(setBytes(), SoapClient.SOAP11 + "; action=\"" + SET_ACTION + "\"", null).status())
                .as("its own operation's").isEqualTo(200);
    }

    @Test
    void noSoapActionIsDispatchedByTheBody() {
        assertThat(client.post(setBytes(), SoapClient.SOAP11, null).status()).isEqualTo(200);
    }

    @Test
    void aSoapActionOfAnotherOperationIsAClientFault() throws Exception {
        int before = server.preferenceRows();

        SoapResponse response = client.post(setBytes(), SoapClient.SOAP11,
                "\"http://www.avectra.com/2005/GetAllCustomerCommunicationPreferences\"");

        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).startsWith("SOAPAction 'http://www.avectra.com/2005/"
                + "GetAllCustomerCommunicationPreferences' does not match the operation SetCustomerCommunicationPreferences");
        assertThat(server.preferenceRows()).isEqualTo(before);
    }

    @Test
    void inSoap12ASoapActionHeaderOfAnotherOperationIsASenderFaultToo() throws Exception {
        String customer = UUID.randomUUID().toString();
        byte[] set = Envelopes.envelope12(token, Envelopes.set(customer, Envelopes.setting(UUID.randomUUID().toString(),
                "OptIn"))).getBytes(StandardCharsets.UTF_8);
        String getAllAction = "\"http://www.avectra.com/2005/GetAllCustomerCommunicationPreferences\"";

        SoapResponse headerOnly = client.post(set, SoapClient.SOAP12, getAllAction);
        SoapResponse withOwnActionParameter = client.post(set, SoapClient.SOAP12 + "; action=\"" + SET_ACTION + "\"",
                getAllAction);

        for (SoapResponse response : List.of(headerOnly, withOwnActionParameter)) {
            assertThat(response.status()).as("%s", response).isEqualTo(500);
            assertThat(response.faultCode()).isEqualTo("soap:Sender");
            assertThat(response.faultString()).startsWith("SOAPAction 'http://www.avectra.com/2005/"
                    + "GetAllCustomerCommunicationPreferences' does not match the operation SetCustomerCommunicationPreferences");
        }
        assertThat(client.getAll(token, customer).texts("//x:MailingListSetting")).isEmpty();
        assertThat(client.post(set, SoapClient.SOAP12, "\"" + SET_ACTION + "\"").status())
                .as("its own operation's SOAPAction").isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TEXT/XML", "Text/Xml; Charset=UTF-8", "text/xml; foo", "application/soap+xml; foo",
        "APPLICATION/SOAP+XML", "application/soap+xml; action=" + SET_ACTION, "application/soap+xml; action="})
    void mediaTypesInAnyCaseAndParametersMetrosOwnParserWouldRefuseAreServed(String contentType) throws Exception {
        String customer = UUID.randomUUID().toString();
        String set = Envelopes.set(customer, Envelopes.setting(UUID.randomUUID().toString(), "OptIn"));
        String body = contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/xml") ? envelope(token, set)
                : Envelopes.envelope12(token, set);

        SoapResponse response = client.post(body.getBytes(StandardCharsets.UTF_8), contentType, null);

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(client.getAll(token, customer).texts("//x:MailingListSetting")).hasSize(1);
    }

    @Test
    void xsiTypeNamingTheDeclaredTypesIsStoredAsIfAbsent() throws Exception {
        // How SOAP::Lite and NuSOAP write a document/literal request: xsi:type on every element.
        String customer = UUID.randomUUID().toString();
        String list = UUID.randomUUID().toString();
        String body = "<SetCustomerCommunicationPreferences xmlns=\"" + SoapClient.NS + "\" xmlns:t=\"" + SoapClient.NS
                + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
                + "<customerKey xsi:type=\"xsd:string\">" + customer + "</customerKey>"
                + "<preferences xsi:type=\"t:ArrayOfMailingListSetting\"><MailingListSetting xsi:type=\"t:MailingListSetting\">"
                + "<mailing_list_key xsi:type=\"xsd:string\">" + list + "</mailing_list_key>"
                + "<mailing_list_name xsi:type=\"xsd:string\">Newsletter</mailing_list_name>"
                + "<status xsi:type=\"xsd:string\">OptOut</status></MailingListSetting></preferences>"
                + "</SetCustomerCommunicationPreferences>";

        SoapResponse response = client.post(envelope(token, body));

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        SoapResponse all = client.getAll(token, customer);
        assertThat(all.texts("//x:MailingListSetting/x:mailing_list_key")).containsExactly(list);
        assertThat(all.text("//x:MailingListSetting/x:mailing_list_name")).isEqualTo("Newsletter");
        assertThat(all.text("//x:MailingListSetting/x:status")).isEqualTo("OptOut");
    }

    @ParameterizedTest
    @ValueSource(strings = {"windows-1252", "Shift_JIS", "ISO-8859-1", "UTF-16"})
    void theAnswerIsUtf8WhateverTheRequestsCharsetSoNoCharacterIsLost(String charset) throws Exception {
        String customer = UUID.randomUUID().toString();
        String name = "caf\u00e9 \u4e2d\u6587 \uD83D\uDE00";
        client.post(envelope(token, Envelopes.set(customer, "<MailingListSetting><mailing_list_key>" + UUID.randomUUID()
                + "</mailing_list_key><mailing_list_name>" + name + "</mailing_list_name><status>OptIn</status>"
                + "</MailingListSetting>")));
        byte[] getAll = envelope(token, "<GetAllCustomerCommunicationPreferences xmlns=\"" + SoapClient.NS + "\">"
                + "<customerKey>" + customer + "</customerKey></GetAllCustomerCommunicationPreferences>")
                .getBytes(java.nio.charset.Charset.forName(charset));

        SoapResponse response = client.post(getAll, "text/xml; charset=" + charset, null);

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(
                type.replace(" ", "").toLowerCase(java.util.Locale.ROOT)).contains("charset=utf-8"));
        assertThat(response.text("//x:MailingListSetting/x:mailing_list_name")).isEqualTo(name);
    }

    @Test
    void aSecondCharsetParameterIsAClientFaultNamingContentTypeAndStoresNothing() throws Exception {
        // Parsers disagree on which of two charsets counts: read one way the body passes the
        // check, read the other way it may say something else, so it is refused outright.
        String customer = UUID.randomUUID().toString();
        byte[] latin1 = envelope(token, Envelopes.set(customer, "<MailingListSetting><mailing_list_key>"
                + UUID.randomUUID() + "</mailing_list_key><mailing_list_name>Caf\u00e9</mailing_list_name><status>OptIn"
                + "</status></MailingListSetting>")).getBytes(StandardCharsets.ISO_8859_1);

        SoapResponse response = client.post(latin1, "text/xml; charset=iso-8859-1; charset=utf-8", null);

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).isEqualTo("Content-Type names a charset more than once ('iso-8859-1'"
                + " and 'utf-8'): send one");
        assertThat(response.text("//x:FaultDetail/x:Field")).isEqualTo("Content-Type");
        assertThat(client.getAll(token, customer).texts("//x:MailingListSetting")).isEmpty();
    }

    @Test
    void aSemicolonInAQuotedParameterIsPartOfItsValue() {
        byte[] getAll = Envelopes.envelope12(token, "<GetAllCustomerCommunicationPreferences xmlns=\"" + SoapClient.NS
                + "\"><customerKey>" + UUID.randomUUID() + "</customerKey></GetAllCustomerCommunicationPreferences>")
                .getBytes(StandardCharsets.UTF_8);

        SoapResponse hidden = client.post(getAll, "application/soap+xml; foo=\"x;charset=utf-16\"", null);
        SoapResponse action = client.post(getAll, "application/soap+xml; charset=utf-8; action=\"urn:a;b=c\"", null);
        SoapResponse twice = client.post(getAll, "application/soap+xml; action=\"\"; action=urn:other", null);

        assertThat(hidden.status()).as("no charset named: read as UTF-8").isEqualTo(200);
        assertThat(action.faultString()).startsWith("The action parameter of Content-Type 'urn:a;b=c' does not match"
                + " the operation");
        assertThat(action.text("//x:FaultDetail/x:Field")).as("not SOAPAction: the client sent none")
                .isEqualTo("Content-Type");
        assertThat(twice.faultString()).isEqualTo("Content-Type names an action more than once ('' and 'urn:other'):"
                + " send one");
    }

    @Test
    void twoContentTypeHeadersAreRefused() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(client.address())).header("Content-Type", SoapClient.SOAP11)
                .header("Content-Type", SoapClient.SOAP12).POST(HttpRequest.BodyPublishers.ofByteArray(setBytes()))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("Content-Type appears more than once: send one");
    }

    @Test
    void twoSoapActionHeadersAreAClientFaultEvenWhenTheFirstMatches() throws Exception {
        int before = server.preferenceRows();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(client.address())).header("Content-Type", SoapClient.SOAP11)
                .header("SOAPAction", "\"" + SET_ACTION + "\"").header("SOAPAction", "\"urn:another\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(setBytes())).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("<faultcode>soap:Client</faultcode>")
                .contains("SOAPAction appears more than once: send one");
        assertThat(server.preferenceRows()).isEqualTo(before);
    }

    @Test
    void theAnswerIsXmlEvenToAClientThatAcceptsFastInfoset() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(client.address())).header("Content-Type", SoapClient.SOAP11)
                .header("Accept", "application/fastinfoset, text/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(setBytes())).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/xml"));
        assertThat(response.body()).startsWith("<?xml").contains("SetCustomerCommunicationPreferencesResponse");
    }

    @Test
    void anEnvelopeOfTheOtherSoapVersionGetsAVersionMismatchFaultInSoap11WithTheVersionsServed() throws Exception {
        int before = server.preferenceRows();
        String set = Envelopes.set(UUID.randomUUID().toString(), Envelopes.setting(UUID.randomUUID().toString(), "OptIn"));

        SoapResponse soap12AsSoap11 = client.post(Envelopes.envelope12(token, set).getBytes(StandardCharsets.UTF_8),
                SoapClient.SOAP11, null);
        SoapResponse soap11AsSoap12 = client.post(envelope(token, set).getBytes(StandardCharsets.UTF_8),
                SoapClient.SOAP12, null);

        for (SoapResponse response : List.of(soap12AsSoap11, soap11AsSoap12)) {
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                    .startsWith("text/xml"));
            assertThat(response.faultCode()).isEqualTo("soap:VersionMismatch");
            assertThat(response.body()).contains("<upg:SupportedEnvelope qname=\"ns1:Envelope\" xmlns:ns1=\""
                    + "http://www.w3.org/2003/05/soap-envelope\"/>");
        }
        assertThat(soap12AsSoap11.faultString()).isEqualTo("A SOAP 1.2 envelope was sent with Content-Type text/xml;"
                + " send SOAP 1.2 as application/soap+xml");
        assertThat(soap11AsSoap12.faultString()).isEqualTo("A SOAP 1.1 envelope was sent with Content-Type"
                + " application/soap+xml; send SOAP 1.1 as text/xml");
        assertThat(server.preferenceRows()).isEqualTo(before);
    }

    @Test
    void anEnvelopeInAnotherNamespaceGetsAVersionMismatchFaultInTheVersionOfItsContentType() {
        SoapResponse response = client.post("<e:Envelope xmlns:e=\"urn:bogus\"><e:Body/></e:Envelope>"
                .getBytes(StandardCharsets.UTF_8), SoapClient.SOAP12, null);

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/soap+xml"));
        assertThat(response.faultCode()).isEqualTo("soap:VersionMismatch");
        assertThat(response.faultString()).startsWith("Not a SOAP envelope: {urn:bogus}Envelope is not in namespace");
    }

    @Test
    void aJsonBodyOnTheSoapPathIsUnsupportedMediaType() {
        SoapResponse response = client.post("{\"GetAllCustomerCommunicationPreferences\":{}}"
                .getBytes(StandardCharsets.UTF_8), "application/json", null);

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).contains("application/json").contains("text/xml");
        assertThat(response.text("//x:FaultDetail/x:Field")).as("as the other Content-Type faults").isEqualTo("Content-Type");
    }

    @Test
    void malformedXmlIsAClientFaultWithoutInternalDetail() {
        SoapResponse response = client.post("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Body><GetAll");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).startsWith("Malformed XML");
        assertThat(response.body()).doesNotContainIgnoringCase("exception").doesNotContain("com.ctc").doesNotContain("at org.");
    }

    @Test
    void anUnknownOperationIsAClientFault() {
        SoapResponse response = client.post(envelope(token, "<DeleteEverything xmlns=\"" + SoapClient.NS + "\"/>"));

        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).isEqualTo("Unknown operation {" + SoapClient.NS + "}DeleteEverything");
    }

    @Test
    void anEmptyBodyIsAClientFault() {
        SoapResponse response = client.post(envelope(token, ""));

        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).isEqualTo("The SOAP Body is empty: it must hold one operation element");
    }

    @Test
    void aDoctypeIsRefusedAndItsEntityNeverResolved() {
        String attack = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + envelope(token, Envelopes.set("&e;", Envelopes.setting(UUID.randomUUID().toString(), "OptIn")));

        SoapResponse response = client.post(attack);

        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).isEqualTo("DTDs are not allowed");
        assertThat(response.body()).doesNotContain("root:");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() {
        byte[] huge = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');

        SoapResponse response = client.post(huge, SoapClient.SOAP11, null);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.faultString()).isEqualTo("The request body is larger than the limit of 1048576 bytes");
    }

    @Test
    void otherMethodsThanGetHeadAndPostAreNotAllowedAndAllowSaysWhichAre() throws Exception {
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(client.address()))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> delete = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(client.address() + "?wsdl")).DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        assertThat(put.body()).isEqualTo("Use POST for SOAP requests, or GET ?wsdl for the WSDL.");
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
    }

    @Test
    void aRequestThatAsksToCloseTheConnectionIsToldItCloses() {
        // PHP's SoapClient with keep_alive off sent "Connection: close", was not told, and failed every second call.
        URI address = URI.create(client.address());
        String base = address.getScheme() + "://" + address.getRawAuthority();
        byte[] envelope = setBytes();
        String soapHead = "POST " + address.getRawPath() + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml; charset=utf-8"
                + "\r\nContent-Length: " + envelope.length + "\r\nConnection: %s\r\n\r\n";

        JsonResponse closing = RawHttp.sendAndHalfClose(base, soapHead.formatted("close"), envelope);
        JsonResponse tokens = RawHttp.sendAndHalfClose(base, soapHead.formatted("TE, Close"), envelope);
        JsonResponse keeping = RawHttp.sendAndHalfClose(base, soapHead.formatted("keep-alive"), envelope);
        JsonResponse wsdl = RawHttp.sendAndHalfClose(base, "GET " + address.getRawPath()
                + "?wsdl HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", new byte[0]);
        JsonResponse json = RawHttp.sendAndHalfClose(base, "GET /xWeb/JSON/GetAllCustomerCommunicationPreferences"
                + "?customerKey=" + UUID.randomUUID() + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                + "\r\nConnection: close\r\n\r\n", new byte[0]);
        JsonResponse health = RawHttp.sendAndHalfClose(base,
                "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", new byte[0]);

        assertThat(List.of(closing, tokens, wsdl, json, health)).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        });
        assertThat(keeping.status()).isEqualTo(200);
        assertThat(keeping.header("Connection")).isNull();
    }

    @Test
    void everyResponseCarriesACorrelationId() {
        SoapResponse response = client.post(setBytes(), SoapClient.SOAP11, null);

        assertThat(response.headers().firstValue("X-Correlation-Id")).isPresent();
    }

    private static byte[] setBytes() {
        return envelope(token, Envelopes.set(UUID.randomUUID().toString(), Envelopes.setting(UUID.randomUUID().toString(),
                "OptOut"))).getBytes(StandardCharsets.UTF_8);
    }
}
