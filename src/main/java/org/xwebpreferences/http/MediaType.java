package org.xwebpreferences.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Content-Type as RFC 9110 (8.3.1) writes it: {@code type/subtype}, then
 * {@code ;name=value} parameters whose value is a token or a quoted string. A
 * {@code ;} inside quotes belongs to the value, so {@code action="urn:a;charset=x"}
 * names an action and no charset. The type and parameter names are lower case;
 * a name that appears twice keeps both values, for the caller to refuse.
 */
public record MediaType(String essence, Map<String, List<String>> parameters) {

    public static MediaType parse(String header) {
        List<String> parts = splitOutsideQuotes(header == null ? "" : header);
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String part : parts.subList(1, parts.size())) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parameters.computeIfAbsent(part.substring(0, equals).strip().toLowerCase(Locale.ROOT),
                        name -> new ArrayList<>()).add(unquote(part.substring(equals + 1).strip()));
            }
        }
        return new MediaType(parts.get(0).strip().toLowerCase(Locale.ROOT), parameters);
    }

    /** The values of a parameter, in order; empty when it is absent. */
    public List<String> values(String name) {
        return parameters.getOrDefault(name, List.of());
    }

    private static List<String> splitOutsideQuotes(String header) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (quoted && c == '\\' && i + 1 < header.length()) {
                part.append(c).append(header.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString());
        return parts;
    }

    /** A quoted string's content with its escapes undone (an unclosed one runs to the end); a token as it is. */
    private static String unquote(String value) {
        if (!value.startsWith("\"")) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                out.append(value.charAt(++i));
            } else if (c == '"') {
                break;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
