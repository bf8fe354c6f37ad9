package org.xwebpreferences.soap;

import jakarta.xml.ws.Holder;
import java.util.ArrayList;
import java.util.List;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceInput;
import org.xwebpreferences.soap.generated.ArrayOfMailingListSetting;
import org.xwebpreferences.soap.generated.AuthorizationToken;
import org.xwebpreferences.soap.generated.MailingListSetting;

/** Generated wire types to domain types and back: generated types go no further than the soap package. */
final class SoapMapping {

    private SoapMapping() {
    }

    static String token(Holder<AuthorizationToken> header) {
        return header == null || header.value == null ? null : header.value.getToken();
    }

    static AuthorizationToken header(String token) {
        AuthorizationToken header = new AuthorizationToken();
        header.setToken(token);
        return header;
    }

    /** The settings as sent; an absent array is an empty list, which the validator refuses. */
    static List<PreferenceInput> inputs(ArrayOfMailingListSetting preferences) {
        if (preferences == null) {
            return List.of();
        }
        List<PreferenceInput> inputs = new ArrayList<>(preferences.getMailingListSetting().size());
        for (MailingListSetting setting : preferences.getMailingListSetting()) {
            inputs.add(new PreferenceInput(setting.getMailingListKey(), setting.getMailingListName(),
                    setting.getMailingListCategory(), setting.getStatus(), setting.getEmailKey(),
                    setting.getAddressKey(), setting.getPhoneKey(), setting.getFaxKey()));
        }
        return inputs;
    }

    static ArrayOfMailingListSetting settings(List<MailingListPreference> preferences) {
        ArrayOfMailingListSetting array = new ArrayOfMailingListSetting();
        for (MailingListPreference preference : preferences) {
            array.getMailingListSetting().add(setting(preference));
        }
        return array;
    }

    static MailingListSetting setting(MailingListPreference preference) {
        MailingListSetting setting = new MailingListSetting();
        setting.setMailingListKey(text(preference.mailingListKey()));
        setting.setMailingListName(preference.mailingListName());
        setting.setMailingListCategory(preference.mailingListCategory());
        setting.setStatus(preference.status().name());
        setting.setEmailKey(text(preference.emailKey()));
        setting.setAddressKey(text(preference.addressKey()));
        setting.setPhoneKey(text(preference.phoneKey()));
        setting.setFaxKey(text(preference.faxKey()));
        return setting;
    }

    private static String text(Guid key) {
        return key == null ? null : key.toString();
    }
}
