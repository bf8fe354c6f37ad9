package org.xwebpreferences.core;

/**
 * One change of one preference: the status before (null where there was no
 * row), the whole setting after, and when, by whom and through what.
 */
public record HistoryEntry(
        long id,
        Guid customerKey,
        PreferenceStatus statusBefore,
        MailingListPreference after,
        ChangeRecord change) {
}
