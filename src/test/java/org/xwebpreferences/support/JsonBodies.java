package org.xwebpreferences.support;

import static org.xwebpreferences.support.JsonClient.quote;

/** Request bodies for JSON over xWeb, in the wrapped form of the seed's sample: {"Method": {parameters}}. */
public final class JsonBodies {

    public static final String SET = "SetCustomerCommunicationPreferences";
    public static final String GET_ALL = "GetAllCustomerCommunicationPreferences";
    public static final String GET_ONE = "GetCustomerCommunicationPreference";
    public static final String AUTHENTICATE = "Authenticate";

    private JsonBodies() {
    }

    /** {"method": parameters}, the parameters given as a JSON object text. */
    public static String wrap(String method, String parameters) {
        return "{" + quote(method) + ": " + parameters + "}";
    }

    /** The parameters object of a Set, settings given as JSON texts. */
    public static String setParameters(String customerKey, String... settings) {
        return "{\"customerKey\": " + quote(customerKey) + ", \"preferences\": [" + String.join(", ", settings) + "]}";
    }

    public static String set(String customerKey, String... settings) {
        return wrap(SET, setParameters(customerKey, settings));
    }

    /** A setting with a key and a status only. */
    public static String setting(String listKey, String status) {
        return "{\"mailing_list_key\": " + quote(listKey) + ", \"status\": " + quote(status) + "}";
    }

    /** A setting with every field; a null value is written as JSON null. */
    public static String fullSetting(String listKey, String name, String category, String status, String emailKey,
                                     String addressKey, String phoneKey, String faxKey) {
        return "{\"mailing_list_key\": " + value(listKey) + ", \"mailing_list_name\": " + value(name)
                + ", \"mailing_list_category\": " + value(category) + ", \"status\": " + value(status)
                + ", \"email_key\": " + value(emailKey) + ", \"address_key\": " + value(addressKey)
                + ", \"phone_key\": " + value(phoneKey) + ", \"fax_key\": " + value(faxKey) + "}";
    }

    public static String getAll(String customerKey) {
        return wrap(GET_ALL, "{\"customerKey\": " + quote(customerKey) + "}");
    }

    public static String getOne(String customerKey, String listKey) {
        return wrap(GET_ONE, "{\"customerKey\": " + quote(customerKey) + ", \"preferenceTypeKey\": " + quote(listKey) + "}");
    }

    public static String authenticate(String user, String password) {
        return wrap(AUTHENTICATE, "{\"userName\": " + quote(user) + ", \"password\": " + quote(password) + "}");
    }

    /** The setting object a read answers with, in the contract's field order; null for absent fields. */
    public static String expectedSetting(String listKey, String name, String category, String status, String emailKey,
                                         String addressKey, String phoneKey, String faxKey) {
        return "{\"mailing_list_key\":" + value(listKey) + ",\"mailing_list_name\":" + value(name)
                + ",\"mailing_list_category\":" + value(category) + ",\"status\":" + value(status)
                + ",\"email_key\":" + value(emailKey) + ",\"address_key\":" + value(addressKey)
                + ",\"phone_key\":" + value(phoneKey) + ",\"fax_key\":" + value(faxKey) + "}";
    }

    /** The answer for a mailing list with only a key and a status. */
    public static String expectedSetting(String listKey, String status) {
        return expectedSetting(listKey, null, null, status, null, null, null, null);
    }

    private static String value(String text) {
        return text == null ? "null" : quote(text);
    }
}
