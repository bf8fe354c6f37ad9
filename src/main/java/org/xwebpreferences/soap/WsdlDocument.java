package org.xwebpreferences.soap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The hand-written WSDL from the jar, served with its soap:address pointing
 * at the address the client reached this server by.
 */
final class WsdlDocument {

    /** The address written in wsdl/xweb.wsdl, replaced when it is served. */
    static final String PLACEHOLDER_ADDRESS = "http://localhost:8080/xWeb/Secure/netForumXML.asmx";

    private final String text;

    private WsdlDocument(String text) {
        if (!text.contains(PLACEHOLDER_ADDRESS)) {
            throw new IllegalStateException("The WSDL no longer contains the address " + PLACEHOLDER_ADDRESS);
        }
        this.text = text;
    }

    static WsdlDocument fromClasspath() {
        try (InputStream in = WsdlDocument.class.getResourceAsStream("/wsdl/xweb.wsdl")) {
            if (in == null) {
                throw new IllegalStateException("wsdl/xweb.wsdl is missing from the jar");
            }
            return new WsdlDocument(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read wsdl/xweb.wsdl from the jar", e);
        }
    }

    /** The named simple types the WSDL's schema declares, in its target namespace. */
    Set<QName> simpleTypes() {
        Set<QName> types = new LinkedHashSet<>();
        try {
            XMLStreamReader reader = XMLInputFactory.newDefaultFactory().createXMLStreamReader(new StringReader(text));
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.START_ELEMENT
                        && XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(reader.getNamespaceURI())
                        && "simpleType".equals(reader.getLocalName()) && reader.getAttributeValue(null, "name") != null) {
                    types.add(new QName(FaultWriter.XWEB_NS, reader.getAttributeValue(null, "name")));
                }
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException("wsdl/xweb.wsdl is not well-formed XML", e);
        }
        return types;
    }

    /** The operations of the port type, in the WSDL's order. */
    List<String> operations() {
        List<String> names = new ArrayList<>();
        try {
            XMLStreamReader reader = XMLInputFactory.newDefaultFactory().createXMLStreamReader(new StringReader(text));
            boolean inPortType = false;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT && "portType".equals(reader.getLocalName())) {
                    inPortType = true;
                } else if (event == XMLStreamConstants.END_ELEMENT && "portType".equals(reader.getLocalName())) {
                    inPortType = false;
                } else if (event == XMLStreamConstants.START_ELEMENT && inPortType
                        && "operation".equals(reader.getLocalName())) {
                    names.add(reader.getAttributeValue(null, "name"));
                }
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException("wsdl/xweb.wsdl is not well-formed XML", e);
        }
        return names;
    }

    /** The WSDL with every port at {@code endpointAddress}, which must already be safe to put in XML. */
    byte[] withAddress(String endpointAddress) {
        return text.replace(PLACEHOLDER_ADDRESS, endpointAddress).getBytes(StandardCharsets.UTF_8);
    }
}
