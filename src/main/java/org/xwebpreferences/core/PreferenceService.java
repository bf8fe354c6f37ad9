package org.xwebpreferences.core;

import java.time.Clock;
import java.util.List;

/** The communication-preference operations, shared by the SOAP and JSON endpoints. */
public final class PreferenceService {

    private final PreferenceStore store;
    private final PreferenceValidator validator;
    private final Clock clock;

    public PreferenceService(PreferenceStore store, PreferenceValidator validator, Clock clock) {
        this.store = store;
        this.validator = validator;
        this.clock = clock;
    }

    /** Validates the whole request, then stores it in one transaction on behalf of {@code xwebUser}. */
    public void set(String xwebUser, String customerKey, List<PreferenceInput> preferences) {
        PreferenceChange change = validator.validate(customerKey, preferences);
        store.upsert(change, clock.instant(), xwebUser);
    }

    public List<MailingListPreference> getAll(String customerKey) {
        return store.findAll(Guid.parse("customerKey", customerKey));
    }

    /** The stored setting, or status Undefined for that mailing list where none is stored. */
    public MailingListPreference get(String customerKey, String mailingListKey) {
        Guid customer = Guid.parse("customerKey", customerKey);
        Guid list = Guid.parse("preferenceTypeKey", mailingListKey);
        return store.find(customer, list).orElseGet(() -> MailingListPreference.undefined(list));
    }
}
