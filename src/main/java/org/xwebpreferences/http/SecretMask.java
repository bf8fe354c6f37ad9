package org.xwebpreferences.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Replaces tokens and passwords in a body's text by {@code ****}, for the wire
 * dump. A scan, not a parser: the text may be cut short, malformed or hostile,
 * and whatever it holds, a secret must not come through. So it errs towards
 * masking: names match in any case and with any prefix, an element's content
 * is masked whole up to its end tag (CDATA sections and comments included),
 * JSON keys are read with their escapes, and a value that does not end is
 * masked to the end of the text. No regular expressions: a repeated group
 * recursed once per character and overflowed the stack on a long value.
 */
final class SecretMask {

    static final String MASK = "****";
    private static final Set<String> SECRET_NAMES = Set.of("token", "password", "authenticateresult");

    private SecretMask() {
    }

    /**
     * Elements whose text is masked whatever their children are called, so that a
     * misspelt Token or password (the mistake a wire dump is switched on to find)
     * is masked too: a SOAP Header's, and an Authenticate's but for its userName.
     */
    private static final Set<String> SECRET_CONTAINERS = Set.of("header", "authenticate");
    private static final String SHOWN_IN_CONTAINER = "username";

    /** Said in place of the rest of a text that names a secret in a form the scan does not know. */
    static final String CUT = " ... (the rest is not shown: it names a password or token in a form not masked)";

    private static final JsonFactory STRICT_JSON = new JsonFactory();

    /**
     * A JSON Authenticate call's body: every value masked but userName's,
     * whatever the other keys are called. The scan reads keys in double
     * quotes only: where the body is no well-formed JSON (a key in single
     * quotes or none, a comment, a key with no colon), what follows the first
     * fault is not shown; a misspelt {pasword: "..."} was shown whole (review).
     */
    static String maskAuthenticateJson(String text) {
        int malformed = malformedAt(text);
        String masked = maskJson(malformed < 0 ? text : text.substring(0, malformed), true);
        int unmasked = firstUnmaskedSecret(masked);
        if (unmasked >= 0) {
            return masked.substring(0, unmasked) + CUT;
        }
        return malformed < 0 ? masked : masked + CUT;
    }

    /** Where a text stops being one well-formed JSON value, as a strict parser reads it; -1 where it is one. */
    private static int malformedAt(String text) {
        try (JsonParser parser = STRICT_JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                return -1;
            }
            parser.skipChildren();
            if (parser.nextToken() == null) {
                return -1;
            }
            return (int) Math.min(text.length(), parser.currentTokenLocation().getCharOffset());
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? 0 : e.getLocation().getCharOffset();
            return (int) Math.max(0, Math.min(text.length(), at));
        } catch (IOException e) {
            return 0;
        }
    }

    static String mask(String text) {
        String masked = maskJson(maskContainers(maskXml(text)), false);
        int unmasked = firstUnmaskedSecret(masked);
        return unmasked < 0 ? masked : masked.substring(0, unmasked) + CUT;
    }

    /** The Authenticate wrapper of a JSON call. */
    private static boolean isSecretContainer(String key) {
        return fold(key).equals("authenticate");
    }

    /** The name in any case, and folded as case-insensitive matching folds it (the long s is an s). */
    private static boolean isSecret(String name) {
        return SECRET_NAMES.contains(fold(name));
    }

    /** Upper, then lower case, one character at a time, so that positions in the text stay where they are. */
    private static String fold(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            out.append(Character.toLowerCase(Character.toUpperCase(text.charAt(i))));
        }
        return out.toString();
    }

    /**
     * The safety net behind the scan: where a secret's name still stands as an
     * element's name, a quoted string or an unquoted key (single quotes, no
     * quotes, a comment before the colon: JSON the server refuses, but whose
     * password is real) and no mask follows it. -1 when there is none. A word
     * in running text ("the token has expired") is no name.
     */
    private static int firstUnmaskedSecret(String masked) {
        String folded = fold(masked);
        int first = -1;
        for (String word : SECRET_NAMES) {
            for (int at = folded.indexOf(word); at >= 0 && (first < 0 || at < first); at = folded.indexOf(word, at + 1)) {
                int end = at + word.length();
                if (isWordAt(folded, at, end) && !isMaskedName(masked, at, end)) {
                    first = start(masked, at);
                    break;
                }
            }
        }
        return first;
    }

    private static boolean isWordAt(String text, int at, int end) {
        return (at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)));
    }

    /** Whether the name at [at, end) is masked, or no name at all (a word in text). */
    private static boolean isMaskedName(String text, int at, int end) {
        int open = nameStart(text, at) - 1;
        if (open >= 1 && text.charAt(open) == '/' && text.charAt(open - 1) == '<') {
            return open >= 1 + MASK.length() && text.startsWith(MASK, open - 1 - MASK.length()); // ****</password>
        }
        if (open >= 0 && text.charAt(open) == '<') {
            int tagEnd = tagEnd(text, end);
            return tagEnd >= 0 && (text.charAt(tagEnd - 1) == '/' || text.startsWith(MASK, tagEnd + 1));
        }
        int afterName = skipWhitespace(text, end);
        if (afterName < text.length() && text.charAt(afterName) == '=') {
            return false; // an attribute named so: the scan masks no attributes
        }
        char before = at == 0 ? ' ' : text.charAt(at - 1);
        int next = end;
        if ((before == '"' || before == '\'') && end < text.length() && text.charAt(end) == before) {
            next = end + 1;
        } else if (skipWhitespace(text, end) >= text.length() || text.charAt(skipWhitespace(text, end)) != ':') {
            return true; // a word in running text
        }
        int colon = skipWhitespace(text, next);
        if (colon >= text.length() || text.charAt(colon) != ':') {
            return false; // a quoted name with no colon after it: a value, or a key with something in between
        }
        int value = skipWhitespace(text, colon + 1);
        char quote = value < text.length() ? text.charAt(value) : ' ';
        boolean quoted = quote == '"' || quote == '\'';
        String whole = quoted ? quote + MASK + quote : MASK;
        return text.startsWith(whole, value) && endsValue(text, value + whole.length());
    }

    /**
     * Whether a value ends at {@code at}: the mask counts only as the whole value,
     * not as the start of one ("****Secret", "****,Secret" and '**** Secret', under
     * a key the scan does not mask, were taken for masked: review).
     */
    private static boolean endsValue(String text, int at) {
        int next = skipWhitespace(text, at);
        return next >= text.length() || ",}]".indexOf(text.charAt(next)) >= 0;
    }

    /**
     * Where the name that holds position {@code at} starts, a prefix included:
     * back to the first stop character, at most 256 characters (no prefix is
     * longer), so that a text of many such words without stops costs no more
     * than a pass per word.
     */
    private static int nameStart(String text, int at) {
        int i = at;
        while (i > 0 && at - i < 256 && !isStop(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    /** What ends a name, in XML or JSON: white space, markup, quotes and JSON's punctuation. */
    private static boolean isStop(char c) {
        return Character.isWhitespace(c) || "</>=\"',{}[]".indexOf(c) >= 0;
    }

    /**
     * Where the shown text stops: before the tag or quote the name stands in.
     * An end tag comes after its secret, and where that began is not known
     * (the start tag was not recognised): nothing of the text is shown then.
     */
    private static int start(String text, int at) {
        int open = nameStart(text, at) - 1;
        if (open >= 1 && text.charAt(open) == '/' && text.charAt(open - 1) == '<') {
            return 0;
        }
        if (open >= 0 && (text.charAt(open) == '<' || text.charAt(open) == '"' || text.charAt(open) == '\'')) {
            return open;
        }
        return at;
    }

    /** The text inside every {@link #SECRET_CONTAINERS} element, with any prefix; its markup stays. */
    static String maskContainers(String text) {
        return maskElements(text, SECRET_CONTAINERS, (start, end, local) -> maskText(text, start, end,
                local.equals("authenticate") ? SHOWN_IN_CONTAINER : null));
    }

    /** The content of every element named Token, password or AuthenticateResult, with any prefix. */
    static String maskXml(String text) {
        return maskElements(text, SECRET_NAMES, (start, end, local) -> MASK);
    }

    /** What an element's content, from start to end in the text, is shown as. */
    private interface ContentMask {
        String mask(int start, int end, String localName);
    }

    /**
     * Every element whose local name (folded, after any prefix) is one of
     * {@code names}, its content replaced as {@code content} says. A tag cut
     * short, or an element never closed, is masked to the end of the text.
     */
    private static String maskElements(String text, Set<String> names, ContentMask content) {
        StringBuilder out = new StringBuilder(text.length());
        int done = 0;
        int from = 0;
        while (true) {
            int open = text.indexOf('<', from);
            if (open < 0) {
                break;
            }
            int nameEnd = nameEnd(text, open + 1);
            String name = text.substring(open + 1, nameEnd);
            from = nameEnd;
            String local = fold(name.substring(name.lastIndexOf(':') + 1));
            if (!names.contains(local)) {
                continue;
            }
            int tagEnd = tagEnd(text, nameEnd);
            if (tagEnd < 0) {
                return out.append(text, done, nameEnd).append(MASK).toString(); // the rest of the tag may be the secret
            }
            if (text.charAt(tagEnd - 1) == '/') {
                continue; // <Token/>
            }
            int close = endTag(text, name, tagEnd + 1);
            int contentEnd = close < 0 ? text.length() : close; // cut short or never closed: the rest may all be the secret
            out.append(text, done, tagEnd + 1).append(content.mask(tagEnd + 1, contentEnd, local));
            done = contentEnd;
            from = contentEnd;
        }
        return out.append(text, done, text.length()).toString();
    }

    /**
     * The markup in [start, end) as it stands, and every run of text, CDATA
     * section or comment in it as {@code ****}, except the text of an element
     * named {@code shown} (folded; null: none).
     */
    private static String maskText(String text, int start, int end, String shown) {
        StringBuilder out = new StringBuilder(end - start);
        String element = null; // the element whose text this is, as far as the scan can tell
        int i = start;
        while (i < end) {
            if (text.charAt(i) == '<' && !text.startsWith("<![CDATA[", i) && !text.startsWith("<!--", i)) {
                int tagEnd = tagEnd(text, i + 1);
                if (tagEnd < 0 || tagEnd >= end) {
                    return out.append(MASK).toString(); // a tag that does not end here: the rest may be the secret
                }
                boolean endTag = text.charAt(i + 1) == '/';
                String name = text.substring(endTag ? i + 2 : i + 1, nameEnd(text, endTag ? i + 2 : i + 1));
                element = endTag || text.charAt(tagEnd - 1) == '/' ? null : fold(name.substring(name.lastIndexOf(':') + 1));
                out.append(text, i, tagEnd + 1);
                i = tagEnd + 1;
            } else {
                int next = nextTag(text, i, end);
                boolean blank = text.substring(i, next).isBlank();
                out.append(blank || element != null && element.equals(shown) ? text.substring(i, next) : MASK);
                i = next;
            }
        }
        return out.toString();
    }

    /** Where the next tag starts at or after {@code from}, past CDATA sections and comments; {@code end} if none. */
    private static int nextTag(String text, int from, int end) {
        int i = from;
        while (true) {
            int open = text.indexOf('<', i);
            if (open < 0 || open >= end) {
                return end;
            }
            if (text.startsWith("<![CDATA[", open)) {
                i = skipPast(text, "]]>", open);
            } else if (text.startsWith("<!--", open)) {
                i = skipPast(text, "-->", open);
            } else {
                return open;
            }
            if (i < 0 || i >= end) {
                return end;
            }
        }
    }

    /**
     * Where a name ends: at white space, '/', '>', '=' or a quote. Not by XML's
     * own name characters: a prefix may hold any of thousands of them (a
     * middle dot, a combining accent), and a name cut short would go unmasked.
     */
    private static int nameEnd(String text, int start) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (isStop(c)) {
                break;
            }
            i++;
        }
        return i;
    }

    /** The '>' that ends a tag, past quoted attribute values (which may hold '>' and "/>"); -1 when none does. */
    private static int tagEnd(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                int closing = text.indexOf(c, i + 1);
                if (closing < 0) {
                    return -1;
                }
                i = closing + 1;
            } else if (c == '>') {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** Where {@code </name>} starts, passing over CDATA sections and comments; -1 when it never comes. */
    private static int endTag(String text, String name, int from) {
        int i = from;
        while (true) {
            int open = text.indexOf('<', i);
            if (open < 0) {
                return -1;
            }
            if (text.startsWith("<![CDATA[", open)) {
                i = skipPast(text, "]]>", open);
            } else if (text.startsWith("<!--", open)) {
                i = skipPast(text, "-->", open);
            } else if (text.startsWith("</" + name, open) && closesTag(text, open + 2 + name.length())) {
                return open;
            } else {
                i = open + 1;
            }
            if (i < 0) {
                return -1;
            }
        }
    }

    private static int skipPast(String text, String end, int from) {
        int at = text.indexOf(end, from);
        return at < 0 ? -1 : at + end.length();
    }

    private static boolean closesTag(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '>';
    }

    /**
     * The value of every JSON member named token or password, its key read with
     * escapes, in any case; with {@code allButUserName}, of every member but userName.
     */
    /** A JSON value that is a bare word: a number, or one of the literals. */
    private static final Pattern JSON_WORD =
            Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?|true|false|null");

    static String maskJson(String text, boolean allButUserName) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (true) {
            int quote = text.indexOf('"', i);
            if (quote < 0) {
                break;
            }
            int keyEnd = stringEnd(text, quote);
            out.append(text, i, keyEnd);
            i = keyEnd;
            if (keyEnd > text.length() - 1) {
                continue;
            }
            String key = unescape(text, quote + 1, keyEnd - 1);
            if (!allButUserName && !isSecret(key)) {
                continue;
            }
            int colon = skipWhitespace(text, keyEnd);
            if (colon >= text.length() || text.charAt(colon) != ':') {
                continue;
            }
            int value = skipWhitespace(text, colon + 1);
            if (allButUserName && (fold(key).equals(SHOWN_IN_CONTAINER)
                    || isSecretContainer(key) && value < text.length() && text.charAt(value) == '{')) {
                continue; // userName shown; the Authenticate wrapper's members masked one by one
            }
            out.append(text, keyEnd, value);
            int valueEnd = valueEnd(text, value);
            out.append(value < text.length() && text.charAt(value) == '"' ? "\"" + MASK + "\"" : MASK);
            i = valueEnd;
        }
        return out.append(text, i, text.length()).toString();
    }

    /** Just past the closing quote of the string that starts at {@code quote}; the text's end when it has none. */
    private static int stringEnd(String text, int quote) {
        int i = quote + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return text.length();
    }

    /** Just past a JSON value: a string, a bracketed structure, or a bare word. */
    private static int valueEnd(String text, int start) {
        if (start >= text.length()) {
            return start;
        }
        char first = text.charAt(start);
        if (first == '"') {
            return stringEnd(text, start);
        }
        if (first == '{' || first == '[') {
            int depth = 0;
            int i = start;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"') {
                    i = stringEnd(text, i);
                    continue;
                }
                depth += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
                i++;
                if (depth == 0) {
                    return i;
                }
            }
            return text.length();
        }
        int i = start;
        while (i < text.length() && ",}] \t\r\n".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        int next = skipWhitespace(text, i);
        boolean wellFormed = JSON_WORD.matcher(text.substring(start, i)).matches()
                && (next >= text.length() || ",}]".indexOf(text.charAt(next)) >= 0);
        // Anything else is no JSON value, and where it ends cannot be told: a password sent bare
        // ("correct horse battery", ]Secret99, 'a, b') showed all but its first word (review).
        return wellFormed ? i : text.length();
    }

    private static int skipWhitespace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** A JSON string's content with its escapes undone, as far as they are well formed. */
    private static String unescape(String text, int start, int end) {
        StringBuilder out = new StringBuilder(end - start);
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < end) {
                char next = text.charAt(i + 1);
                if (next == 'u' && i + 6 <= end) {
                    try {
                        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                        i += 6;
                        continue;
                    } catch (NumberFormatException e) {
                        // not an escape after all: keep it as it stands
                    }
                }
                out.append(next);
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
