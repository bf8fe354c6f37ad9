package org.xwebpreferences.core;

/**
 * The one domain error. Its message is written for the client: it names the
 * field and the value and never carries internal detail.
 */
public final class XwebError extends RuntimeException {

    /** As the SOAP faults cut an element's name. */
    private static final int MAX_FIELD_NAME = 100;

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String field;
    private final boolean shedding;

    private XwebError(ErrorKind kind, String field, String message, Throwable cause) {
        this(kind, field, message, cause, false);
    }

    private XwebError(ErrorKind kind, String field, String message, Throwable cause, boolean shedding) {
        super(message, cause, false, false);
        this.kind = kind;
        this.field = field;
        this.shedding = shedding;
    }

    /** Invalid input; the message reads "{field}: {problem}". */
    public static XwebError invalid(String field, String problem) {
        // A field's name may be the client's own (an unknown JSON key): 60,000 characters of it came back twice.
        // An empty one (a JSON key "") is shown quoted: ": appears more than once" named nothing (audit).
        String named = field == null ? null : field.isEmpty() ? "\"\"" : Texts.cut(field, MAX_FIELD_NAME);
        return new XwebError(ErrorKind.INVALID_INPUT, named, named + ": " + problem, null);
    }

    /**
     * The same invalid-input error reported against another name: the user
     * name a setting gave is that setting's fault, not a request field's.
     */
    public XwebError asInvalid(String otherField) {
        if (kind != ErrorKind.INVALID_INPUT) {
            return this;
        }
        return invalid(otherField, getMessage().substring(field.length() + 2));
    }

    public static XwebError unauthenticated(String field, String message) {
        return new XwebError(ErrorKind.UNAUTHENTICATED, field, message, null);
    }

    /**
     * Unavailable on purpose: load the server turns away to shield itself (too
     * many logins being checked, no room for a large answer), not a failure.
     */
    public static XwebError shedding(String message) {
        return new XwebError(ErrorKind.UNAVAILABLE, null, message, null, true);
    }

    /** Whether this is load turned away on purpose ({@link #shedding}). */
    public boolean isShedding() {
        return shedding;
    }

    public static XwebError unavailable(String message, Throwable cause) {
        return new XwebError(ErrorKind.UNAVAILABLE, null, message, cause);
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The request field at fault, or {@code null} where none is. */
    public String field() {
        return field;
    }
}
