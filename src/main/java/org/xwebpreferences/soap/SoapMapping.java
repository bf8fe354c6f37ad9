package org.xwebpreferences.soap;

import jakarta.xml.ws.Holder;
import java.util.ArrayList;
import java.util.List;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.HistoryEntry;
import org.xwebpreferences.core.HistoryPage;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceInput;
import org.xwebpreferences.core.Timestamps;
import org.xwebpreferences.soap.generated.ArrayOfMailingListSetting;
import org.xwebpreferences.soap.generated.ArrayOfPreferenceChange;
import org.xwebpreferences.soap.generated.AuthorizationToken;
import org.xwebpreferences.soap.generated.MailingListSetting;
import org.xwebpreferences.soap.generated.PreferenceChange;
import org.xwebpreferences.soap.generated.PreferenceHistoryPage;

/** Generated wire types to domain types and back: generated types go no further than the soap package. */
final class SoapMapping {

    /** Made once: finding the JAXP implementation is slow. */
    private static final DatatypeFactory DATATYPES = datatypeFactory();

    private SoapMapping() {
    }

    private static DatatypeFactory datatypeFactory() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException("The JDK's DatatypeFactory is missing", e);
        }
    }

    static String token(Holder<AuthorizationToken> header) {
        return header == null || header.value == null ? null : header.value.getToken();
    }

    static AuthorizationToken header(String token) {
        AuthorizationToken header = new AuthorizationToken();
        header.setToken(token);
        return header;
    }

    /**
     * The settings as sent; an absent array is an empty list, which the validator refuses, and a setting
     * sent as xsi:nil (the WSDL's items are nillable, as xWeb's are) is null, which it names.
     */
    static List<PreferenceInput> inputs(ArrayOfMailingListSetting preferences) {
        if (preferences == null) {
            return List.of();
        }
        List<PreferenceInput> inputs = new ArrayList<>(preferences.getMailingListSetting().size());
        for (MailingListSetting setting : preferences.getMailingListSetting()) {
            if (setting == null) {
                inputs.add(null);
                continue;
            }
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

    /** A page of history, with changed_at as an xsd:dateTime in UTC. */
    static PreferenceHistoryPage history(HistoryPage page) {
        ArrayOfPreferenceChange entries = new ArrayOfPreferenceChange();
        for (HistoryEntry entry : page.entries()) {
            entries.getPreferenceChange().add(change(entry));
        }
        PreferenceHistoryPage wire = new PreferenceHistoryPage();
        wire.setEntries(entries);
        wire.setContinuationToken(page.continuationToken());
        return wire;
    }

    private static PreferenceChange change(HistoryEntry entry) {
        MailingListPreference after = entry.after();
        PreferenceChange change = new PreferenceChange();
        change.setCustomerKey(text(entry.customerKey()));
        change.setMailingListKey(text(after.mailingListKey()));
        change.setStatusBefore(entry.statusBefore() == null ? null : entry.statusBefore().name());
        change.setStatus(after.status().name());
        change.setMailingListName(after.mailingListName());
        change.setMailingListCategory(after.mailingListCategory());
        change.setEmailKey(text(after.emailKey()));
        change.setAddressKey(text(after.addressKey()));
        change.setPhoneKey(text(after.phoneKey()));
        change.setFaxKey(text(after.faxKey()));
        // From the ISO text, which keeps the microseconds a GregorianCalendar would drop.
        change.setChangedAt(DATATYPES.newXMLGregorianCalendar(Timestamps.format(entry.change().at())));
        change.setChangedBy(entry.change().user());
        change.setProtocol(entry.change().protocol());
        change.setCorrelationId(entry.change().correlationId());
        return change;
    }

    private static String text(Guid key) {
        return key == null ? null : key.toString();
    }
}
