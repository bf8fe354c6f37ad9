package org.xwebpreferences.core;

/**
 * One MailingListSetting as a client sent it, before validation: every
 * transport maps its wire form to this, so the rules live once, in
 * {@link PreferenceValidator}.
 */
public record PreferenceInput(
        String mailingListKey,
        String mailingListName,
        String mailingListCategory,
        String status,
        String emailKey,
        String addressKey,
        String phoneKey,
        String faxKey) {
}
