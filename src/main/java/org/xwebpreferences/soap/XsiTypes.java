package org.xwebpreferences.soap;

import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;

/**
 * The XML Schema instance attributes an envelope may carry (xsi:nil,
 * xsi:type), and which types xsi:type may name where: what SOAP toolkits
 * that type everything they send (SOAP::Lite, NuSOAP, Axis 1) write.
 */
final class XsiTypes {

    private static final Set<String> XSD_BOOLEANS = Set.of("true", "false", "1", "0");
    /** xsi:type in XML Schema's namespace, and in the 1999 draft's, which older SOAP toolkits write. */
    private static final Set<String> XSI_NAMESPACES = Set.of(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI,
            "http://www.w3.org/1999/XMLSchema-instance");
    private static final String SOAP11_ENCODING_NS = "http://schemas.xmlsoap.org/soap/encoding/";
    /** Where the built-in types a text field may name live: XML Schema, its 1999 draft, SOAP encoding. */
    private static final Set<String> TYPE_NAMESPACES = Set.of(XMLConstants.W3C_XML_SCHEMA_NS_URI,
            "http://www.w3.org/1999/XMLSchema", SOAP11_ENCODING_NS);
    /** XML Schema's built-in simple types (and anyType) but the binary ones: read as text, as ASMX reads them. */
    private static final Set<String> TEXT_TYPES = Set.of("anyType", "anySimpleType", "string", "normalizedString",
            "token", "language", "NMTOKEN", "NMTOKENS", "Name", "NCName", "ID", "IDREF", "IDREFS", "ENTITY",
            "ENTITIES", "boolean", "decimal", "integer", "nonPositiveInteger", "negativeInteger", "long", "int",
            "short", "byte", "nonNegativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
            "positiveInteger", "float", "double", "duration", "dateTime", "time", "date", "gYearMonth", "gYear",
            "gMonthDay", "gDay", "gMonth", "anyURI", "QName", "NOTATION",
            // The 1999 draft's names, which SOAP::Lite's 1999 serializer writes.
            "ur-type", "timeInstant", "timeDuration", "recurringDuration", "recurringDate", "recurringDay",
            "timePeriod", "uriReference", "century", "year", "month");
    /**
     * SOAP encoding's array (SOAP 1.1's, and 1.2's), which SOAP::Lite names on
     * a list written as a Perl array, with soapenc:arrayType: the list's
     * elements are read as they are, as ASMX reads them.
     */
    private static final Set<QName> SOAP_ARRAYS = Set.of(
            new QName(SOAP11_ENCODING_NS, "Array"),
            new QName("http://www.w3.org/2003/05/soap-encoding", "Array"));
    /** Binary types: their text would be stored as its base64 or hex letters. */
    private static final Set<String> BINARY_TYPES = Set.of("base64Binary", "hexBinary", "base64", "binary");

    private XsiTypes() {
    }

    /** An XML Schema boolean, as xsi:nil and mustUnderstand take it. */
    static boolean isBoolean(String value) {
        return XSD_BOOLEANS.contains(value);
    }

    /** Whether the attribute namespace is XML Schema instance's, or its 1999 draft's. */
    static boolean isXsiNamespace(String namespace) {
        return XSI_NAMESPACES.contains(namespace);
    }

    /** SOAP encoding's Array (1.1's or 1.2's), taken on a list. */
    static boolean isSoapArray(QName type) {
        return SOAP_ARRAYS.contains(type);
    }

    /**
     * A built-in XML Schema or SOAP-encoding type on a text field, as
     * SOAP::Lite's autotyping writes them (xsd:int on "2025", xsd:date on
     * "2025-01-31"): ASMX's serializer reads a string element's text
     * whatever type it names, and so does JAXB; the value is checked as
     * the field's all the same. Not the binary ones: the text would be
     * stored as its base64 or hex letters.
     */
    static boolean isTextType(QName type) {
        return TYPE_NAMESPACES.contains(type.getNamespaceURI()) && TEXT_TYPES.contains(type.getLocalPart());
    }

    /** What may stand where {@code named} may not, for the fault; empty where nothing can be said. */
    static String allowedTypes(WireVocabulary.Rule rule, QName named) {
        if (!rule.isLeaf()) {
            return rule.types().isEmpty() ? "" : " (the type here is " + typeNames(rule) + ")";
        }
        return TYPE_NAMESPACES.contains(named.getNamespaceURI()) && BINARY_TYPES.contains(named.getLocalPart())
                ? ": the text would be stored as its encoded letters, not decoded; send it as xsd:string"
                + " (SOAP::Lite sends text outside ASCII so: give it ->type('string'), or turn autotype off)"
                : " on a text field (xsd:string, or another XML Schema type)";
    }

    private static String typeNames(WireVocabulary.Rule rule) {
        StringBuilder names = new StringBuilder();
        for (QName type : rule.types()) {
            names.append(names.length() == 0 ? "" : " or ").append('{').append(type.getNamespaceURI()).append('}')
                    .append(type.getLocalPart());
        }
        return names.toString();
    }
}
