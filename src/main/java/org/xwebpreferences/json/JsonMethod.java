package org.xwebpreferences.json;

import java.util.Set;

/** The xWeb methods offered as JSON, with the parameters each takes. */
enum JsonMethod {
    AUTHENTICATE("Authenticate", false, Set.of("userName", "password")),
    SET("SetCustomerCommunicationPreferences", false, Set.of("customerKey", "preferences")),
    GET_ALL("GetAllCustomerCommunicationPreferences", true, Set.of("customerKey")),
    GET_ONE("GetCustomerCommunicationPreference", true, Set.of("customerKey", "preferenceTypeKey")),
    HISTORY("GetCustomerCommunicationPreferenceHistory", true,
            Set.of("customerKey", "mailingListKey", "from", "to", "pageSize", "continuationToken"));

    private final String wireName;
    private final boolean allowsGet;
    private final Set<String> parameters;

    JsonMethod(String wireName, boolean allowsGet, Set<String> parameters) {
        this.wireName = wireName;
        this.allowsGet = allowsGet;
        this.parameters = parameters;
    }

    /** The method of that name, in any letter case as ASMX matches it, or null. */
    static JsonMethod named(String name) {
        for (JsonMethod method : values()) {
            if (method.wireName.equalsIgnoreCase(name)) {
                return method;
            }
        }
        return null;
    }

    String wireName() {
        return wireName;
    }

    /** GET with query parameters is offered for the methods whose parameters are all simple: the reads. */
    boolean allowsGet() {
        return allowsGet;
    }

    Set<String> parameters() {
        return parameters;
    }

    boolean needsToken() {
        return this != AUTHENTICATE;
    }
}
