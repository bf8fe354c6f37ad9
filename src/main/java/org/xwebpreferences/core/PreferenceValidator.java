package org.xwebpreferences.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules of SetCustomerCommunicationPreferences, for every transport. Each
 * error names the field the client sent, with settings counted from 1 as
 * XPath counts them: {@code preferences[2].status}.
 */
public final class PreferenceValidator {

    /** Longest mailing_list_name and mailing_list_category, in characters (code points). */
    public static final int MAX_TEXT_LENGTH = 255;

    private final int maxSettingsPerRequest;

    public PreferenceValidator(int maxSettingsPerRequest) {
        if (maxSettingsPerRequest < 1) {
            throw new IllegalArgumentException("maxSettingsPerRequest must be at least 1");
        }
        this.maxSettingsPerRequest = maxSettingsPerRequest;
    }

    /** Validates a whole request, stopping at the first error in wire order. */
    public PreferenceChange validate(String customerKey, List<PreferenceInput> preferences) {
        Guid customer = Guid.parse("customerKey", customerKey);
        if (preferences == null || preferences.isEmpty()) {
            throw XwebError.invalid("preferences", "at least one MailingListSetting is required");
        }
        if (preferences.size() > maxSettingsPerRequest) {
            throw XwebError.invalid("preferences", preferences.size()
                    + " settings exceed the limit of " + maxSettingsPerRequest + " per request");
        }
        List<MailingListPreference> settings = new ArrayList<>(preferences.size());
        Set<Guid> seen = new HashSet<>();
        for (int i = 0; i < preferences.size(); i++) {
            String prefix = "preferences[" + (i + 1) + "]";
            MailingListPreference setting = validateSetting(prefix, preferences.get(i));
            if (!seen.add(setting.mailingListKey())) {
                throw XwebError.invalid(prefix + ".mailing_list_key", "mailing list "
                        + setting.mailingListKey() + " appears more than once in this request");
            }
            settings.add(setting);
        }
        return new PreferenceChange(customer, settings);
    }

    private static MailingListPreference validateSetting(String prefix, PreferenceInput input) {
        if (input == null) {
            throw XwebError.invalid(prefix, "is null (or nil): each setting needs a mailing_list_key and a status");
        }
        return new MailingListPreference(
                Guid.parse(prefix + ".mailing_list_key", input.mailingListKey()),
                text(prefix + ".mailing_list_name", input.mailingListName()),
                text(prefix + ".mailing_list_category", input.mailingListCategory()),
                PreferenceStatus.parse(prefix + ".status", input.status()),
                Guid.parseOptional(prefix + ".email_key", input.emailKey()),
                Guid.parseOptional(prefix + ".address_key", input.addressKey()),
                Guid.parseOptional(prefix + ".phone_key", input.phoneKey()),
                Guid.parseOptional(prefix + ".fax_key", input.faxKey()));
    }

    /** An optional text, kept exactly as sent; empty counts as absent. */
    private static String text(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.codePointCount(0, value.length()) > MAX_TEXT_LENGTH) {
            throw XwebError.invalid(field, "is " + value.codePointCount(0, value.length())
                    + " characters long; the limit is " + MAX_TEXT_LENGTH);
        }
        int bad = Texts.firstUnstorableChar(value);
        if (bad >= 0) {
            // Locale.ROOT: in an Arabic or Thai locale the position would be written in other digits.
            throw XwebError.invalid(field, String.format(Locale.ROOT,
                    "contains a character that cannot be stored (U+%04X at position %d)", (int) value.charAt(bad),
                    value.codePointCount(0, bad) + 1));
        }
        return value;
    }
}
