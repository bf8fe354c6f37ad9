package org.xwebpreferences.core;

import java.time.Clock;
import java.util.List;

/** The communication-preference operations, shared by the SOAP and JSON endpoints. */
public final class PreferenceService {

    private final PreferenceStore store;
    private final PreferenceHistory history;
    private final PreferenceValidator validator;
    private final Clock clock;

    public PreferenceService(PreferenceStore store, PreferenceHistory history, PreferenceValidator validator,
                             Clock clock) {
        this.store = store;
        this.history = history;
        this.validator = validator;
        this.clock = clock;
    }

    /** Validates the whole request, then stores it, with its history, in one transaction. */
    public void set(Caller caller, String customerKey, List<PreferenceInput> preferences) {
        PreferenceChange change = validator.validate(customerKey, preferences);
        store.upsert(change, ChangeRecord.of(caller, clock.instant()));
    }

    /** A page of the customer's history, newest first; the parameters as the client sent them. */
    public HistoryPage history(String customerKey, String mailingListKey, String from, String to, String pageSize,
                               String continuationToken) {
        return history.page(HistoryRequests.parse(customerKey, mailingListKey, from, to, pageSize, continuationToken));
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
