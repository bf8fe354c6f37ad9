package org.xwebpreferences.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.HistoryEntry;
import org.xwebpreferences.core.HistoryPage;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.core.Timestamps;
import org.xwebpreferences.core.XwebError;

/** JSON in and out: one configured mapper, built once, shared by every request. */
final class JsonCodec {

    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '([^']*)'");
    private static final Pattern UNEXPECTED_CHARACTER =
            Pattern.compile("^Unexpected character \\('.{1,2}' \\(code \\d+\\)\\)(?::\\s*([^\\n(]*[^\\n( ]))?");

    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

    /** Longest string, value or name, the parser reads. */
    private static final int MAX_STRING = 64 * 1024;
    private static final int MAX_ECHOED_KEYS = 5;
    private static final int MAX_ECHOED_KEY_LENGTH = 100;

    private final ObjectMapper mapper;
    /** The same limits but strings', to find the field of a string over {@link #MAX_STRING}. */
    private final JsonFactory withoutStringLimit;

    /** Most JSON tokens (brackets, names, values) a body may hold: see {@link #JsonCodec(int)}. */
    private final long maxTokens;

    /**
     * A codec for bodies of at most {@code maxSettings} settings. A body's
     * tokens are bounded by what such a request holds (18 for a setting with
     * every field, and a few around them), not by its bytes only: a 1 MiB body
     * of empty objects, [{},{},...], made 350,000 nodes, 15-30 MB of heap per
     * request, and a few connections sending it, before any login, ran a 256
     * MiB heap out.
     */
    JsonCodec(int maxSettings) {
        this.maxTokens = 20L * maxSettings + 100;
        JsonFactory factory = factory(MAX_STRING);
        this.withoutStringLimit = factory(Integer.MAX_VALUE);
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private JsonFactory factory(int maxStringLength) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxStringLength(maxStringLength)
                        .maxNameLength(maxStringLength)
                        .maxNumberLength(64)
                        .maxTokenCount(maxTokens)
                        .build())
                // {"customerKey": "a", "customerKey": "b"} is a mistake, not a choice of the last one.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * The method's parameters from a request body: {"Method": {parameters}} as
     * in xWeb's documentation, or the parameters object on its own.
     */
    JsonParameters parameters(byte[] body, JsonMethod method) {
        JsonNode root = parse(body);
        if (!root.isObject()) {
            throw XwebError.invalid("body", "must be a JSON object: {\"" + method.wireName() + "\": {...}}");
        }
        JsonNode wrapped = root.get(method.wireName());
        if (wrapped == null) {
            return JsonParameters.of(root, method, "body");
        }
        if (root.size() > 1) {
            throw XwebError.invalid("body", "holds more than {\"" + method.wireName() + "\": {...}}: remove "
                    + String.join(", ", otherKeys(root, method.wireName())));
        }
        return JsonParameters.of(wrapped, method, method.wireName());
    }

    private JsonNode parse(byte[] body) {
        if (isBlank(body)) {
            throw XwebError.invalid("body", "is empty: send {\"Method\": {parameters}}");
        }
        checkEncoding(body);
        try {
            return mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            String longString = longStringIn(body);
            if (longString != null) {
                throw XwebError.invalid(longString, "is longer than the " + MAX_STRING
                        + " characters a JSON string may have");
            }
            throw XwebError.invalid("body", "exceeds a limit: strings of at most " + MAX_STRING + " characters,"
                    + " numbers of at most 64 digits, nesting at most 32 deep, at most " + maxTokens
                    + " JSON tokens (names, values and brackets) in all");
        } catch (JsonProcessingException e) {
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.find()) {
                JsonLocation at = e.getLocation();
                throw XwebError.invalid(fieldPath(e, duplicate.group(1)), "appears more than once in a JSON object"
                        + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            }
            throw XwebError.invalid("body", "malformed JSON" + where(e.getLocation()) + ": " + describe(e));
        } catch (IOException e) {
            throw XwebError.invalid("body", "could not be read as JSON");
        }
    }

    /** No bytes, or JSON's white space only (which was told it "must be a JSON object": JSON audit). */
    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * The field of the first string over {@link #MAX_STRING} characters, read
     * again without that limit (only a refused body is); null when the limit
     * the body met was another. A name that long is told as its object's.
     */
    private String longStringIn(byte[] body) {
        try (JsonParser parser = withoutStringLimit.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                boolean name = token == JsonToken.FIELD_NAME;
                if ((name || token == JsonToken.VALUE_STRING) && parser.getTextLength() > MAX_STRING) {
                    String path = pathOf(name ? parser.getParsingContext().getParent() : parser.getParsingContext());
                    return path.isEmpty() ? "body" : path;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /**
     * A body must be valid in the encoding it is read in: UTF-8, or UTF-16 or
     * UTF-32 where a byte order mark or the zero bytes of its ASCII opening say
     * so, as the parser tells them apart. The parser decodes overlong UTF-8 (C0
     * BC as '<') and code points above U+10FFFF instead of refusing them, the
     * classic way past an input filter; and the JDK's UTF-16 reader it uses for
     * wide bodies turns an unpaired surrogate into U+FFFD and drops what follows,
     * so a name would be stored other than it was sent.
     */
    private static void checkEncoding(byte[] body) {
        Charset charset = encodingOf(body);
        if (!Texts.isValid(body, charset)) {
            throw XwebError.invalid("body", "is not valid " + charset.name() + " (send JSON in UTF-8, or UTF-16/32"
                    + " with a byte order mark)");
        }
    }

    /** The encoding the parser reads the body in (RFC 4627's detection, byte order marks first). */
    static Charset encodingOf(byte[] body) {
        int b0 = byteAt(body, 0);
        int b1 = byteAt(body, 1);
        int b2 = byteAt(body, 2);
        int b3 = byteAt(body, 3);
        if (b0 == 0 && b1 == 0 && b2 == 0xfe && b3 == 0xff || b0 == 0 && b1 == 0 && b2 == 0 && b3 > 0) {
            return UTF_32BE;
        }
        if (b0 == 0xff && b1 == 0xfe && b2 == 0 && b3 == 0 || b0 > 0 && b1 == 0 && b2 == 0 && b3 == 0) {
            return UTF_32LE;
        }
        if (b0 == 0xfe && b1 == 0xff || b0 == 0 && b1 > 0) {
            return StandardCharsets.UTF_16BE;
        }
        if (b0 == 0xff && b1 == 0xfe || b0 > 0 && b1 == 0) {
            return StandardCharsets.UTF_16LE;
        }
        return StandardCharsets.UTF_8;
    }

    /** The byte at index as 0..255, or -1 past the end. */
    private static int byteAt(byte[] body, int index) {
        return index < body.length ? body[index] & 0xff : -1;
    }

    /**
     * The parser's complaint in plain words: its own messages name its classes
     * and switches, which mean nothing to a client.
     */
    private static String describe(JsonProcessingException e) {
        String original = String.valueOf(e.getOriginalMessage());
        if (original.startsWith("Trailing token")) {
            return "unexpected content after the JSON value";
        }
        if (original.startsWith("Unexpected end-of-input")) {
            return "the body ends in the middle of a value";
        }
        Matcher character = UNEXPECTED_CHARACTER.matcher(original);
        if (character.find()) {
            // The character is not named, only placed: it may be the first of a password sent without quotes
            // (-Xsecret, ]Secret), and answers go to the wire dump's log (review).
            if (original.contains("comment?")) {
                // Jackson's "maybe a (non-standard) comment? (not recognized as one since Feature ...)".
                return "unexpected character: JSON has no comments";
            }
            String expected = character.group(1) == null ? "" : ": " + character.group(1).replace("`", "'");
            return "unexpected character" + expected;
        }
        if (original.startsWith("Unrecognized token")) {
            // The word itself is not repeated: it may be an unquoted password, and
            // answers go to the wire dump's log. The position says where it is.
            return "a bare word where a value belongs (strings need double quotes; the literals are true, false"
                    + " and null)";
        }
        return "not valid JSON";
    }

    /**
     * Where in the request a key is, as the rest of the errors name fields:
     * preferences[2].status (settings counted from 1; the method's wrapper left out).
     */
    private static String fieldPath(JsonProcessingException e, String key) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return key;
        }
        // The parser's object holds the duplicate as its current name.
        String path = pathOf(parser.getParsingContext());
        return path.isEmpty() ? key : path;
    }

    /**
     * The path of the context's current value, read from the contexts themselves:
     * read from the JSON pointer, a key of digits was taken for an array's
     * position, and one beyond int's range failed the request with a 500 (audit).
     */
    private static String pathOf(JsonStreamContext context) {
        Deque<JsonStreamContext> outermostFirst = new ArrayDeque<>();
        for (JsonStreamContext step = context; step != null && !step.inRoot(); step = step.getParent()) {
            outermostFirst.push(step);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext step : outermostFirst) {
            if (step.inArray()) {
                path.append('[').append(step.getCurrentIndex() + 1).append(']');
            } else if (step.getCurrentName() != null && !(path.length() == 0 && step.getParent().inRoot()
                    && JsonMethod.named(step.getCurrentName()) != null)) {
                path.append(path.length() == 0 ? "" : ".").append(step.getCurrentName());
            }
        }
        return path.toString();
    }

    private static String where(JsonLocation at) {
        return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** The client's own keys, cut short and at most a few: two of 60,000 characters came back whole. */
    private static List<String> otherKeys(JsonNode root, String wanted) {
        List<String> keys = new ArrayList<>();
        int others = root.size() - 1;
        root.fieldNames().forEachRemaining(key -> {
            if (!key.equals(wanted) && keys.size() < MAX_ECHOED_KEYS) {
                keys.add("'" + Texts.cut(key, MAX_ECHOED_KEY_LENGTH) + "'");
            }
        });
        if (others > keys.size()) {
            keys.add("and " + (others - keys.size()) + " more");
        }
        return keys;
    }

    byte[] setting(MailingListPreference preference) {
        return write(settingNode(preference));
    }

    byte[] settings(List<MailingListPreference> preferences) {
        ArrayNode array = mapper.createArrayNode();
        preferences.forEach(preference -> array.add(settingNode(preference)));
        return write(array);
    }

    /** {"entries": [...newest first], "continuationToken": token or null} */
    byte[] history(HistoryPage page) {
        ArrayNode entries = mapper.createArrayNode();
        for (HistoryEntry entry : page.entries()) {
            MailingListPreference after = entry.after();
            entries.addObject()
                    .put("customer_key", text(entry.customerKey()))
                    .put("mailing_list_key", text(after.mailingListKey()))
                    .put("status_before", entry.statusBefore() == null ? null : entry.statusBefore().name())
                    .put("status", after.status().name())
                    .put("mailing_list_name", after.mailingListName())
                    .put("mailing_list_category", after.mailingListCategory())
                    .put("email_key", text(after.emailKey()))
                    .put("address_key", text(after.addressKey()))
                    .put("phone_key", text(after.phoneKey()))
                    .put("fax_key", text(after.faxKey()))
                    .put("changed_at", Timestamps.format(entry.change().at()))
                    .put("changed_by", entry.change().user())
                    .put("protocol", entry.change().protocol())
                    .put("correlation_id", entry.change().correlationId());
        }
        ObjectNode body = mapper.createObjectNode();
        body.set("entries", entries);
        return write(body.put("continuationToken", page.continuationToken()));
    }

    byte[] token(String token) {
        return write(mapper.createObjectNode().put("token", token));
    }

    /** The error body: {"error": message, "field": field or null}, and the correlation id where there is one. */
    byte[] error(String message, String field, String correlationId) {
        ObjectNode body = mapper.createObjectNode().put("error", message).put("field", field);
        if (correlationId != null) {
            body.put("correlationId", correlationId);
        }
        return write(body);
    }

    /** A setting with the contract's snake_case names in its order, null for what is absent. */
    private ObjectNode settingNode(MailingListPreference preference) {
        return mapper.createObjectNode()
                .put("mailing_list_key", text(preference.mailingListKey()))
                .put("mailing_list_name", preference.mailingListName())
                .put("mailing_list_category", preference.mailingListCategory())
                .put("status", preference.status().name())
                .put("email_key", text(preference.emailKey()))
                .put("address_key", text(preference.addressKey()))
                .put("phone_key", text(preference.phoneKey()))
                .put("fax_key", text(preference.faxKey()));
    }

    private byte[] write(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A tree of strings always serialises", e);
        }
    }

    private static String text(Guid key) {
        return key == null ? null : key.toString();
    }
}
