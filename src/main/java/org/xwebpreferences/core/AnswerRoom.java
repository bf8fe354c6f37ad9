package org.xwebpreferences.core;

/**
 * The memory one request's answer may take while it is made, claimed as the
 * settings it answers with are read: so that a read of a customer with
 * thousands of lists is turned away before it fills the heap, not after. The
 * answer's making holds its settings, their wire objects and the growing
 * answer at once, about one and a half times the answer's size.
 */
@FunctionalInterface
public interface AnswerRoom {

    /** For reads that answer no client (tests, tools): claims nothing. */
    AnswerRoom UNBOUNDED = bytes -> { };

    /**
     * What making an answer takes per setting, beside its texts. Measured: 32
     * SOAP GetAlls being made at once of a customer with 5,000 lists of
     * 255-character names (4.8 MB answers) held 7-8 MB of heap each,
     * some 1.5 KB a setting (and 32 ran the shipped 256 MiB heap out, 24 not).
     */
    long BYTES_PER_SETTING = 1_024;

    /**
     * Claims more memory for the answer being made.
     *
     * @throws XwebError unavailable (shedding) where other answers hold the room: nothing is changed
     *                   by a read, so the client may ask again
     */
    void claim(long bytes);

    /**
     * Claims what answering with this setting takes: {@link #BYTES_PER_SETTING}
     * and its name and category in UTF-8, as the answer writes them.
     * Characters an answer escapes ({@code &} is {@code &amp;}) count once: the
     * answer is written escaped into its buffer, not held escaped setting by
     * setting, and 64 GetAlls of 3 MB answers made so at once fit the shipped
     * heap.
     */
    default void claimFor(MailingListPreference setting) {
        claim(BYTES_PER_SETTING + utf8Length(setting.mailingListName()) + utf8Length(setting.mailingListCategory()));
    }

    private static long utf8Length(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // A surrogate pair, 4 bytes, is two chars of 2 each.
            bytes += c < 0x80 ? 0 : c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
        }
        return bytes;
    }
}
