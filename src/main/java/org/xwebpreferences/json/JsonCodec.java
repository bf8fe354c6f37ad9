package org.xwebpreferences.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.XwebError;

/** JSON in and out: one configured mapper, built once, shared by every request. */
final class JsonCodec {

    private final ObjectMapper mapper;

    JsonCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxStringLength(64 * 1024)
                        .maxNumberLength(64)
                        .build())
                // {"customerKey": "a", "customerKey": "b"} is a mistake, not a choice of the last one.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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
        JsonNode wrapped = root.size() == 1 ? root.get(method.wireName()) : null;
        return wrapped != null
                ? JsonParameters.of(wrapped, method, method.wireName())
                : JsonParameters.of(root, method, "body");
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw XwebError.invalid("body", "is empty: send {\"Method\": {parameters}}");
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw XwebError.invalid("body", "malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw XwebError.invalid("body", "could not be read as JSON");
        }
    }

    byte[] setting(MailingListPreference preference) {
        return write(settingNode(preference));
    }

    byte[] settings(List<MailingListPreference> preferences) {
        ArrayNode array = mapper.createArrayNode();
        preferences.forEach(preference -> array.add(settingNode(preference)));
        return write(array);
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
