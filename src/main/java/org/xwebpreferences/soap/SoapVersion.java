package org.xwebpreferences.soap;

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Set;
import org.xwebpreferences.core.Texts;

/**
 * SOAP 1.1 and 1.2 at one address, as ASMX serves them: the request's
 * Content-Type tells which one the client speaks.
 */
enum SoapVersion {
    SOAP_11("text/xml", "http://schemas.xmlsoap.org/soap/envelope/", "Client", "Server", "actor",
            Set.of("http://schemas.xmlsoap.org/soap/actor/next")),
    SOAP_12("application/soap+xml", "http://www.w3.org/2003/05/soap-envelope", "Sender", "Receiver", "role",
            Set.of("http://www.w3.org/2003/05/soap-envelope/role/next",
                    "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver"));

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
    static Charset charset(String contentType) throws EnvelopeCheck.Rejected {
        if (contentType == null) {
            return null;
        }
        String found = null;
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
                String name = pair[1].strip().replace("\"", "");
                if (found != null) {
                    throw new EnvelopeCheck.Rejected("Content-Type names a charset more than once ("
                            + Texts.quote(found) + " and " + Texts.quote(name) + "): send one",
                            "Content-Type");
                }
                found = name;
            }
        }
        if (found == null) {
            return null;
        }
        try {
            return Charset.forName(found);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeCheck.Rejected("Content-Type charset " + Texts.quote(found) + " is not supported:"
                    + " send UTF-8", "Content-Type");
        }
    }

    /** The version whose media type the Content-Type names, or null for neither. */
    static SoapVersion forContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        for (SoapVersion version : values()) {
            if (version.mediaType.equals(media)) {
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
