package org.xwebpreferences.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xwebpreferences.http.Outcome;

class FaultWriterTest {

    private static final String XWEB = "http://www.avectra.com/2005/";
    private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static Element only(Document document, String namespace, String local) {
        NodeList nodes = document.getElementsByTagNameNS(namespace, local);
        assertThat(nodes.getLength()).as("count of {%s}%s", namespace, local).isEqualTo(1);
        return (Element) nodes.item(0);
    }

    private static int count(Document document, String namespace, String local) {
        return document.getElementsByTagNameNS(namespace, local).getLength();
    }

    @Test
    void writesAWellFormedSoap11ClientFault() throws Exception {
        Document fault = parse(FaultWriter.write(SoapVersion.SOAP_11,
                SoapFault.client("customerKey: is required", "customerKey")));

        assertThat(fault.getDocumentElement().getNamespaceURI()).isEqualTo(SOAP11);
        assertThat(fault.getDocumentElement().getLocalName()).isEqualTo("Envelope");
        Element code = only(fault, "", "faultcode");
        assertThat(code.getTextContent()).isEqualTo("soap:Client");
        assertThat(code.lookupNamespaceURI("soap")).isEqualTo(SOAP11);
        assertThat(only(fault, "", "faultstring").getTextContent()).isEqualTo("customerKey: is required");
        assertThat(only(fault, SOAP11, "Fault").getParentNode().getLocalName()).isEqualTo("Body");
    }

    /**
     * SOAP 1.2's Upgrade header, which lists the envelopes this server reads, comes with a VersionMismatch
     * fault and with no other: a fault that hands back a token carries the token alone.
     */
    @Test
    void onlyAVersionMismatchFaultListsTheEnvelopesThisServerReads() throws Exception {
        Document mismatch = parse(FaultWriter.write(SoapVersion.SOAP_12, SoapFault.refused(
                EnvelopeRefused.versionMismatch("The envelope is in no SOAP namespace", SoapVersion.SOAP_12))));
        assertThat(only(mismatch, SOAP12, "Value").getTextContent()).isEqualTo("soap:VersionMismatch");
        assertThat(only(mismatch, SOAP12, "Upgrade").getParentNode().getLocalName()).isEqualTo("Header");
        assertThat(count(mismatch, SOAP12, "SupportedEnvelope")).isEqualTo(2);

        Document withToken = parse(FaultWriter.write(SoapVersion.SOAP_12,
                SoapFault.client("customerKey: is required", "customerKey").withToken("a-new-token")));
        assertThat(only(withToken, XWEB, "Token").getTextContent()).isEqualTo("a-new-token");
        assertThat(count(withToken, SOAP12, "Upgrade")).isZero();
    }

    /** An envelope the gate refused for anything but its version is a Client fault, with no Upgrade header. */
    @Test
    void anEnvelopeRefusedForAnotherReasonIsAClientFaultNotAVersionMismatch() throws Exception {
        Document fault = parse(FaultWriter.write(SoapVersion.SOAP_12, SoapFault.refused(
                new EnvelopeRefused("Header: holds more than 64 header blocks", "Header"))));

        assertThat(only(fault, SOAP12, "Value").getTextContent()).isEqualTo("soap:Sender");
        assertThat(count(fault, SOAP12, "Upgrade")).isZero();
        assertThat(only(fault, XWEB, "Field").getTextContent()).isEqualTo("Header");
    }

    @Test
    void writesAWellFormedSoap12ServerFault() throws Exception {
        Document fault = parse(FaultWriter.write(SoapVersion.SOAP_12,
                new SoapFault(Outcome.SERVER_FAULT, "Internal server error (correlation id c-1)", null, "c-1", null)));

        assertThat(fault.getDocumentElement().getNamespaceURI()).isEqualTo(SOAP12);
        Element value = only(fault, SOAP12, "Value");
        assertThat(value.getTextContent()).isEqualTo("soap:Receiver");
        assertThat(value.getParentNode().getLocalName()).isEqualTo("Code");
        Element text = only(fault, SOAP12, "Text");
        assertThat(text.getTextContent()).isEqualTo("Internal server error (correlation id c-1)");
        assertThat(text.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang")).isEqualTo("en");
        assertThat(only(fault, SOAP12, "Detail").getTextContent()).isEqualTo("c-1");
    }

    @Test
    void writesMustUnderstandWithTheHeaderNotUnderstoodInSoap12() throws Exception {
        SoapFault fault = new SoapFault(Outcome.CLIENT_FAULT, "not understood", null, null, "t-1",
                List.of(new QName("urn:security", "Security")));

        Document soap11 = parse(FaultWriter.write(SoapVersion.SOAP_11, fault));
        assertThat(only(soap11, "", "faultcode").getTextContent()).isEqualTo("soap:MustUnderstand");

        Document soap12 = parse(FaultWriter.write(SoapVersion.SOAP_12, fault));
        assertThat(only(soap12, SOAP12, "Value").getTextContent()).isEqualTo("soap:MustUnderstand");
        Element notUnderstood = only(soap12, SOAP12, "NotUnderstood");
        assertThat(notUnderstood.getParentNode().getLocalName()).isEqualTo("Header");
        String qname = notUnderstood.getAttribute("qname");
        assertThat(notUnderstood.lookupNamespaceURI(qname.substring(0, qname.indexOf(':')))).isEqualTo("urn:security");
        assertThat(qname).endsWith(":Security");
        assertThat(only(soap12, XWEB, "Token").getTextContent()).isEqualTo("t-1");
    }

    @Test
    void writesAHeaderInTheXmlNamespaceWithTheXmlPrefixWhichNeedsNoDeclaration() throws Exception {
        byte[] fault = FaultWriter.write(SoapVersion.SOAP_12, new SoapFault(Outcome.CLIENT_FAULT, "x", null, null, null,
                List.of(new QName("http://www.w3.org/XML/1998/namespace", "Foo"))));

        assertThat(only(parse(fault), SOAP12, "NotUnderstood").getAttribute("qname")).isEqualTo("xml:Foo");
        assertThat(new String(fault, StandardCharsets.UTF_8)).doesNotContain("xmlns:nu");
    }

    @Test
    void writesAHeaderInNoNamespaceAsAnUnprefixedName() throws Exception {
        Document soap12 = parse(FaultWriter.write(SoapVersion.SOAP_12, new SoapFault(Outcome.CLIENT_FAULT, "x", null,
                null, null, List.of(new QName("", "Plain")))));

        assertThat(only(soap12, SOAP12, "NotUnderstood").getAttribute("qname")).isEqualTo("Plain");
    }

    @Test
    void writesOneNotUnderstoodBlockPerHeader() throws Exception {
        Document soap12 = parse(FaultWriter.write(SoapVersion.SOAP_12, new SoapFault(Outcome.CLIENT_FAULT, "x", null,
                null, null, List.of(new QName("urn:a", "Security"), new QName("urn:b", "Action")))));

        NodeList blocks = soap12.getElementsByTagNameNS(SOAP12, "NotUnderstood");
        assertThat(blocks.getLength()).isEqualTo(2);
        Element second = (Element) blocks.item(1);
        String qname = second.getAttribute("qname");
        assertThat(second.lookupNamespaceURI(qname.substring(0, qname.indexOf(':')))).isEqualTo("urn:b");
        assertThat(qname).endsWith(":Action");
    }

    @Test
    void writesSenderForAClientsFaultInSoap12() throws Exception {
        Document fault = parse(FaultWriter.write(SoapVersion.SOAP_12, SoapFault.client("bad", null)));
        assertThat(only(fault, SOAP12, "Value").getTextContent()).isEqualTo("soap:Sender");
    }

    @Test
    void escapesMarkupInTheMessageInBothVersions() throws Exception {
        String message = "customerKey: '<a href=\"x\">&amp;</a>' is not a GUID > 1";
        byte[] soap11 = FaultWriter.write(SoapVersion.SOAP_11, SoapFault.client(message, "customerKey"));
        byte[] soap12 = FaultWriter.write(SoapVersion.SOAP_12, SoapFault.client(message, "customerKey"));

        assertThat(only(parse(soap11), "", "faultstring").getTextContent()).isEqualTo(message);
        assertThat(only(parse(soap12), SOAP12, "Text").getTextContent()).isEqualTo(message);
        assertThat(new String(soap11, StandardCharsets.UTF_8))
                .contains("&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;' is not a GUID &gt; 1");
    }

    @Test
    void writesNonAsciiTextAsUtf8() throws Exception {
        String message = "preferences[1].mailing_list_name: 'Grüße 😀' is wrong";
        byte[] xml = FaultWriter.write(SoapVersion.SOAP_11, SoapFault.client(message, null));

        assertThat(only(parse(xml), "", "faultstring").getTextContent()).isEqualTo(message);
    }

    @Test
    void replacesControlCharactersXmlCannotCarry() throws Exception {
        byte[] xml = FaultWriter.write(SoapVersion.SOAP_11, SoapFault.client("a\u0000b\u001bc\td", null));

        assertThat(only(parse(xml), "", "faultstring").getTextContent()).isEqualTo("a?b?c\td");
    }

    @Test
    void carriesTheTokenHeaderOnlyWhenATokenIsGiven() throws Exception {
        String token = "33d08c11-09ec-455d-a9f6-d308f8f2592d";
        for (SoapVersion version : SoapVersion.values()) {
            String envelope = version.envelopeNamespace();
            Document with = parse(FaultWriter.write(version, SoapFault.client("failed", null).withToken(token)));
            Element header = only(with, XWEB, "AuthorizationToken");
            assertThat(header.getParentNode().getNamespaceURI()).isEqualTo(envelope);
            assertThat(header.getParentNode().getLocalName()).isEqualTo("Header");
            assertThat(only(with, XWEB, "Token").getTextContent()).isEqualTo(token);

            Document without = parse(FaultWriter.write(version, SoapFault.client("failed", null)));
            assertThat(count(without, envelope, "Header")).isZero();
            assertThat(count(without, XWEB, "AuthorizationToken")).isZero();
        }
    }

    @Test
    void putsTheFieldAndTheCorrelationIdInTheDetail() throws Exception {
        SoapFault fault = new SoapFault(Outcome.CLIENT_FAULT, "preferences[2].status: 'Opt In' is not one of OptIn, OptOut, Undefined",
                "preferences[2].status", "corr-<1>", null);

        Document soap11 = parse(FaultWriter.write(SoapVersion.SOAP_11, fault));
        assertThat(only(soap11, "", "detail").getFirstChild().getLocalName()).isEqualTo("FaultDetail");
        assertThat(only(soap11, XWEB, "Field").getTextContent()).isEqualTo("preferences[2].status");
        assertThat(only(soap11, XWEB, "CorrelationId").getTextContent()).isEqualTo("corr-<1>");

        Document soap12 = parse(FaultWriter.write(SoapVersion.SOAP_12, fault));
        assertThat(only(soap12, SOAP12, "Detail").getFirstChild().getNamespaceURI()).isEqualTo(XWEB);
        assertThat(only(soap12, XWEB, "Field").getTextContent()).isEqualTo("preferences[2].status");
    }

    @Test
    void leavesTheDetailOutWhenThereIsNothingToPutInIt() throws Exception {
        Document soap11 = parse(FaultWriter.write(SoapVersion.SOAP_11, SoapFault.client("Unknown operation x", null)));
        Document soap12 = parse(FaultWriter.write(SoapVersion.SOAP_12, SoapFault.client("Unknown operation x", null)));

        assertThat(count(soap11, "", "detail")).isZero();
        assertThat(count(soap12, SOAP12, "Detail")).isZero();
        assertThat(count(soap11, XWEB, "FaultDetail")).isZero();
    }

    @Test
    void writesTheTokenHeaderAsXwebDoes() {
        assertThat(FaultWriter.tokenHeader("t-1")).isEqualTo(
                "<AuthorizationToken xmlns=\"http://www.avectra.com/2005/\"><Token>t-1</Token></AuthorizationToken>");
    }
}
