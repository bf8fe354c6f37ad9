package org.xwebpreferences.http;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.core.Texts;

/**
 * For debugging a client: request and response bodies in the log, as text in
 * the encoding they came in, with tokens and passwords masked
 * ({@link SecretMask}), line breaks and other control characters escaped (so
 * that a body cannot forge log lines), cut to {@value #MAX_CHARS} characters.
 * Off unless switched on with --wire-dump; logs to {@value #LOGGER} at INFO.
 */
public final class WireDump {

    public static final String LOGGER = "xweb.wire";
    static final int MAX_CHARS = 4096;
    /** Bodies are masked up to here, far past the part shown; a secret open at this point is masked to the end. */
    private static final int MAX_SCANNED_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final Pattern XML_ENCODING = Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([\\w.:-]+)[\"']");

    private final boolean enabled;

    public WireDump(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** A request body, read in the charset its Content-Type (or its byte order mark, or XML declaration) names. */
    public void request(String correlationId, String method, String path, MediaType contentType, byte[] body) {
        if (enabled) {
            LOG.info("[{}] request {} {}: {}", correlationId, method, path,
                    show(body, contentType, isJsonAuthenticate(path)));
        }
    }

    /** A response body: the server writes UTF-8. */
    public void response(String correlationId, int status, byte[] body) {
        if (enabled) {
            LOG.info("[{}] response {}: {}", correlationId, status, show(body, null));
        }
    }

    /** JSON's Authenticate, in any letter case: its body holds nothing but the user's name and a secret. */
    private static boolean isJsonAuthenticate(String path) {
        String lower = path == null ? "" : path.toLowerCase(Locale.ROOT);
        return lower.startsWith("/xweb/json/") && lower.endsWith("/authenticate");
    }

    /** The body as one line of text, secrets masked, cut to the limit. */
    static String show(byte[] body, MediaType contentType) {
        return show(body, contentType, false);
    }

    /** The same; with {@code authenticate}, a JSON Authenticate body's values all masked but userName's. */
    static String show(byte[] body, MediaType contentType, boolean authenticate) {
        if (body == null || body.length == 0) {
            return "(no body)";
        }
        String decoded = decode(body, contentType);
        String text = authenticate ? SecretMask.maskAuthenticateJson(decoded) : SecretMask.mask(decoded);
        String line = escape(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
        return text.length() > MAX_CHARS || body.length > MAX_SCANNED_BYTES
                ? line + "... (" + body.length + " bytes)" : line;
    }

    /**
     * The start of the body as text, in the first of these readings that
     * begins as XML or JSON does: UTF-16 or UTF-32 where a byte order mark or
     * zero bytes say so (whatever the charset says: .NET's Encoding.Unicode is
     * little-endian, Java's UTF-16 without a mark big-endian); the
     * Content-Type's charset, as the server reads a SOAP body (it wins over
     * the XML declaration); UTF-8 behind its byte order mark; the XML
     * declaration's encoding; UTF-8. A wrong reading hid a password from the
     * mask in a form that decodes back (a utf-16 declaration on UTF-8 bytes;
     * review). Where none begins so, UTF-8, whose secrets' names the mask's
     * safety net still finds. Bytes that do not decode become U+FFFD.
     */
    static String decode(byte[] body, MediaType contentType) {
        int length = Math.min(body.length, MAX_SCANNED_BYTES);
        List<Charset> readings = new ArrayList<>(5);
        Charset wide = wideBySniffing(body, length);
        if (wide != null) {
            readings.add(wide);
        }
        Charset given = contentTypeCharset(contentType);
        if (given != null) {
            readings.add(given);
        }
        if (length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            readings.add(StandardCharsets.UTF_8);
        }
        Matcher declaration = XML_ENCODING.matcher(new String(body, 0, Math.min(length, 200),
                StandardCharsets.ISO_8859_1));
        Charset declared = declaration.find() ? charset(declaration.group(1)) : null;
        if (declared != null) {
            readings.add(declared);
        }
        for (Charset charset : readings) {
            String text = Texts.withoutByteOrderMark(new String(body, 0, length, charset));
            if (beginsAsMarkup(text)) {
                return text;
            }
        }
        return Texts.withoutByteOrderMark(new String(body, 0, length, StandardCharsets.UTF_8));
    }

    /** Whether the text begins, after white space, as XML or JSON does. */
    private static boolean beginsAsMarkup(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '<' || c == '{' || c == '[';
            }
        }
        return false;
    }

    /** UTF-16 or UTF-32, by a byte order mark or the zero bytes around the first character; else null. */
    private static Charset wideBySniffing(byte[] body, int length) {
        int b0 = body[0] & 0xff;
        int b1 = length > 1 ? body[1] & 0xff : -1;
        int b2 = length > 2 ? body[2] & 0xff : -1;
        int b3 = length > 3 ? body[3] & 0xff : -1;
        if (b0 == 0 && b1 == 0) {
            return Charset.forName("UTF-32BE");
        } else if (b2 == 0 && b3 == 0 && (b1 == 0 || b0 == 0xff && b1 == 0xfe)) {
            return Charset.forName("UTF-32LE");
        } else if (b0 == 0xfe && b1 == 0xff || b0 == 0) {
            return StandardCharsets.UTF_16BE;
        } else if (b0 == 0xff && b1 == 0xfe || b1 == 0) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    private static Charset contentTypeCharset(MediaType contentType) {
        List<String> charsets = contentType == null ? List.of() : contentType.values("charset");
        return charsets.size() == 1 ? charset(charsets.get(0).strip()) : null;
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Control characters, line and paragraph separators and format characters as escapes: one line, read as sent. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029
                            || Character.getType(c) == Character.FORMAT) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
