package org.xwebpreferences.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/** Small helpers for putting client-supplied text into error messages safely. */
public final class Texts {

    /**
     * Each kind of URL ends a password where its driver does: a query's
     * password= (PostgreSQL's) at the next '&' only (password=Abc;Def123 is one
     * password, and "Def123" was logged: code review), H2's ;PASSWORD= at the
     * next ';' only, both at white space; one elsewhere in a message at any of
     * them or a ')'. A ')' that closes the text around a URL is masked with it.
     */
    private static final Pattern URL_SECRETS = Pattern.compile("(?i)([?&][a-z_]*password=)[^&\\s]*"
            + "|(;[a-z_]*password=)[^;\\s]*|(password=)[^&;\\s)]*|((?://|')[^/:@\\s']*:)[^/@\\s']*@");

    /** Longest piece of a client's value repeated back in an error message. */
    private static final int MAX_ECHO = 60;

    private Texts() {
    }

    /**
     * Whether the character is Unicode's White_Space: what .NET's
     * {@code char.IsWhiteSpace} and {@code Guid.Parse} go by. Java's own
     * {@link Character#isWhitespace} also takes the information separators
     * U+001C to U+001F and leaves out the no-break spaces and U+0085, so a key
     * wrapped in control characters passed where one in no-break spaces did not.
     */
    public static boolean isWhiteSpace(int c) {
        return Character.isSpaceChar(c) || c >= '\t' && c <= '\r' || c == '\u0085';
    }

    /** The text without the {@linkplain #isWhiteSpace white space} at either end. */
    public static String strip(String text) {
        return strip(text, Texts::isWhiteSpace);
    }

    /** The text without the characters that are {@code space} at either end. */
    public static String strip(String text, IntPredicate space) {
        int start = 0;
        int end = text.length();
        while (start < end && space.test(text.charAt(start))) {
            start++;
        }
        while (end > start && space.test(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    /** Whether the text is empty or only {@linkplain #isWhiteSpace white space}. */
    public static boolean isBlank(String text) {
        return strip(text).isEmpty();
    }

    /** The text without a leading byte order mark (U+FEFF), which is no part of the document. */
    public static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * The text cut to {@code max} characters (never inside one) with "..."
     * after it, for parts of a request that an error message repeats as they
     * are, such as an element's name: an 800 kB name must not come back in full.
     */
    public static String cut(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max)) + "...";
    }

    /**
     * The value in single quotes, shortened to {@value #MAX_ECHO} characters
     * (never inside one), with everything that does not show as itself escaped:
     * control characters, lone surrogates, line and paragraph separators,
     * spaces other than the plain one (a no-break space looks like it), and
     * format characters (zero-width ones, a right-to-left override that would
     * show the rest of the message backwards).
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(MAX_ECHO + 8).append('\'');
        int shown = 0;
        int i = 0;
        while (i < value.length() && shown < MAX_ECHO) {
            int c = value.codePointAt(i);
            if (isHidden(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
            i += Character.charCount(c);
            shown++;
        }
        if (i < value.length()) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    /**
     * Whether a code point does not show as itself: control characters, lone
     * surrogates, line and paragraph separators, spaces other than the plain
     * one, format characters.
     */
    public static boolean isHidden(int c) {
        int type = Character.getType(c);
        return c < 0x20 || c >= 0x7f && c <= 0x9f || type == Character.SURROGATE || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SPACE_SEPARATOR && c != ' ';
    }

    /**
     * Text with the secrets a JDBC URL can hold masked: every parameter whose
     * name ends in "password" (password=, sslpassword=, H2's FILE_PASSWORD=)
     * and the password of user:password@ in an address (which PostgreSQL's driver
     * then quotes as an unknown host, 'user:password@host'). For whole messages too,
     * such as a pool's "Unable to obtain connection from database (jdbc:...)".
     */
    public static String maskUrlSecrets(String text) {
        return URL_SECRETS.matcher(text).replaceAll(found -> found.group(1) != null ? "$1****"
                : found.group(2) != null ? "$2****" : found.group(3) != null ? "$3****" : "$4****@");
    }

    /**
     * {@code name: given} or {@code name: none} for a log line: whether a secret
     * is set, never what it is. Not {@code name=...}: every log line's
     * password= is masked again ({@link #maskUrlSecrets}), which made "(none)"
     * "****)", so that the line no longer told whether the secret had reached
     * the process (docs audit).
     */
    public static String maskedField(String name, String secret) {
        return name + ": " + (secret == null || secret.isEmpty() ? "none" : "given");
    }

    /**
     * The first character a database or XML 1.0 document cannot carry faithfully
     * (control characters but tab, line feed and carriage return; lone surrogates),
     * or -1 when there is none.
     */
    public static int firstUnstorableChar(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xfffe || c == 0xffff) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return i;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the bytes are valid text in the charset: a malformed or
     * unmappable sequence makes them invalid, never a stand-in character. Decodes
     * in small pieces, so checking a large body holds no copy of its text.
     */
    public static boolean isValid(byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(1024);
        CoderResult result;
        do {
            out.clear();
            result = decoder.decode(in, out, true);
        } while (result.isOverflow());
        if (result.isError()) {
            return false;
        }
        do {
            out.clear();
            result = decoder.flush(out);
        } while (result.isOverflow());
        return !result.isError();
    }
}
