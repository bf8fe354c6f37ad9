package org.xwebpreferences.soap;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLInputFactory2;
import org.xwebpreferences.core.Texts;

/**
 * Reads each request envelope once, before Metro does, and refuses what Metro
 * would accept silently or answer badly: DTDs and entities, documents too deep
 * or too large, the wrong SOAP version, headers and elements in the wrong
 * namespace, unknown or repeated elements. Only an envelope that passes goes
 * on to Metro, so Metro never meets a document it would fail to parse.
 */
final class EnvelopeCheck {

    /**
     * What the check found out about an envelope that passed: its operation,
     * and the text of its AuthorizationToken (null when it has none).
     */
    record Envelope(String operation, String presentedToken) {
    }

    private static final String XWEB_NS = FaultWriter.XWEB_NS;
    private static final String TOKEN_PATH = "AuthorizationToken.Token";
    /** The elements whose text is a secret: Authenticate's password and the token header's Token. */
    private static final Set<String> SECRET_PATHS = Set.of("password", TOKEN_PATH);
    /** Woodstox's "the reference for entity 'x'" and "Undeclared general entity "x"", with the name. */
    private static final Pattern ENTITY_NAME = Pattern.compile("(Undeclared general|the reference for) entity"
            + " ['\"][^'\"]*['\"]");
    private static final Pattern HIGH_ASCII_BYTE = Pattern.compile("(above 7-bit ascii range \\()(\\d{1,9})");
    private static final int MAX_DEPTH = 32;
    private static final int MAX_TEXT_LENGTH = 64 * 1024;
    /**
     * Most header blocks, and namespace declarations in the Header, an envelope
     * may hold. Metro keeps each header block in a buffer of its own: 250,000
     * empty blocks in a 1 MB envelope took some 100 MB each, and 16 such
     * requests at once ran the shipped heap out (fuzz audit). And with 171
     * blocks declaring a namespace before the token (or one block with 343
     * children that do), Metro's buffer failed reading the token: a Server
     * fault for a valid envelope. WS-Addressing and WS-Security use a few of each.
     */
    static final int MAX_HEADER_BLOCKS = 64;
    static final int MAX_HEADER_NAMESPACES = 64;
    /** Longest element name or namespace a fault repeats; names in the contract are under 50. */
    private static final int MAX_NAME = 100;
    /** Longest piece of the parser's own message a fault repeats (it quotes names). */
    private static final int MAX_PARSER_MESSAGE = 300;

    private final XMLInputFactory factory;
    private final WireVocabulary vocabulary;

    EnvelopeCheck(WireVocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.factory = secureFactory();
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, MAX_DEPTH);
        factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, MAX_TEXT_LENGTH);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 8 * 1024);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 64);
        // Woodstox skips text it is not asked for, and enforces the text limit
        // only on text it reads: every event is read in full here.
        factory.setProperty(XMLInputFactory2.P_LAZY_PARSING, false);
        return factory;
    }

    /**
     * Checks the envelope as Metro will read it: in the Content-Type's charset
     * ({@code declared}) where it names one (the gate hands Metro that one),
     * else in the encoding the document declares or its byte order mark says.
     * Either way the bytes must be valid in that encoding, so that what passes
     * here is what gets stored.
     */
    Envelope check(byte[] body, SoapVersion version, Charset declared) throws EnvelopeRefused {
        XMLStreamReader reader = null;
        Walk walk = null;
        try {
            String asSent = declared == null ? null : EnvelopeEncoding.decode(body, declared, "Content-Type");
            reader = declared == null
                    ? factory.createXMLStreamReader(new ByteArrayInputStream(body))
                    : factory.createXMLStreamReader(new StringReader(asSent));
            walk = new Walk(reader, version);
            Envelope envelope = walk.envelope();
            EnvelopeEncoding.checkEncoding(body, declared, asSent, reader);
            return envelope;
        } catch (XMLStreamException e) {
            EnvelopeRefused rejected = isLimit(e) ? overLimitIn(walk, e) : notWellFormed(body, declared, reader, walk, e);
            throw (rejected != null ? rejected : new EnvelopeRefused(describe(e), null))
                    .presenting(walk == null ? null : walk.presentedToken()).about(walk == null ? null : walk.operation);
        } catch (EnvelopeRefused e) {
            EnvelopeRefused rejected = e.quotesNoContent() ? null : inSecret(walk, null);
            throw (rejected != null ? rejected : e).presenting(walk == null ? null : walk.presentedToken())
                    .about(walk == null ? null : walk.operation);
        } finally {
            closeQuietly(reader);
        }
    }

    /**
     * A failure inside a password or a token is told without the words it
     * would quote (an element's name, a tag, a processing instruction): they
     * are pieces of the secret, and answers reach the wire dump's log.
     */
    private static EnvelopeRefused inSecret(Walk walk, Location location) {
        String field = walk == null ? null : walk.secretOpen();
        return field == null ? null : new EnvelopeRefused(field + ": is not well-formed plain text" + where(location)
                + " (write & as &amp; and < as &lt;; the content is not repeated, as it is a secret)", field);
    }

    /**
     * A limit's message quotes none of the text, so it is told as it is, named
     * after the field it was met in (a name of 100,000 characters is that
     * name's mistake), or the secret's.
     */
    private static EnvelopeRefused overLimitIn(Walk walk, XMLStreamException e) {
        String field = walk == null ? null : walk.secretOpen() != null ? walk.secretOpen() : fieldOr(walk.open());
        return field == null ? null : new EnvelopeRefused(field + ": " + describe(e), field);
    }

    /**
     * What to tell of a document the parser could not read, most telling first
     * (its bytes, a secret's part, a field's character), or null for the
     * parser's own words.
     */
    private static EnvelopeRefused notWellFormed(byte[] body, Charset declared, XMLStreamReader reader, Walk walk,
                                          XMLStreamException e) {
        EnvelopeRefused rejected = EnvelopeEncoding.notValidInItsEncoding(body, declared, reader);
        if (rejected == null) {
            rejected = inSecret(walk, e.getLocation());
        }
        return rejected != null ? rejected : badCharacterIn(walk, e);
    }

    /**
     * A character XML does not allow (a control character, written or as a
     * reference such as {@code &#1;}, or {@code &#xD800;}) is the mistake of the
     * field it is in, named as JSON names it.
     */
    private static EnvelopeRefused badCharacterIn(Walk walk, XMLStreamException e) {
        String field = walk == null ? null : fieldOr(walk.open());
        String message = String.valueOf(e.getMessage());
        boolean badCharacter = message.contains("Illegal character") || message.contains("Invalid character reference");
        return field == null || !badCharacter ? null : new EnvelopeRefused(field + ": " + describe(e), field);
    }

    /** One pass over one document. */
    private final class Walk {
        private final XMLStreamReader reader;
        private final SoapVersion version;
        private StringBuilder token;
        /** The path of the password or token element being read; null outside them. */
        private String secretOpen;
        /** The path of the innermost element of the contract being read; empty outside them. */
        private String open = "";
        /** Namespace declarations met inside the Header so far; negative outside it. */
        private int headerNamespaces = -1;
        /** The Body's operation once read: one of the service's, or "unknown"; null before. */
        private String operation;

        Walk(XMLStreamReader reader, SoapVersion version) {
            this.reader = reader;
            this.version = version;
        }

        /** The next event; SOAP forbids processing instructions anywhere in a message. */
        private int next() throws XMLStreamException, EnvelopeRefused {
            int event = reader.next();
            if (event == XMLStreamConstants.PROCESSING_INSTRUCTION) {
                throw new EnvelopeRefused("A SOAP message may not contain processing instructions ('<?"
                        + cutName(reader.getPITarget()) + " ...?>')", null);
            }
            if (event == XMLStreamConstants.START_ELEMENT && headerNamespaces >= 0) {
                countHeaderNamespaces();
            }
            return event;
        }

        private void countHeaderNamespaces() throws EnvelopeRefused {
            headerNamespaces += reader.getNamespaceCount();
            if (headerNamespaces > MAX_HEADER_NAMESPACES) {
                throw new EnvelopeRefused("Header: declares more than " + MAX_HEADER_NAMESPACES + " namespaces (xmlns"
                        + " attributes); declare them once, on the Envelope", "Header");
            }
        }

        Envelope envelope() throws XMLStreamException, EnvelopeRefused {
            nextElement();
            checkEnvelopeElement();
            if (!nextChild()) {
                throw new EnvelopeRefused("The SOAP Envelope has no Body", null);
            }
            if (isSoap("Header")) {
                header();
                if (!nextChild()) {
                    throw new EnvelopeRefused("The SOAP Envelope has no Body", null);
                }
            }
            if (!isSoap("Body")) {
                throw new EnvelopeRefused("Expected the SOAP Body, found " + name(), null);
            }
            String operation = body();
            if (nextChild()) {
                throw new EnvelopeRefused("Unexpected element " + name() + " after the SOAP Body", null);
            }
            checkNothingFollows();
            return new Envelope(operation, presentedToken());
        }

        /** The AuthorizationToken's text as read so far; null when the walk has not met one. */
        String presentedToken() {
            return token == null ? null : token.toString();
        }

        /** Reads to the end of the document: a second root or stray text there makes it malformed. */
        private void checkNothingFollows() throws XMLStreamException, EnvelopeRefused {
            while (reader.hasNext()) {
                int event = next();
                if (event == XMLStreamConstants.START_ELEMENT
                        || event == XMLStreamConstants.CHARACTERS && !reader.isWhiteSpace()) {
                    throw new EnvelopeRefused("Malformed XML: content after the end of the SOAP Envelope", null);
                }
            }
        }

        private void checkEnvelopeElement() throws EnvelopeRefused {
            if (!"Envelope".equals(reader.getLocalName())) {
                throw new EnvelopeRefused("Not a SOAP envelope: the document element is " + name(), null);
            }
            String namespace = reader.getNamespaceURI();
            if (version.envelopeNamespace().equals(namespace)) {
                return;
            }
            SoapVersion other = SoapVersion.forEnvelopeNamespace(namespace);
            if (other != null) {
                // Either way round the answer is SOAP 1.1: what a 1.1 node says to a 1.2 envelope, and what
                // SOAP 1.2 (part 1, appendix A) has a 1.2 node say to a 1.1 envelope, which a 1.1 client reads.
                throw EnvelopeRefused.versionMismatch("A " + other + " envelope was sent with Content-Type "
                        + version.mediaType() + "; send " + other + " as " + other.mediaType(), SoapVersion.SOAP_11);
            }
            throw EnvelopeRefused.versionMismatch("Not a SOAP envelope: " + name() + " is not in namespace "
                    + version.envelopeNamespace(), version);
        }

        /**
         * Reads every header block: the token wherever it stands, and all the
         * blocks that must be understood and are not, which a SOAP 1.2 fault
         * names one by one.
         */
        private void header() throws XMLStreamException, EnvelopeRefused {
            boolean tokenSeen = false;
            List<QName> notUnderstood = new ArrayList<>();
            int blocks = 0;
            headerNamespaces = 0;
            countHeaderNamespaces(); // the Header's own
            while (nextChild()) {
                if (++blocks > MAX_HEADER_BLOCKS) {
                    throw new EnvelopeRefused("Header: holds more than " + MAX_HEADER_BLOCKS + " header blocks; this service"
                            + " reads one, AuthorizationToken", "Header");
                }
                boolean mustUnderstand = mustUnderstand(); // checked on every header, understood or not
                if ("AuthorizationToken".equals(reader.getLocalName())) {
                    if (!XWEB_NS.equals(reader.getNamespaceURI())) {
                        throw new EnvelopeRefused("AuthorizationToken: the header must be in namespace " + XWEB_NS
                                + ", not " + namespaceOf(), "AuthorizationToken");
                    }
                    if (tokenSeen) {
                        throw new EnvelopeRefused("AuthorizationToken: the header appears more than once",
                                "AuthorizationToken");
                    }
                    String target = reader.getAttributeValue(version.envelopeNamespace(), version.targetAttribute());
                    if (!version.addressesThisNode(target)) {
                        // A header for another node is not this one's to read, and Metro would read it anyway.
                        throw new EnvelopeRefused("AuthorizationToken: the header is addressed to " + version.targetAttribute()
                                + " " + Texts.quote(target) + ", not to this service: send it without "
                                + version.targetAttribute(), "AuthorizationToken");
                    }
                    tokenSeen = true;
                    element(vocabulary.tokenHeader(), "AuthorizationToken");
                } else {
                    if (mustUnderstand) {
                        notUnderstood.add(reader.getName());
                    }
                    skipElement();
                }
            }
            headerNamespaces = -1;
            if (notUnderstood.size() == 1) {
                throw EnvelopeRefused.notUnderstood("Header " + name(notUnderstood.get(0)) + " is marked mustUnderstand but"
                        + " this service does not understand it", notUnderstood);
            }
            if (!notUnderstood.isEmpty()) {
                throw EnvelopeRefused.notUnderstood("Headers " + notUnderstood.stream().map(Walk::name)
                        .collect(Collectors.joining(", ")) + " are marked mustUnderstand but this service does not"
                        + " understand them", notUnderstood);
            }
        }

        private String body() throws XMLStreamException, EnvelopeRefused {
            if (!nextChild()) {
                throw new EnvelopeRefused("The SOAP Body is empty: it must hold one operation element", null);
            }
            String local = reader.getLocalName();
            WireVocabulary.Rule rule = vocabulary.operation(local);
            // A made-up name is labelled "unknown", as JSON's are, not "-" (docs audit): clients add no series.
            operation = rule == null ? "unknown" : local;
            if (rule == null || !XWEB_NS.equals(reader.getNamespaceURI())) {
                if (rule != null) {
                    throw new EnvelopeRefused(local + ": the operation element must be in namespace " + XWEB_NS
                            + ", not " + namespaceOf(), local);
                }
                throw new EnvelopeRefused("Unknown operation " + name(), null);
            }
            element(rule, "");
            if (nextChild()) {
                throw new EnvelopeRefused("The SOAP Body holds more than one element: " + name() + " after " + local, null);
            }
            return local;
        }

        /** Checks the children of the current element against its rule, down to the leaves. */
        private void element(WireVocabulary.Rule rule, String path) throws XMLStreamException, EnvelopeRefused {
            // The operation element has no path of its own; its attributes' faults are named after it.
            boolean nil = checkAttributes(rule, path.isEmpty() ? reader.getLocalName() : path);
            if (nil && path.isEmpty()) {
                // JAXB would hand the endpoint no request object at all, and Metro answer with a Server fault.
                String operation = reader.getLocalName();
                throw new EnvelopeRefused(operation + ": xsi:nil is not allowed on the operation element (it is not"
                        + " nillable); send the element with its parameters", operation);
            }
            String outer = open;
            open = path;
            Set<String> seen = new HashSet<>();
            int position = 0;
            while (true) {
                int event = next();
                if (event == XMLStreamConstants.END_ELEMENT) {
                    open = outer;
                    return;
                }
                if (nil && (event == XMLStreamConstants.START_ELEMENT || (event == XMLStreamConstants.CHARACTERS
                        || event == XMLStreamConstants.SPACE) && reader.getTextLength() > 0)) {
                    throw EnvelopeRefused.quotingNoContent(label(path) + "xsi:nil is true, so the element must be empty"
                            + " (no text, not even spaces)", fieldOr(path));
                }
                // An empty CDATA section is no text, and Woodstox does not call it white space.
                if (event == XMLStreamConstants.CHARACTERS && !rule.isLeaf() && !reader.isWhiteSpace()
                        && reader.getTextLength() > 0) {
                    throw new EnvelopeRefused(label(path) + "text is not allowed here, only elements", fieldOr(path));
                }
                if (event == XMLStreamConstants.CHARACTERS && TOKEN_PATH.equals(path)) {
                    token = (token == null ? new StringBuilder() : token).append(reader.getText());
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String local = reader.getLocalName();
                WireVocabulary.Rule child = rule.children().get(local);
                String childPath = childPath(path, child == null ? cutName(local) : local,
                        child != null && child.repeatable() ? ++position : 0);
                if (child == null) {
                    throw new EnvelopeRefused(childPath + ": unexpected element " + name(), childPath);
                }
                if (!XWEB_NS.equals(reader.getNamespaceURI())) {
                    throw new EnvelopeRefused(childPath + ": element " + name() + " must be in namespace " + XWEB_NS,
                            childPath);
                }
                if (!child.repeatable() && !seen.add(local)) {
                    throw new EnvelopeRefused(childPath + ": appears more than once", childPath);
                }
                boolean secret = SECRET_PATHS.contains(childPath);
                if (secret) {
                    secretOpen = childPath;
                }
                element(child, childPath);
                if (secret) {
                    secretOpen = null;
                }
            }
        }

        /** The password or token element a failure happened in; null when it happened elsewhere. */
        String secretOpen() {
            return secretOpen;
        }

        /** The element of the contract a failure happened in; empty when it happened outside them. */
        String open() {
            return open;
        }

        /**
         * xsi:type naming another type than the declared one would make JAXB build
         * something the contract does not describe: refuse it. Naming the declared
         * type itself changes nothing, and some clients (SOAP::Lite, NuSOAP) always do.
         * Returns whether the element says xsi:nil="true" (it must then be empty,
         * whitespace included, as XML Schema has it).
         */
        private boolean checkAttributes(WireVocabulary.Rule rule, String path) throws EnvelopeRefused {
            boolean nil = false;
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                if (XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI.equals(reader.getAttributeNamespace(i))
                        && "nil".equals(reader.getAttributeLocalName(i))) {
                    String value = reader.getAttributeValue(i).strip();
                    if (!XsiTypes.isBoolean(value)) {
                        throw new EnvelopeRefused(label(path) + "xsi:nil " + Texts.quote(value) + " is not a boolean (true,"
                                + " false, 1 or 0)", fieldOr(path));
                    }
                    nil = value.equals("true") || value.equals("1");
                }
                if (XsiTypes.isXsiNamespace(reader.getAttributeNamespace(i))
                        && "type".equals(reader.getAttributeLocalName(i))) {
                    String value = reader.getAttributeValue(i).strip();
                    QName named = resolve(value);
                    if (named == null) {
                        throw new EnvelopeRefused(label(path) + "xsi:type " + Texts.quote(value) + " uses a prefix that is"
                                + " not declared", fieldOr(path));
                    }
                    if (!rule.types().contains(named) && !(rule.isLeaf() && XsiTypes.isTextType(named))
                            && !(rule.isList() && XsiTypes.isSoapArray(named))) {
                        // Quotes the attribute only: told as it is inside a password or a token too.
                        throw EnvelopeRefused.quotingNoContent(label(path) + "xsi:type " + Texts.quote(value)
                                + " is not allowed" + XsiTypes.allowedTypes(rule, named), fieldOr(path));
                    }
                }
            }
            return nil;
        }

        /** A prefixed name in an attribute value, by the namespaces in scope; null when it does not resolve. */
        private QName resolve(String prefixed) {
            int colon = prefixed.indexOf(':');
            String prefix = colon < 0 ? XMLConstants.DEFAULT_NS_PREFIX : prefixed.substring(0, colon);
            String namespace = reader.getNamespaceContext().getNamespaceURI(prefix);
            if (namespace == null && colon < 0) {
                namespace = XMLConstants.NULL_NS_URI; // unprefixed, no default namespace: no namespace
            }
            return namespace == null ? null : new QName(namespace, prefixed.substring(colon + 1));
        }

        /** A header this node must understand: mustUnderstand set, and addressed to this node. */
        private boolean mustUnderstand() throws EnvelopeRefused {
            if (!version.addressesThisNode(reader.getAttributeValue(version.envelopeNamespace(),
                    version.targetAttribute()))) {
                return false; // a header for another node is none of this one's business, attributes and all
            }
            String value = reader.getAttributeValue(version.envelopeNamespace(), "mustUnderstand");
            String flag = value == null ? "0" : value.strip();
            if (!XsiTypes.isBoolean(flag)) {
                // Taken as false, the header would be ignored when the client asked that it must not be.
                throw new EnvelopeRefused("Header " + name() + ": mustUnderstand " + Texts.quote(value)
                        + " is not a boolean (1, 0, true or false)", null);
            }
            return flag.equals("1") || flag.equals("true");
        }

        /** Moves to the next child element of the current one; false at the parent's end. */
        private boolean nextChild() throws XMLStreamException, EnvelopeRefused {
            while (true) {
                int event = next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT:
                        return true;
                    case XMLStreamConstants.END_ELEMENT:
                    case XMLStreamConstants.END_DOCUMENT:
                        return false;
                    case XMLStreamConstants.CHARACTERS:
                        if (!reader.isWhiteSpace() && reader.getTextLength() > 0) {
                            throw new EnvelopeRefused("Text is not allowed in the SOAP envelope outside its elements", null);
                        }
                        break;
                    default:
                        break;
                }
            }
        }

        private void nextElement() throws XMLStreamException, EnvelopeRefused {
            while (reader.hasNext()) {
                int event = next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return;
                }
                if (event == XMLStreamConstants.DTD) {
                    throw new EnvelopeRefused("DTDs are not allowed", null);
                }
            }
            throw new EnvelopeRefused("The request body holds no XML element", null);
        }

        private void skipElement() throws XMLStreamException, EnvelopeRefused {
            int depth = 1;
            while (depth > 0) {
                int event = next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        }

        private boolean isSoap(String local) {
            return local.equals(reader.getLocalName()) && version.envelopeNamespace().equals(reader.getNamespaceURI());
        }

        private String name() {
            return name(reader.getName());
        }

        private static String name(QName element) {
            String namespace = element.getNamespaceURI();
            String local = cutName(element.getLocalPart());
            return namespace == null || namespace.isEmpty()
                    ? "'" + local + "' (in no namespace)"
                    : "{" + cutName(namespace) + "}" + local;
        }

        private String namespaceOf() {
            String namespace = reader.getNamespaceURI();
            return namespace == null || namespace.isEmpty() ? "no namespace" : cutName(namespace);
        }
    }

    /** An element's name or namespace from the request, as a fault repeats it. */
    private static String cutName(String name) {
        return Texts.cut(name, MAX_NAME);
    }

    private static String childPath(String parent, String local, int position) {
        // The wrapper and the preferences array do not show in field names:
        // preferences/MailingListSetting[2]/status is preferences[2].status.
        if ("MailingListSetting".equals(local) && parent.endsWith("preferences")) {
            return parent + "[" + position + "]";
        }
        String name = position > 0 ? local + "[" + position + "]" : local;
        return parent.isEmpty() ? name : parent + "." + name;
    }

    private static String label(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    private static String fieldOr(String path) {
        return path.isEmpty() ? null : path;
    }

    /** Woodstox gives a negative column for some errors inside comments spanning lines: say the line only. */
    private static String where(Location location) {
        if (location == null || location.getLineNumber() < 1) {
            return "";
        }
        String line = " at line " + location.getLineNumber();
        return location.getColumnNumber() < 1 ? line : line + ", column " + location.getColumnNumber();
    }

    /** Whether the parser refused the document for a limit (size, depth, count) rather than for its form. */
    private static boolean isLimit(XMLStreamException e) {
        return firstLine(e).toLowerCase(Locale.ROOT).contains("limit");
    }

    private static String describe(XMLStreamException e) {
        String text = firstLine(e);
        // The parser's words quote names from the document ("expected </...>"): bounded like names.
        return (isLimit(e) ? "Refused: an XML limit was exceeded" : "Malformed XML") + where(e.getLocation()) + ": "
                + Texts.cut(text, MAX_PARSER_MESSAGE);
    }

    /**
     * The parser's own words without its location suffix, which {@link #where}
     * already gives, and without the name of an entity reference: that name is
     * text of the document, such as the rest of a password with a bare '&' in
     * it, and answers go to the wire dump's log.
     */
    private static String firstLine(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        int cut = message.indexOf("\n at [");
        String text = (cut >= 0 ? message.substring(0, cut) : message).strip();
        if (text.startsWith("ParseError") || text.isEmpty()) {
            return "not well-formed";
        }
        // Two of Woodstox's messages speak to a Java caller, or leave a placeholder unfilled (audit).
        text = text.replace("could be mangled UTF-8 BOM marker. Make sure that the Reader uses correct encoding or"
                + " pass an InputStream instead", "a UTF-8 byte order mark read in another charset: send UTF-8 as"
                + " charset=utf-8, or leave the mark out").replace("to prefix \"{0}\"", "to a prefix or as the default namespace"); // it names neither
        Matcher high = HIGH_ASCII_BYTE.matcher(text);
        if (high.find()) {
            // Woodstox sign-extends the byte it reports: 0xE9 comes out as 65513, not 233.
            text = high.replaceFirst("$1" + (Integer.parseInt(high.group(2)) & 0xff));
        }
        Matcher entity = ENTITY_NAME.matcher(text);
        if (!entity.find()) {
            return text;
        }
        return entity.replaceAll(named -> named.group(1).startsWith("Undeclared") ? "An undeclared entity reference"
                : "an entity reference") + " (XML declares only &amp; &lt; &gt; &quot; &apos;: write a literal & as &amp;)";
    }

    private static void closeQuietly(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // Nothing is held open: the input is an in-memory array.
            }
        }
    }
}
