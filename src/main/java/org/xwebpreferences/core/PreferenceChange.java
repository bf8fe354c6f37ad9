package org.xwebpreferences.core;

import java.util.List;

/** A validated SetCustomerCommunicationPreferences request: one setting per mailing list. */
public record PreferenceChange(Guid customerKey, List<MailingListPreference> settings) {

    public PreferenceChange {
        settings = List.copyOf(settings);
    }
}
