package org.xwebpreferences.soap;

import java.nio.charset.StandardCharsets;

/**
 * Writes SOAP fault envelopes. Every fault a client gets from this server is
 * written here, whether the request was refused before Metro saw it or the
 * endpoint failed: one format, no stack traces, the token header where one is
 * due.
 */
final class FaultWriter {

    static final String XWEB_NS = "http://www.avectra.com/2005/";

    private FaultWriter() {
    }

    static byte[] write(SoapVersion version, SoapFault fault) {
        StringBuilder xml = new StringBuilder(512)
                .append("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
                .append("<soap:Envelope xmlns:soap=\"").append(version.envelopeNamespace()).append("\">");
        if (fault.token() != null) {
            xml.append("<soap:Header>").append(tokenHeader(fault.token())).append("</soap:Header>");
        }
        xml.append("<soap:Body><soap:Fault>");
        String code = "soap:" + version.faultCode(fault.clientsFault());
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
