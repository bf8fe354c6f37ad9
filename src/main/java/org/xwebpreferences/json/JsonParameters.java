package org.xwebpreferences.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xwebpreferences.core.PreferenceInput;
import org.xwebpreferences.core.XwebError;

/**
 * A method's parameters as the client sent them, read with the types the
 * contract gives them: strings (or null), and the preferences array of
 * setting objects. A wrong type or an unknown name is an error naming it.
 */
final class JsonParameters {

    private static final List<String> SETTING_FIELDS = List.of("mailing_list_key", "mailing_list_name",
            "mailing_list_category", "status", "email_key", "address_key", "phone_key", "fax_key");

    private final Map<String, JsonNode> values;

    private JsonParameters(Map<String, JsonNode> values) {
        this.values = values;
    }

    /** Parameters from a JSON object; names outside the method's parameters are refused. */
    static JsonParameters of(JsonNode object, JsonMethod method, String where) {
        if (object == null || !object.isObject()) {
            throw XwebError.invalid(where, "must be a JSON object of the parameters of " + method.wireName());
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            values.put(known(field.getKey(), method), field.getValue());
        }
        return new JsonParameters(values);
    }

    /** Parameters from a query string, already decoded. */
    static JsonParameters ofQuery(Map<String, String> query, JsonMethod method) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            values.put(known(parameter.getKey(), method), TextNode.valueOf(parameter.getValue()));
        }
        return new JsonParameters(values);
    }

    private static String known(String name, JsonMethod method) {
        if (!method.parameters().contains(name)) {
            throw XwebError.invalid(name, "is not a parameter of " + method.wireName()
                    + " (expected " + String.join(", ", method.parameters().stream().sorted().toList()) + ")");
        }
        return name;
    }

    /** A string parameter; null where absent or null. */
    String string(String name) {
        return string(values.get(name), name);
    }

    /**
     * A count such as pageSize: a string as in SOAP, or, as JSON clients write
     * a number, a whole JSON number, given as its digits; null where absent or null.
     */
    String count(String name) {
        JsonNode node = values.get(name);
        if (node != null && node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node != null && node.isNumber()) {
            // JSON has one kind of number: 2.0 and 2E0 are 2 too, as Python writes a float that holds it (audit).
            // Read as a double: 1E400 is infinite (BigDecimal refused it with a 500: review), and a whole
            // number past a long's range is out of any count's range anyway.
            double value = node.doubleValue();
            if (Double.isFinite(value) && value != Math.rint(value)) {
                throw XwebError.invalid(name, "must be a whole number, not " + node.asText());
            }
            if (Double.isInfinite(value)) { // nor quoted as the double it became: "Infinity" for 1E400 (review)
                throw XwebError.invalid(name, "must be a whole number of at most 18 digits");
            }
            // As digits, so that 1E18 is told the count's range as 1000000000000000000 is (audit).
            return BigDecimal.valueOf(value).toBigInteger().toString();
        }
        if (node != null && !node.isNull() && !node.isTextual()) {
            throw XwebError.invalid(name, "must be a whole number or a string, not " + describe(node));
        }
        return string(node, name);
    }

    /** The preferences array as unvalidated inputs; an absent or null array is an empty list. */
    List<PreferenceInput> preferences() {
        JsonNode array = values.get("preferences");
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw XwebError.invalid("preferences", "must be an array of MailingListSetting objects");
        }
        List<PreferenceInput> inputs = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            inputs.add(setting(array.get(i), "preferences[" + (i + 1) + "]"));
        }
        return inputs;
    }

    private static PreferenceInput setting(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null; // the validator names it
        }
        if (!node.isObject()) {
            throw XwebError.invalid(path, "must be a MailingListSetting object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SETTING_FIELDS.contains(name)) {
                throw XwebError.invalid(path + "." + name, "is not a field of MailingListSetting (expected "
                        + String.join(", ", SETTING_FIELDS) + ")");
            }
        }
        return new PreferenceInput(field(node, path, "mailing_list_key"), field(node, path, "mailing_list_name"),
                field(node, path, "mailing_list_category"), field(node, path, "status"),
                field(node, path, "email_key"), field(node, path, "address_key"), field(node, path, "phone_key"),
                field(node, path, "fax_key"));
    }

    private static String field(JsonNode setting, String path, String name) {
        return string(setting.get(name), path + "." + name);
    }

    private static String string(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw XwebError.invalid(field, "must be a string or null, not " + describe(node));
        }
        return node.textValue();
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
