package org.xwebpreferences.core;

/** xWeb's MailingPerferenceStatus: the spelling of the values is part of the wire contract. */
public enum PreferenceStatus {
    OptIn, OptOut, Undefined;

    private static final String ALLOWED = "OptIn, OptOut, Undefined";

    /** Parses the exact wire spelling, or throws an invalid-input error naming {@code field}. */
    public static PreferenceStatus parse(String field, String text) {
        if (text == null || text.isEmpty()) {
            throw XwebError.invalid(field, "is required (one of " + ALLOWED + ")");
        }
        for (PreferenceStatus status : values()) {
            if (status.name().equals(text)) {
                return status;
            }
        }
        throw XwebError.invalid(field, Texts.quote(text) + " is not one of " + ALLOWED);
    }
}
