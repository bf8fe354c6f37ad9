package org.xwebpreferences.core;

import java.util.List;
import java.util.Optional;

/**
 * Where preferences live. It is declared here, beside the service that needs
 * it, so that the core depends on no storage technology; the JDBC
 * implementation lives in the store package.
 */
public interface PreferenceStore {

    /**
     * Replaces the row of each (customer, mailing list) with the given setting
     * and appends a history entry for each row that changed, all in one
     * transaction: when this returns, the change is durable; when it throws,
     * nothing changed. A setting equal to the stored row writes nothing.
     */
    void upsert(PreferenceChange change, ChangeRecord record);

    /**
     * Every stored setting of the customer, ordered by mailing list key, each
     * claimed from the answer's room as it is read.
     */
    List<MailingListPreference> findAll(Guid customerKey, AnswerRoom room);

    /** Every stored setting of the customer, for a caller that answers no client with them. */
    default List<MailingListPreference> findAll(Guid customerKey) {
        return findAll(customerKey, AnswerRoom.UNBOUNDED);
    }

    Optional<MailingListPreference> find(Guid customerKey, Guid mailingListKey);
}
