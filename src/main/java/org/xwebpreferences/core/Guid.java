package org.xwebpreferences.core;

import java.util.UUID;

/**
 * A netFORUM key: 32 hex digits as 8-4-4-4-12, accepted in any letter case,
 * optionally in braces (as .NET writes them) and with white space around (Unicode's,
 * as .NET's {@code Guid.Parse} trims it), always handed back in lower case
 * without braces.
 */
public record Guid(UUID value) implements Comparable<Guid> {

    private static final int[] HYPHENS = {8, 13, 18, 23};

    public Guid {
        if (value == null) {
            throw new IllegalArgumentException("value");
        }
    }

    /** Parses a key, or throws an invalid-input error that names {@code field}. */
    public static Guid parse(String field, String text) {
        if (text == null || Texts.isBlank(text)) {
            throw XwebError.invalid(field, "is required");
        }
        String core = stripBraces(Texts.strip(text));
        if (core == null || !isCanonicalShape(core)) {
            throw XwebError.invalid(field, Texts.quote(text) + " is not a GUID (expected 8-4-4-4-12 hex digits)");
        }
        return new Guid(UUID.fromString(core));
    }

    /** Like {@link #parse} but an absent, empty or blank key is {@code null}. */
    public static Guid parseOptional(String field, String text) {
        return text == null || Texts.isBlank(text) ? null : parse(field, text);
    }

    private static String stripBraces(String text) {
        boolean open = text.startsWith("{");
        boolean close = text.endsWith("}");
        if (open != close) {
            return null;
        }
        return open ? text.substring(1, text.length() - 1) : text;
    }

    private static boolean isCanonicalShape(String text) {
        if (text.length() != 36) {
            return false;
        }
        int hyphen = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (hyphen < HYPHENS.length && i == HYPHENS[hyphen]) {
                if (c != '-') {
                    return false;
                }
                hyphen++;
            } else if (Character.digit(c, 16) < 0 || c > 'f') {
                return false;
            }
        }
        return true;
    }

    /** Lower case, no braces: the form the server stores and returns. */
    @Override
    public String toString() {
        return value.toString();
    }

    /** Orders as the lower-case text does (and as PostgreSQL and H2 order UUID columns). */
    @Override
    public int compareTo(Guid other) {
        int high = Long.compareUnsigned(value.getMostSignificantBits(), other.value.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(value.getLeastSignificantBits(), other.value.getLeastSignificantBits());
    }
}
