package org.xwebpreferences.core;

import java.time.Clock;
import java.util.List;

/**
 * The communication-preference operations, shared by the SOAP and JSON
 * endpoints. Each one first checks its input, without knowing who calls, and
 * gives back a {@link Checked} request that then runs for the caller: so an
 * endpoint can tell a client its input is wrong whatever its token.
 */
public final class PreferenceService {

    /** A request whose input has passed its checks, ready to run for a caller. */
    @FunctionalInterface
    public interface Checked<T> {
        T runFor(Caller caller);
    }

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

    /** Validates the whole request; run, it stores it, with its history, in one transaction. */
    public Checked<Void> set(String customerKey, List<PreferenceInput> preferences) {
        PreferenceChange change = validator.validate(customerKey, preferences);
        return caller -> {
            store.upsert(change, ChangeRecord.of(caller, clock.instant()));
            return null;
        };
    }

    /** A page of the customer's history, newest first; the parameters as the client sent them. */
    public Checked<HistoryPage> history(String customerKey, String mailingListKey, String from, String to,
                                        String pageSize, String continuationToken) {
        HistoryQuery query = HistoryRequests.parse(customerKey, mailingListKey, from, to, pageSize, continuationToken);
        return caller -> history.page(query);
    }

    /** Every setting of the customer, claimed from the room of the answer they are read for. */
    public Checked<List<MailingListPreference>> getAll(String customerKey, AnswerRoom room) {
        Guid customer = Guid.parse("customerKey", customerKey);
        return caller -> store.findAll(customer, room);
    }

    /** The stored setting, or status Undefined for that mailing list where none is stored. */
    public Checked<MailingListPreference> get(String customerKey, String mailingListKey) {
        Guid customer = Guid.parse("customerKey", customerKey);
        Guid list = Guid.parse("preferenceTypeKey", mailingListKey);
        return caller -> store.find(customer, list).orElseGet(() -> MailingListPreference.undefined(list));
    }
}
