package org.xwebpreferences.soap;

import java.util.Locale;

/**
 * SOAP 1.1 and 1.2 at one address, as ASMX serves them: the request's
 * Content-Type tells which one the client speaks.
 */
enum SoapVersion {
    SOAP_11("text/xml", "http://schemas.xmlsoap.org/soap/envelope/", "Client", "Server"),
    SOAP_12("application/soap+xml", "http://www.w3.org/2003/05/soap-envelope", "Sender", "Receiver");

    private final String mediaType;
    private final String envelopeNamespace;
    private final String clientCode;
    private final String serverCode;

    SoapVersion(String mediaType, String envelopeNamespace, String clientCode, String serverCode) {
        this.mediaType = mediaType;
        this.envelopeNamespace = envelopeNamespace;
        this.clientCode = clientCode;
        this.serverCode = serverCode;
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
