package org.xwebpreferences.support;

import static org.xwebpreferences.support.SoapClient.NS;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Request bodies and fixtures for the xWeb operations, as raw XML. */
public final class Envelopes {

    public static final String SEED_TOKEN = "33d08c11-09ec-455d-a9f6-d308f8f2592d";

    private Envelopes() {
    }

    /** The bytes of a file under src/test/resources, unchanged. */
    public static byte[] fixture(String path) {
        try (InputStream in = Envelopes.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String set(String customerKey, String... settings) {
        return "<SetCustomerCommunicationPreferences xmlns=\"" + NS + "\"><customerKey>" + customerKey
                + "</customerKey><preferences>" + String.join("", settings) + "</preferences>"
                + "</SetCustomerCommunicationPreferences>";
    }

    /** A MailingListSetting with a key and a status only. */
    public static String setting(String listKey, String status) {
        return "<MailingListSetting><mailing_list_key>" + listKey + "</mailing_list_key><status>" + status
                + "</status></MailingListSetting>";
    }

    /** A MailingListSetting with every field. */
    public static String fullSetting(String listKey, String name, String category, String status, String emailKey,
                                     String addressKey, String phoneKey, String faxKey) {
        return "<MailingListSetting><mailing_list_key>" + listKey + "</mailing_list_key><mailing_list_name>" + name
                + "</mailing_list_name><mailing_list_category>" + category + "</mailing_list_category><status>"
                + status + "</status><email_key>" + emailKey + "</email_key><address_key>" + addressKey
                + "</address_key><phone_key>" + phoneKey + "</phone_key><fax_key>" + faxKey
                + "</fax_key></MailingListSetting>";
    }

    public static String getOne(String customerKey, String listKey) {
        return "<GetCustomerCommunicationPreference xmlns=\"" + NS + "\"><customerKey>" + customerKey
                + "</customerKey><preferenceTypeKey>" + listKey + "</preferenceTypeKey>"
                + "</GetCustomerCommunicationPreference>";
    }

    public static String authenticate(String user, String password) {
        return "<Authenticate xmlns=\"" + NS + "\"><userName>" + user + "</userName><password>" + password
                + "</password></Authenticate>";
    }

    /** The same content as a SOAP 1.2 envelope. */
    public static String envelope12(String token, String bodyContent) {
        String header = token == null ? ""
                : "<env:Header><AuthorizationToken xmlns=\"" + NS + "\"><Token>" + token
                        + "</Token></AuthorizationToken></env:Header>";
        return "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\">" + header + "<env:Body>"
                + bodyContent + "</env:Body></env:Envelope>";
    }
}
