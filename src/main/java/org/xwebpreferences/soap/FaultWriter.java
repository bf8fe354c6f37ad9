package org.xwebpreferences.soap;

import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;

/**
 * Writes SOAP fault envelopes. Every fault a client gets from this server is
 * written here, whether the request was refused before Metro saw it or the
 * endpoint failed: one format, no stack traces, the token header where one is
 * due.
 */
final class FaultWriter {

    static final String XWEB_NS = "http://www.avectra.com/2005/";

    /** SOAP 1.2 part 1, 5.4.7 and appendix A: the envelope versions this server reads, newest first. */
    private static final String UPGRADE = "<upg:Upgrade xmlns:upg=\"" + SoapVersion.SOAP_12.envelopeNamespace() + "\">"
            + "<upg:SupportedEnvelope qname=\"ns1:Envelope\" xmlns:ns1=\"" + SoapVersion.SOAP_12.envelopeNamespace()
            + "\"/><upg:SupportedEnvelope qname=\"ns2:Envelope\" xmlns:ns2=\""
            + SoapVersion.SOAP_11.envelopeNamespace() + "\"/></upg:Upgrade>";

    private FaultWriter() {
    }

    static byte[] write(SoapVersion version, SoapFault fault) {
        StringBuilder xml = new StringBuilder(512)
                .append(AsmxEnvelope.start(version));
        boolean notUnderstood12 = !fault.notUnderstood().isEmpty() && version == SoapVersion.SOAP_12;
        if (fault.token() != null || notUnderstood12 || fault.versionMismatch()) {
            xml.append("<soap:Header>");
            if (fault.token() != null) {
                xml.append(tokenHeader(fault.token()));
            }
            if (notUnderstood12) {
                fault.notUnderstood().forEach(header -> appendNotUnderstood(xml, header));
            }
            if (fault.versionMismatch()) {
                xml.append(UPGRADE);
            }
            xml.append("</soap:Header>");
        }
        xml.append("<soap:Body><soap:Fault>");
        String code = "soap:" + (!fault.notUnderstood().isEmpty() ? "MustUnderstand"
                : fault.versionMismatch() ? "VersionMismatch" : version.faultCode(fault.clientsFault()));
        if (version == SoapVersion.SOAP_11) {
            xml.append("<faultcode>").append(code).append("</faultcode>")
                    .append("<faultstring>").append(escape(fault.message())).append("</faultstring>");
            appendDetail(xml, fault, "detail");
        } else {
            xml.append("<soap:Code><soap:Value>").append(code).append("</soap:Value></soap:Code>")
                    .append("<soap:Reason><soap:Text xml:lang=\"en\">").append(escape(fault.message()))
                    .append("</soap:Text></soap:Reason>");
            appendDetail(xml, fault, "soap:Detail");
        }
        return xml.append("</soap:Fault></soap:Body></soap:Envelope>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The AuthorizationToken header element, as xWeb writes it. */
    static String tokenHeader(String token) {
        return "<AuthorizationToken xmlns=\"" + XWEB_NS + "\"><Token>" + escape(token) + "</Token></AuthorizationToken>";
    }

    private static void appendDetail(StringBuilder xml, SoapFault fault, String element) {
        if (fault.field() == null && fault.correlationId() == null) {
            return;
        }
        xml.append('<').append(element).append("><FaultDetail xmlns=\"").append(XWEB_NS).append("\">");
        if (fault.field() != null) {
            xml.append("<Field>").append(escape(fault.field())).append("</Field>");
        }
        if (fault.correlationId() != null) {
            xml.append("<CorrelationId>").append(escape(fault.correlationId())).append("</CorrelationId>");
        }
        xml.append("</FaultDetail></").append(element).append('>');
    }

    /** SOAP 1.2 part 1, 5.4.8: a header not understood, by its qualified name; one block per header. */
    private static void appendNotUnderstood(StringBuilder xml, QName header) {
        String local = escape(header.getLocalPart());
        if (XMLConstants.XML_NS_URI.equals(header.getNamespaceURI())) {
            // The xml prefix is bound already, and no other prefix may be bound to its namespace.
            xml.append("<soap:NotUnderstood qname=\"xml:").append(local).append("\"/>");
        } else if (header.getNamespaceURI().isEmpty()) {
            // An unprefixed name: no default namespace is in scope here, so it means no namespace.
            xml.append("<soap:NotUnderstood qname=\"").append(local).append("\"/>");
        } else {
            xml.append("<soap:NotUnderstood qname=\"nu:").append(local).append("\" xmlns:nu=\"")
                    .append(escape(header.getNamespaceURI())).append("\"/>");
        }
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xfffe || c == 0xffff
                        ? '?' : c);
            }
        }
        return out.toString();
    }
}
