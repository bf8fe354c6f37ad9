package org.xwebpreferences.soap;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.http.MediaType;

/**
 * SOAP 1.1 and 1.2 at one address, as ASMX serves them: the request's
 * Content-Type tells which one the client speaks.
 */
enum SoapVersion {
    SOAP_11("text/xml", "http://schemas.xmlsoap.org/soap/envelope/", "Client", "Server", "actor",
            Set.of("http://schemas.xmlsoap.org/soap/actor/next")),
    SOAP_12("application/soap+xml", "http://www.w3.org/2003/05/soap-envelope", "Sender", "Receiver", "role",
            Set.of("http://www.w3.org/2003/05/soap-envelope/role/next",
                    "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver",
                    // SOAP 1.1's "next" actor, which Apache Axis 1.x writes as the role in SOAP 1.2
                    "http://schemas.xmlsoap.org/soap/actor/next"));

    private final String mediaType;
    private final String envelopeNamespace;
    private final String clientCode;
    private final String serverCode;
    private final String targetAttribute;
    private final Set<String> thisNode;

    SoapVersion(String mediaType, String envelopeNamespace, String clientCode, String serverCode,
                String targetAttribute, Set<String> thisNode) {
        this.mediaType = mediaType;
        this.envelopeNamespace = envelopeNamespace;
        this.clientCode = clientCode;
        this.serverCode = serverCode;
        this.targetAttribute = targetAttribute;
        this.thisNode = thisNode;
    }

    /** The header attribute that says whom a header is for: actor (1.1) or role (1.2). */
    String targetAttribute() {
        return targetAttribute;
    }

    /** True when a header with this actor or role (null: none) is addressed to this server. */
    boolean addressesThisNode(String target) {
        return target == null || target.isBlank() || thisNode.contains(target.strip());
    }

    /**
     * The charset a Content-Type names, or null where it names none.
     * An unknown or unsupported one is refused: Metro would fail on it. So is
     * a second charset parameter, which parsers resolve differently (first or last).
     */
    static Charset charset(MediaType contentType) throws EnvelopeRefused {
        String name = single(contentType, "charset");
        if (name == null) {
            return null;
        }
        try {
            return Charset.forName(name.strip());
        } catch (IllegalArgumentException e) {
            throw new EnvelopeRefused("Content-Type charset " + Texts.quote(name) + " is not supported:"
                    + " send UTF-8", "Content-Type");
        }
    }

    /**
     * The charset to read the body in: the Content-Type's, but UTF-16 or
     * UTF-32 with no byte order given (neither by the name nor by a mark; Java
     * and RFC 2781 then read big-endian) in the order the body's first
     * character shows, as the XML specification's appendix F reads a document
     * and ASMX, whose "utf-16" is little-endian, reads it: .NET's
     * Encoding.Unicode sends little-endian with no mark (review).
     */
    static Charset inByteOrder(Charset charset, byte[] body) {
        if (charset == null || body.length < 4 || body[0] == 0 || body[1] != 0) {
            return charset;
        }
        if (charset.equals(StandardCharsets.UTF_16)) {
            return StandardCharsets.UTF_16LE;
        }
        if (charset.name().equals("UTF-32") && body[2] == 0 && body[3] == 0) {
            return Charset.forName("UTF-32LE");
        }
        return charset;
    }

    /** The value of a Content-Type parameter, or null; one named twice is refused, as parsers take either. */
    static String single(MediaType contentType, String parameter) throws EnvelopeRefused {
        List<String> values = contentType.values(parameter);
        if (values.size() > 1) {
            throw new EnvelopeRefused("Content-Type names " + (parameter.equals("charset") ? "a " : "an ")
                    + parameter + " more than once (" + Texts.quote(values.get(0)) + " and "
                    + Texts.quote(values.get(1)) + "): send one", "Content-Type");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** The version whose media type the Content-Type names, or null for neither. */
    static SoapVersion forContentType(MediaType contentType) {
        for (SoapVersion version : values()) {
            if (version.mediaType.equals(contentType.essence())) {
                return version;
            }
        }
        return null;
    }

    static SoapVersion forEnvelopeNamespace(String namespace) {
        for (SoapVersion version : values()) {
            if (version.envelopeNamespace.equals(namespace)) {
                return version;
            }
        }
        return null;
    }

    String mediaType() {
        return mediaType;
    }

    String contentType() {
        return mediaType + "; charset=utf-8";
    }

    String envelopeNamespace() {
        return envelopeNamespace;
    }

    /** The fault code's local name: Client/Server in 1.1, Sender/Receiver in 1.2. */
    String faultCode(boolean clientsFault) {
        return clientsFault ? clientCode : serverCode;
    }

    @Override
    public String toString() {
        return this == SOAP_11 ? "SOAP 1.1" : "SOAP 1.2";
    }
}
