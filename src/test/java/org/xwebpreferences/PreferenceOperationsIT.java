package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xwebpreferences.support.SoapClient.envelope;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.SoapResponse;
import org.xwebpreferences.support.TestServer;

/** What SetCustomerCommunicationPreferences stores, and what the two reads give back. */
class PreferenceOperationsIT {

    private static TestServer server;
    private static SoapClient client;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        client = server.client();
        token = client.authenticate(TestServer.USER, TestServer.PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void settingAPairAgainReplacesTheWholeRow() {
        String customer = key();
        String list = key();
        assertOk(set(customer, Envelopes.fullSetting(list, "Weekly news", "News", "OptIn", key(), key(), key(), key())));

        assertOk(set(customer, Envelopes.setting(list.toUpperCase(), "OptOut")));

        SoapResponse all = client.getAll(token, customer);
        assertThat(all.texts("//x:MailingListSetting")).hasSize(1);
        assertThat(all.text("//x:MailingListSetting/x:status")).isEqualTo("OptOut");
        assertThat(all.texts("//x:MailingListSetting/x:mailing_list_name")).isEmpty();
        assertThat(all.texts("//x:MailingListSetting/x:email_key")).isEmpty();
    }

    @Test
    void getAllIsOrderedByMailingListKeyAndHasKeysInLowerCase() {
        String customer = key();
        String low = "0" + key().substring(1);
        String high = "F" + key().substring(1).toUpperCase();
        assertOk(set(customer.toUpperCase(), Envelopes.setting(high, "OptIn"), Envelopes.setting("{" + low + "}", "OptOut")));

        SoapResponse all = client.getAll(token, "{" + customer + "}");

        assertThat(all.texts("//x:MailingListSetting/x:mailing_list_key")).containsExactly(low, high.toLowerCase());
    }

    @Test
    void getAllOfACustomerWithNothingStoredIsEmpty() {
        SoapResponse all = client.getAll(token, key());

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.texts("//x:GetAllCustomerCommunicationPreferencesResult")).containsExactly("");
    }

    @Test
    void getOneReturnsTheStoredSetting() {
        String customer = key();
        String list = key();
        String email = key();
        assertOk(set(customer, Envelopes.fullSetting(list, "Jobs &amp; careers", "Careers", "OptOut", email, key(), key(),
                key())));

        SoapResponse one = client.post(envelope(token, Envelopes.getOne(customer, list.toUpperCase())));

        assertThat(one.status()).isEqualTo(200);
        assertThat(one.text("//x:mailing_list_setting/x:mailing_list_key")).isEqualTo(list);
        assertThat(one.text("//x:mailing_list_setting/x:mailing_list_name")).isEqualTo("Jobs & careers");
        assertThat(one.text("//x:mailing_list_setting/x:status")).isEqualTo("OptOut");
        assertThat(one.text("//x:mailing_list_setting/x:email_key")).isEqualTo(email);
    }

    @Test
    void getOneOfAnUnknownListIsUndefinedForThatList() {
        String list = key();

        SoapResponse one = client.post(envelope(token, Envelopes.getOne(key(), "{" + list.toUpperCase() + "}")));

        assertThat(one.text("//x:mailing_list_setting/x:mailing_list_key")).isEqualTo(list);
        assertThat(one.text("//x:mailing_list_setting/x:status")).isEqualTo("Undefined");
        assertThat(one.texts("//x:mailing_list_setting/x:mailing_list_name")).isEmpty();
    }

    @Test
    void oneBadSettingRejectsTheWholeRequestAndNamesTheField() throws Exception {
        int before = server.preferenceRows();

        SoapResponse response = set(key(), Envelopes.setting(key(), "OptIn"), Envelopes.setting(key(), "Opt In"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString())
                .isEqualTo("preferences[2].status: 'Opt In' is not one of OptIn, OptOut, Undefined");
        assertThat(response.text("//x:FaultDetail/x:Field")).isEqualTo("preferences[2].status");
        assertThat(server.preferenceRows()).isEqualTo(before);
    }

    @Test
    void theSameListTwiceInOneRequestIsRejected() throws Exception {
        int before = server.preferenceRows();
        String list = key();

        SoapResponse response = set(key(), Envelopes.setting(list, "OptIn"), Envelopes.setting(list.toUpperCase(), "OptOut"));

        assertThat(response.faultString()).isEqualTo("preferences[2].mailing_list_key: mailing list " + list
                + " appears more than once in this request");
        assertThat(server.preferenceRows()).isEqualTo(before);
    }

    @Test
    void aMissingStatusIsRejectedNotStoredAsNull() throws Exception {
        int before = server.preferenceRows();

        SoapResponse response = set(key(), "<MailingListSetting><mailing_list_key>" + key()
                + "</mailing_list_key></MailingListSetting>");

        assertThat(response.faultString()).isEqualTo("preferences[1].status: is required (one of OptIn, OptOut, Undefined)");
        assertThat(server.preferenceRows()).isEqualTo(before);
    }

    /**
     * xWeb's WSDL makes the list's items nillable, so a .NET proxy sends a null entry of its array as
     * xsi:nil: it is named by its position, as JSON's null is, and the other settings are not stored.
     */
    @Test
    void aNilSettingAmongOthersIsRejectedByItsPosition() throws Exception {
        int before = server.preferenceRows();

        SoapResponse response = set(key(), Envelopes.setting(key(), "OptIn"), "<MailingListSetting"
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"/>");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).isEqualTo("preferences[2]: is null (or nil): each setting needs a"
                + " mailing_list_key and a status");
        assertThat(server.preferenceRows()).isEqualTo(before);
    }

    @Test
    void aMisspeltElementIsRejectedNotSkipped() throws Exception {
        int before = server.preferenceRows();

        SoapResponse response = set(key(), "<MailingListSetting><mailing_list_key>" + key()
                + "</mailing_list_key><status>OptIn</status><email_kye>" + key() + "</email_kye></MailingListSetting>");

        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).contains("preferences[1]").contains("email_kye");
        assertThat(server.preferenceRows()).isEqualTo(before);
    }

    @Test
    void anElementInNoNamespaceIsRejectedNotSkipped() throws Exception {
        int before = server.preferenceRows();
        String body = "<SetCustomerCommunicationPreferences xmlns=\"" + SoapClient.NS + "\"><customerKey xmlns=\"\">"
                + key() + "</customerKey><preferences>" + Envelopes.setting(key(), "OptIn") + "</preferences>"
                + "</SetCustomerCommunicationPreferences>";

        SoapResponse response = client.post(envelope(token, body));

        assertThat(response.faultCode()).isEqualTo("soap:Client");
        assertThat(response.faultString()).startsWith("customerKey: element 'customerKey' (in no namespace) must be in"
                + " namespace " + SoapClient.NS);
        assertThat(server.preferenceRows()).isEqualTo(before);
    }

    @Test
    void namesAreStoredAndReturnedExactly() {
        String customer = key();
        String list = key();
        String name = "Ünïcödé 😀 ' OR 1=1; -- <b>\"x\"</b>";
        String escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        assertOk(set(customer, Envelopes.fullSetting(list, escaped, "  spaced  ", "Undefined", key(), key(), key(), key())));

        SoapResponse all = client.getAll(token, customer);

        assertThat(all.text("//x:MailingListSetting/x:mailing_list_name")).isEqualTo(name);
        assertThat(all.text("//x:MailingListSetting/x:mailing_list_category")).isEqualTo("  spaced  ");
        assertThat(all.text("//x:MailingListSetting/x:status")).isEqualTo("Undefined");
    }

    private static SoapResponse set(String customer, String... settings) {
        return client.post(envelope(token, Envelopes.set(customer, settings)));
    }

    private static void assertOk(SoapResponse response) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
