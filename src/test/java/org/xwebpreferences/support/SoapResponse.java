package org.xwebpreferences.support;

import java.io.ByteArrayInputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * A response as the client saw it, with XPath over its body. Prefixes:
 * {@code x} the xWeb namespace, {@code s} SOAP 1.1, {@code s12} SOAP 1.2.
 */
public record SoapResponse(int status, HttpHeaders headers, String body) {

    public Document document() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("Response is not well-formed XML: " + body, e);
        }
    }

    /** The text of the first node the expression selects, or null when none. */
    public String text(String expression) {
        List<String> all = texts(expression);
        return all.isEmpty() ? null : all.get(0);
    }

    public List<String> texts(String expression) {
        try {
            NodeList nodes = (NodeList) xpath().evaluate(expression, document(), XPathConstants.NODESET);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                texts.add(nodes.item(i).getTextContent());
            }
            return texts;
        } catch (Exception e) {
            throw new AssertionError("XPath " + expression + " failed on " + body, e);
        }
    }

    /** The token in the response's AuthorizationToken header, or null. */
    public String token() {
        return text("/*[local-name()='Envelope']/*[local-name()='Header']/x:AuthorizationToken/x:Token");
    }

    /** faultcode (1.1) or Code/Value (1.2), or null when this is no fault. */
    public String faultCode() {
        String code = text("//s:Fault/faultcode");
        return code != null ? code : text("//s12:Fault/s12:Code/s12:Value");
    }

    public String faultString() {
        String text = text("//s:Fault/faultstring");
        return text != null ? text : text("//s12:Fault/s12:Reason/s12:Text");
    }

    private static XPath xpath() {
        XPath xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return switch (prefix) {
                    case "x" -> SoapClient.NS;
                    case "s" -> "http://schemas.xmlsoap.org/soap/envelope/";
                    case "s12" -> "http://www.w3.org/2003/05/soap-envelope";
                    default -> XMLConstants.NULL_NS_URI;
                };
            }

            @Override
            public String getPrefix(String namespaceURI) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String namespaceURI) {
                return null;
            }
        });
        return xpath;
    }

    @Override
    public String toString() {
        return "HTTP " + status + ": " + body;
    }
}
