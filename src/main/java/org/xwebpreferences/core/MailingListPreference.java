package org.xwebpreferences.core;

import java.util.Objects;

/**
 * A customer's validated setting for one mailing list. The optional keys and
 * texts are {@code null} where absent.
 */
public record MailingListPreference(
        Guid mailingListKey,
        String mailingListName,
        String mailingListCategory,
        PreferenceStatus status,
        Guid emailKey,
        Guid addressKey,
        Guid phoneKey,
        Guid faxKey) {

    public MailingListPreference {
        Objects.requireNonNull(mailingListKey, "mailingListKey");
        Objects.requireNonNull(status, "status");
    }

    /** What is answered for a mailing list with nothing stored. */
    public static MailingListPreference undefined(Guid mailingListKey) {
        return new MailingListPreference(mailingListKey, null, null, PreferenceStatus.Undefined, null, null, null, null);
    }
}
