package org.xwebpreferences.soap;

import java.util.List;
import javax.xml.namespace.QName;

/** A refused envelope: the message is written for the client. */
final class EnvelopeRefused extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final List<QName> notUnderstood;
    private final String presentedToken;
    private final SoapVersion versionMismatch;
    private final boolean quotesNoContent;
    private final String operation;

    EnvelopeRefused(String message, String field) {
        this(message, field, List.of(), null, null, false, null);
    }

    private EnvelopeRefused(String message, String field, List<QName> notUnderstood, String presentedToken,
                            SoapVersion versionMismatch, boolean quotesNoContent, String operation) {
        super(message, null, false, false);
        this.field = field;
        this.notUnderstood = notUnderstood;
        this.presentedToken = presentedToken;
        this.versionMismatch = versionMismatch;
        this.quotesNoContent = quotesNoContent;
        this.operation = operation;
    }

    /** A refusal whose message repeats nothing of the element's content, so it may be told inside a secret. */
    static EnvelopeRefused quotingNoContent(String message, String field) {
        return new EnvelopeRefused(message, field, List.of(), null, null, true, null);
    }

    /** Headers marked mustUnderstand that this service does not understand. */
    static EnvelopeRefused notUnderstood(String message, List<QName> headers) {
        return new EnvelopeRefused(message, null, List.copyOf(headers), null, null, false, null);
    }

    /** An Envelope in another namespace than the one its Content-Type says; the fault goes in {@code answerIn}. */
    static EnvelopeRefused versionMismatch(String message, SoapVersion answerIn) {
        return new EnvelopeRefused(message, null, List.of(), null, answerIn, false, null);
    }

    /** The same refusal, knowing the token the envelope presented (null: none read). */
    EnvelopeRefused presenting(String token) {
        return token == null ? this : new EnvelopeRefused(getMessage(), field, notUnderstood, token, versionMismatch,
                quotesNoContent, operation);
    }

    /**
     * The same refusal, knowing the operation the Body named (null: none read):
     * one of the service's, or "unknown", for the metrics' and access log's label.
     */
    EnvelopeRefused about(String operationLabel) {
        return operationLabel == null ? this : new EnvelopeRefused(getMessage(), field, notUnderstood, presentedToken,
                versionMismatch, quotesNoContent, operationLabel);
    }

    /** The operation's label, or null where the refusal came before the Body's operation was read. */
    String operation() {
        return operation;
    }

    /** Whether this is a VersionMismatch fault (SOAP 1.1 4.4.1, SOAP 1.2 part 1 5.4.7). */
    boolean versionMismatch() {
        return versionMismatch != null;
    }

    /** The SOAP version a VersionMismatch fault is written in; null for other refusals. */
    SoapVersion answerIn() {
        return versionMismatch;
    }

    /** Whether the message repeats nothing of the element's content (see {@link #quotingNoContent}). */
    boolean quotesNoContent() {
        return quotesNoContent;
    }

    String field() {
        return field;
    }

    /** The headers not understood, for a MustUnderstand fault; empty for any other refusal. */
    List<QName> notUnderstood() {
        return notUnderstood;
    }

    /** The AuthorizationToken text, when the check had read it before refusing. */
    String presentedToken() {
        return presentedToken;
    }
}
