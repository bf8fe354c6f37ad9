package org.xwebpreferences.soap;

import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.ws.RequestWrapper;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import org.xwebpreferences.soap.generated.AuthorizationToken;
import org.xwebpreferences.soap.generated.NetForumXMLSoap;

/**
 * Which elements each operation's request may contain, read from the classes
 * wsimport generated from the WSDL, so that the WSDL stays the one place
 * that says it. JAXB skips an element it does not know without a word, so a
 * misspelt or misplaced element would otherwise be stored as an absent value.
 */
final class WireVocabulary {

    /**
     * An element and the children it may have; a leaf holds text only. {@code types}
     * are the schema types an xsi:type may name: a complex element's declared type
     * (none where it is anonymous, as the operations' wrappers are); for a leaf
     * xsd:string and the WSDL's own simple types, which all restrict it (the
     * generated classes hold every leaf as a String, and no longer say which).
     */
    record Rule(String name, boolean repeatable, Map<String, Rule> children, Set<QName> types) {
        boolean isLeaf() {
            return children.isEmpty();
        }

        /** A list's wrapper, as preferences is: its only child repeats. */
        boolean isList() {
            return children.size() == 1 && children.values().iterator().next().repeatable();
        }
    }

    private static final QName XSD_STRING = new QName(XMLConstants.W3C_XML_SCHEMA_NS_URI, "string");

    private final Map<String, Rule> operations;
    private final Rule tokenHeader;

    private WireVocabulary(Map<String, Rule> operations, Rule tokenHeader) {
        this.operations = operations;
        this.tokenHeader = tokenHeader;
    }

    /** @param wsdl the WSDL the classes were generated from, for the simple types they no longer name */
    static WireVocabulary fromGeneratedInterface(WsdlDocument wsdl) {
        Set<QName> leafTypes = new LinkedHashSet<>();
        leafTypes.add(XSD_STRING);
        leafTypes.addAll(wsdl.simpleTypes());
        Map<String, Rule> operations = new LinkedHashMap<>();
        for (Method method : NetForumXMLSoap.class.getMethods()) {
            RequestWrapper wrapper = method.getAnnotation(RequestWrapper.class);
            if (wrapper != null) {
                operations.put(wrapper.localName(), new Rule(wrapper.localName(), false,
                        children(load(wrapper.className()), leafTypes), Set.of()));
            }
        }
        return new WireVocabulary(Collections.unmodifiableMap(operations),
                new Rule("AuthorizationToken", false, children(AuthorizationToken.class, leafTypes),
                        typeName(AuthorizationToken.class)));
    }

    /** The rule for an operation's body element, or null for an unknown operation. */
    Rule operation(String localName) {
        return operations.get(localName);
    }

    Rule tokenHeader() {
        return tokenHeader;
    }

    private static Map<String, Rule> children(Class<?> type, Set<QName> leafTypes) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            boolean repeatable = List.class.isAssignableFrom(field.getType());
            Class<?> elementType = repeatable ? listElementType(field) : field.getType();
            String name = elementName(field);
            boolean leaf = elementType == String.class;
            rules.put(name, new Rule(name, repeatable, leaf ? Map.of() : children(elementType, leafTypes),
                    leaf ? Collections.unmodifiableSet(leafTypes) : typeName(elementType)));
        }
        return Collections.unmodifiableMap(rules);
    }

    /** The schema type a generated class stands for, in the WSDL's namespace; none when anonymous. */
    private static Set<QName> typeName(Class<?> type) {
        XmlType annotation = type.getAnnotation(XmlType.class);
        if (annotation == null || annotation.name().isEmpty()) {
            return Set.of();
        }
        return Set.of(new QName(FaultWriter.XWEB_NS, annotation.name()));
    }

    private static String elementName(Field field) {
        XmlElement element = field.getAnnotation(XmlElement.class);
        return element == null || "##default".equals(element.name()) ? field.getName() : element.name();
    }

    private static Class<?> listElementType(Field field) {
        return (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, WireVocabulary.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Generated class missing: " + className, e);
        }
    }
}
