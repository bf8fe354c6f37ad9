package org.xwebpreferences.soap;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.xml.ws.Holder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceInput;
import org.xwebpreferences.core.PreferenceStatus;
import org.xwebpreferences.core.PreferenceValidator;
import org.xwebpreferences.soap.generated.ArrayOfMailingListSetting;
import org.xwebpreferences.soap.generated.AuthorizationToken;
import org.xwebpreferences.soap.generated.MailingListSetting;

class SoapMappingTest {

    private static final String LIST = "b31c52e4-29c1-4a65-8c53-0626342c920d";
    private static final String EMAIL = "abc320db-863f-441a-8ab4-5fc827fc33c2";
    private static final String ADDRESS = "0f37de1d-a608-4ebc-bad1-7beaa3102f60";
    private static final String PHONE = "f46291d8-6b16-467f-97ef-fb16028a2b98";
    private static final String FAX = "bac08813-3231-4c42-942e-2e0d98608043";

    private static MailingListSetting wire(String key, String name, String category, String status,
                                           String email, String address, String phone, String fax) {
        MailingListSetting setting = new MailingListSetting();
        setting.setMailingListKey(key);
        setting.setMailingListName(name);
        setting.setMailingListCategory(category);
        setting.setStatus(status);
        setting.setEmailKey(email);
        setting.setAddressKey(address);
        setting.setPhoneKey(phone);
        setting.setFaxKey(fax);
        return setting;
    }

    private static Guid key(String text) {
        return Guid.parse("key", text);
    }

    @Test
    void anAbsentPreferencesArrayIsAnEmptyList() {
        assertThat(SoapMapping.inputs(null)).isEmpty();
        assertThat(SoapMapping.inputs(new ArrayOfMailingListSetting())).isEmpty();
    }

    @Test
    void mapsEveryWireFieldToItsOwnInputFieldAsSent() {
        ArrayOfMailingListSetting array = new ArrayOfMailingListSetting();
        array.getMailingListSetting().add(wire("K", "N", "C", "Opt In", "E", "A", "P", "F"));
        array.getMailingListSetting().add(wire(null, null, null, null, null, null, null, null));

        assertThat(SoapMapping.inputs(array)).containsExactly(
                new PreferenceInput("K", "N", "C", "Opt In", "E", "A", "P", "F"),
                new PreferenceInput(null, null, null, null, null, null, null, null));
    }

    @Test
    void writesEveryKeyInLowerCaseAndTheStatusByItsWireName() {
        MailingListPreference preference = new MailingListPreference(key("{" + LIST.toUpperCase() + "}"),
                "Instructors - Online", "Instructors", PreferenceStatus.OptOut, key(EMAIL.toUpperCase()),
                key(ADDRESS), key(PHONE.toUpperCase()), key("{" + FAX + "}"));

        MailingListSetting setting = SoapMapping.setting(preference);

        assertThat(setting.getMailingListKey()).isEqualTo(LIST);
        assertThat(setting.getMailingListName()).isEqualTo("Instructors - Online");
        assertThat(setting.getMailingListCategory()).isEqualTo("Instructors");
        assertThat(setting.getStatus()).isEqualTo("OptOut");
        assertThat(setting.getEmailKey()).isEqualTo(EMAIL);
        assertThat(setting.getAddressKey()).isEqualTo(ADDRESS);
        assertThat(setting.getPhoneKey()).isEqualTo(PHONE);
        assertThat(setting.getFaxKey()).isEqualTo(FAX);
    }

    @Test
    void leavesAbsentOptionalValuesAbsent() {
        MailingListSetting setting = SoapMapping.setting(MailingListPreference.undefined(key(LIST)));

        assertThat(setting.getMailingListKey()).isEqualTo(LIST);
        assertThat(setting.getStatus()).isEqualTo("Undefined");
        assertThat(setting.getMailingListName()).isNull();
        assertThat(setting.getMailingListCategory()).isNull();
        assertThat(setting.getEmailKey()).isNull();
        assertThat(setting.getAddressKey()).isNull();
        assertThat(setting.getPhoneKey()).isNull();
        assertThat(setting.getFaxKey()).isNull();
    }

    @Test
    void keepsTheOrderOfTheSettings() {
        List<MailingListPreference> preferences = List.of(MailingListPreference.undefined(key(PHONE)),
                MailingListPreference.undefined(key(EMAIL)), MailingListPreference.undefined(key(FAX)));

        assertThat(SoapMapping.settings(preferences).getMailingListSetting())
                .extracting(MailingListSetting::getMailingListKey).containsExactly(PHONE, EMAIL, FAX);
        assertThat(SoapMapping.settings(List.of()).getMailingListSetting()).isEmpty();
    }

    @Test
    void aPreferenceSurvivesTheWayToTheWireAndBack() {
        MailingListPreference preference = new MailingListPreference(key(LIST), "Name", null, PreferenceStatus.OptIn,
                key(EMAIL), null, key(PHONE), null);
        ArrayOfMailingListSetting wire = SoapMapping.settings(List.of(preference));

        MailingListPreference back = new PreferenceValidator(10)
                .validate(FAX, SoapMapping.inputs(wire)).settings().get(0);

        assertThat(back).isEqualTo(preference);
    }

    @Test
    void readsTheTokenFromTheHeaderHolder() {
        assertThat(SoapMapping.token(null)).isNull();
        assertThat(SoapMapping.token(new Holder<>())).isNull();
        assertThat(SoapMapping.token(new Holder<>(new AuthorizationToken()))).isNull();
        assertThat(SoapMapping.token(new Holder<>(SoapMapping.header("33d08c11-09ec-455d-a9f6-d308f8f2592d"))))
                .isEqualTo("33d08c11-09ec-455d-a9f6-d308f8f2592d");
    }
}
