package org.xwebpreferences.soap;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What ASMX answers besides the WSDL, at the service's own address: a page
 * for a GET of the address (people type it; tools start from it), and the
 * DISCO document at {@code ?disco}. .NET's discovery ("Add Web Reference",
 * the wsdl tool given the bare address) reads the page for its
 * {@code <link rel="alternate" type="text/xml">}, follows it to the DISCO
 * document, and from there to the WSDL.
 */
final class ServiceDescriptionPages {

    private static final String DISCO_NS = "http://schemas.xmlsoap.org/disco/";

    private final List<String> operations;

    ServiceDescriptionPages(List<String> operations) {
        this.operations = List.copyOf(operations);
    }

    /** The page, for the address the client reached the service by (already safe to put in XML). */
    byte[] helpPage(String endpointAddress) {
        StringBuilder page = new StringBuilder()
                .append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>netForumXML Web Service</title>\n")
                .append("<link rel=\"alternate\" type=\"text/xml\" href=\"").append(endpointAddress).append("?disco\"/>\n")
                .append("</head><body>\n<h1>netForumXML</h1>\n")
                .append("<p>The following operations are supported. For a formal definition, please review the ")
                .append("<a href=\"").append(endpointAddress).append("?wsdl\">Service Description</a>.</p>\n<ul>\n");
        for (String operation : operations) {
            page.append("<li>").append(operation).append("</li>\n");
        }
        page.append("</ul>\n<p>SOAP 1.1 (<code>text/xml</code>) and SOAP 1.2 (<code>application/soap+xml</code>)")
                .append(" requests are POSTed to this address.</p>\n</body></html>\n");
        return page.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The DISCO document: where the WSDL is, and the address of each binding. */
    static byte[] disco(String endpointAddress) {
        return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<discovery xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"" + DISCO_NS + "\">\n"
                + "  <contractRef ref=\"" + endpointAddress + "?wsdl\" docRef=\"" + endpointAddress + "\""
                + " xmlns=\"" + DISCO_NS + "scl/\" />\n"
                + soapBinding(endpointAddress, "q1", "netForumXMLSoap")
                + soapBinding(endpointAddress, "q2", "netForumXMLSoap12")
                + "</discovery>\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String soapBinding(String endpointAddress, String prefix, String binding) {
        return "  <soap address=\"" + endpointAddress + "\" xmlns:" + prefix + "=\"" + FaultWriter.XWEB_NS + "\""
                + " binding=\"" + prefix + ":" + binding + "\" xmlns=\"" + DISCO_NS + "soap/\" />\n";
    }
}
