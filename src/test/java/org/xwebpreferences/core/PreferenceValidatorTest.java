package org.xwebpreferences.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreferenceValidatorTest {

    private static final String CUSTOMER = "fadff57b-c6ef-4130-be1e-07000a38056f";
    private static final String LIST_1 = "b31c52e4-29c1-4a65-8c53-0626342c920d";
    private static final String LIST_2 = "6cc179ee-99c3-4b6b-8bab-36574550a5e5";
    private static final String LIST_3 = "0f37de1d-a608-4ebc-bad1-7beaa3102f60";
    private static final String EMAIL = "abc320db-863f-441a-8ab4-5fc827fc33c2";

    private final PreferenceValidator validator = new PreferenceValidator(3);

    private static PreferenceInput setting(String listKey, String status) {
        return new PreferenceInput(listKey, null, null, status, null, null, null, null);
    }

    private static PreferenceInput named(String name, String category) {
        return new PreferenceInput(LIST_1, name, category, "OptIn", null, null, null, null);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String customer, PreferenceInput... settings) {
        return assertThatThrownBy(() -> validator.validate(customer, Arrays.asList(settings)))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
    }

    private static void assertField(Throwable error, String field) {
        assertThat(((XwebError) error).field()).isEqualTo(field);
    }

    @Test
    void acceptsAFullSettingAndWritesEveryKeyInLowerCaseWithoutBraces() {
        PreferenceInput input = new PreferenceInput("{" + LIST_1.toUpperCase() + "}", "Instructors - Online",
                "Instructors", "OptOut", EMAIL.toUpperCase(), "{" + LIST_2 + "}", LIST_3.toUpperCase(), " " + CUSTOMER);

        PreferenceChange change = validator.validate("{" + CUSTOMER.toUpperCase() + "}", List.of(input));

        assertThat(change.customerKey()).hasToString(CUSTOMER);
        MailingListPreference setting = change.settings().get(0);
        assertThat(setting.mailingListKey()).hasToString(LIST_1);
        assertThat(setting.mailingListName()).isEqualTo("Instructors - Online");
        assertThat(setting.mailingListCategory()).isEqualTo("Instructors");
        assertThat(setting.status()).isEqualTo(PreferenceStatus.OptOut);
        assertThat(setting.emailKey()).hasToString(EMAIL);
        assertThat(setting.addressKey()).hasToString(LIST_2);
        assertThat(setting.phoneKey()).hasToString(LIST_3);
        assertThat(setting.faxKey()).hasToString(CUSTOMER);
    }

    @Test
    void keepsTheSettingsInRequestOrder() {
        PreferenceChange change = validator.validate(CUSTOMER,
                List.of(setting(LIST_3, "OptIn"), setting(LIST_1, "OptOut"), setting(LIST_2, "Undefined")));

        assertThat(change.settings()).extracting(s -> s.mailingListKey().toString()).containsExactly(LIST_3, LIST_1, LIST_2);
        assertThat(change.settings()).extracting(MailingListPreference::status)
                .containsExactly(PreferenceStatus.OptIn, PreferenceStatus.OptOut, PreferenceStatus.Undefined);
    }

    @Test
    void turnsEmptyOptionalStringsIntoAbsentValues() {
        PreferenceInput input = new PreferenceInput(LIST_1, "", "", "OptIn", "", "", "", "");

        MailingListPreference setting = validator.validate(CUSTOMER, List.of(input)).settings().get(0);

        assertThat(setting).isEqualTo(new MailingListPreference(Guid.parse("k", LIST_1), null, null,
                PreferenceStatus.OptIn, null, null, null, null));
    }

    @Test
    void namesCustomerKeyFirstWhenEveryValueIsAQuestionMarkAsInTheSeedSample() {
        PreferenceInput sample = new PreferenceInput("?", "?", "?", "?", "?", "?", "?", "?");

        assertRejected("?", sample)
                .satisfies(e -> assertField(e, "customerKey"))
                .hasMessage("customerKey: '?' is not a GUID (expected 8-4-4-4-12 hex digits)");
    }

    @Test
    void requiresTheCustomerKey() {
        assertRejected(null, setting(LIST_1, "OptIn")).hasMessage("customerKey: is required");
        assertRejected("", setting(LIST_1, "OptIn")).hasMessage("customerKey: is required");
    }

    @Test
    void requiresAtLeastOneSetting() {
        assertThatThrownBy(() -> validator.validate(CUSTOMER, List.of()))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.field()).isEqualTo("preferences"))
                .hasMessage("preferences: at least one MailingListSetting is required");
        assertThatThrownBy(() -> validator.validate(CUSTOMER, null))
                .hasMessage("preferences: at least one MailingListSetting is required");
    }

    @Test
    void checksTheCustomerKeyBeforeThePreferences() {
        assertThatThrownBy(() -> validator.validate("nope", List.of()))
                .hasMessageStartingWith("customerKey: 'nope'");
    }

    @Test
    void acceptsExactlyTheLimitOfSettings() {
        assertThat(validator.validate(CUSTOMER,
                List.of(setting(LIST_1, "OptIn"), setting(LIST_2, "OptIn"), setting(LIST_3, "OptIn"))).settings())
                .hasSize(3);
    }

    @Test
    void rejectsMoreSettingsThanTheLimit() {
        List<PreferenceInput> four = List.of(setting(LIST_1, "OptIn"), setting(LIST_2, "OptIn"),
                setting(LIST_3, "OptIn"), setting(EMAIL, "OptIn"));

        assertThatThrownBy(() -> validator.validate(CUSTOMER, four))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.field()).isEqualTo("preferences"))
                .hasMessage("preferences: 4 settings exceed the limit of 3 per request");
    }

    @Test
    void refusesALimitBelowOne() {
        assertThatThrownBy(() -> new PreferenceValidator(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSettingsPerRequest");
    }

    @Test
    void namesTheSettingCountedFromOneWithTheContractsExampleMessage() {
        assertRejected(CUSTOMER, setting(LIST_1, "OptIn"), setting(LIST_2, "Opt In"))
                .satisfies(e -> assertField(e, "preferences[2].status"))
                .hasMessage("preferences[2].status: 'Opt In' is not one of OptIn, OptOut, Undefined");
    }

    @Test
    void requiresTheMailingListKeyAndTheStatus() {
        assertRejected(CUSTOMER, setting(LIST_1, "OptIn"), setting(null, "OptIn"))
                .satisfies(e -> assertField(e, "preferences[2].mailing_list_key"))
                .hasMessage("preferences[2].mailing_list_key: is required");
        assertRejected(CUSTOMER, setting(LIST_1, null))
                .satisfies(e -> assertField(e, "preferences[1].status"))
                .hasMessage("preferences[1].status: is required (one of OptIn, OptOut, Undefined)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"email_key", "address_key", "phone_key", "fax_key"})
    void namesEachOptionalKeyByItsWireName(String field) {
        String bad = "not-a-guid";
        PreferenceInput input = new PreferenceInput(LIST_3, null, null, "OptIn",
                field.equals("email_key") ? bad : null, field.equals("address_key") ? bad : null,
                field.equals("phone_key") ? bad : null, field.equals("fax_key") ? bad : null);

        assertRejected(CUSTOMER, setting(LIST_1, "OptIn"), setting(LIST_2, "OptIn"), input)
                .satisfies(e -> assertField(e, "preferences[3]." + field))
                .hasMessage("preferences[3]." + field + ": 'not-a-guid' is not a GUID (expected 8-4-4-4-12 hex digits)");
    }

    @Test
    void reportsTheFirstErrorInWireOrder() {
        PreferenceInput badKeyAndStatus = new PreferenceInput("x", null, null, "y", "z", null, null, null);
        assertRejected(CUSTOMER, badKeyAndStatus).hasMessageStartingWith("preferences[1].mailing_list_key:");

        PreferenceInput badStatusAndEmail = new PreferenceInput(LIST_1, null, null, "y", "z", null, null, null);
        assertRejected(CUSTOMER, badStatusAndEmail).hasMessageStartingWith("preferences[1].status:");

        PreferenceInput badFax = new PreferenceInput(LIST_1, null, null, "OptIn", null, null, null, "z");
        assertRejected(CUSTOMER, badFax, setting("x", "y")).hasMessageStartingWith("preferences[1].fax_key:");
    }

    @Test
    void rejectsTheSameMailingListTwice() {
        assertRejected(CUSTOMER, setting(LIST_1, "OptIn"), setting(LIST_2, "OptIn"), setting(LIST_1, "OptOut"))
                .satisfies(e -> assertField(e, "preferences[3].mailing_list_key"))
                .hasMessage("preferences[3].mailing_list_key: mailing list " + LIST_1
                        + " appears more than once in this request");
    }

    @Test
    void rejectsTheSameMailingListWrittenInAnotherCaseOrInBraces() {
        assertRejected(CUSTOMER, setting(LIST_1, "OptIn"), setting(LIST_1.toUpperCase(), "OptOut"))
                .hasMessage("preferences[2].mailing_list_key: mailing list " + LIST_1
                        + " appears more than once in this request");
        assertRejected(CUSTOMER, setting("{" + LIST_2 + "}", "OptIn"), setting(LIST_2, "OptIn"))
                .hasMessage("preferences[2].mailing_list_key: mailing list " + LIST_2
                        + " appears more than once in this request");
    }

    @Test
    void rejectsANullSettingInTheList() {
        assertRejected(CUSTOMER, setting(LIST_1, "OptIn"), null)
                .satisfies(e -> assertField(e, "preferences[2]"))
                .hasMessage("preferences[2]: is null (or nil): each setting needs a mailing_list_key and a status");
    }

    @Test
    void acceptsTextOfExactly255Characters() {
        String name = "n".repeat(255);
        assertThat(validator.validate(CUSTOMER, List.of(named(name, name))).settings().get(0).mailingListName())
                .isEqualTo(name);
    }

    @Test
    void rejectsTextOver255Characters() {
        assertRejected(CUSTOMER, named("n".repeat(256), null))
                .satisfies(e -> assertField(e, "preferences[1].mailing_list_name"))
                .hasMessage("preferences[1].mailing_list_name: is 256 characters long; the limit is 255");
        assertRejected(CUSTOMER, named(null, "c".repeat(300)))
                .satisfies(e -> assertField(e, "preferences[1].mailing_list_category"))
                .hasMessage("preferences[1].mailing_list_category: is 300 characters long; the limit is 255");
    }

    @Test
    void countsCharactersNotUtf16UnitsSo255EmojiAreAccepted() {
        String emoji = "😀".repeat(255); // 510 UTF-16 units
        assertThat(validator.validate(CUSTOMER, List.of(named(emoji, null))).settings().get(0).mailingListName())
                .isEqualTo(emoji);
        assertRejected(CUSTOMER, named(emoji + "😀", null))
                .hasMessage("preferences[1].mailing_list_name: is 256 characters long; the limit is 255");
    }

    @Test
    void keepsTextExactlyAsSentIncludingTabsAndSurroundingSpaces() {
        String name = "  Grüße\tau revoir\r\n ";
        assertThat(validator.validate(CUSTOMER, List.of(named(name, null))).settings().get(0).mailingListName())
                .isEqualTo(name);
    }

    @Test
    void rejectsControlCharactersNamingTheCodeAndPosition() {
        assertRejected(CUSTOMER, named("ab\u0000", null))
                .satisfies(e -> assertField(e, "preferences[1].mailing_list_name"))
                .hasMessage("preferences[1].mailing_list_name: contains a character that cannot be stored"
                        + " (U+0000 at position 3)");
        assertRejected(CUSTOMER, named(null, "\u001b[31m"))
                .hasMessage("preferences[1].mailing_list_category: contains a character that cannot be stored"
                        + " (U+001B at position 1)");
    }

    @Test
    void rejectsALoneSurrogate() {
        assertRejected(CUSTOMER, named("a\ud83d", null))
                .hasMessage("preferences[1].mailing_list_name: contains a character that cannot be stored"
                        + " (U+D83D at position 2)");
    }

    @Test
    void countsThePositionOfAnUnstorableCharacterInCharacters() {
        assertRejected(CUSTOMER, named("😀\u0001", null))
                .hasMessage("preferences[1].mailing_list_name: contains a character that cannot be stored"
                        + " (U+0001 at position 2)");
    }

    @Test
    void theChangeCannotBeAlteredThroughTheInputList() {
        List<PreferenceInput> inputs = new ArrayList<>(List.of(setting(LIST_1, "OptIn")));
        PreferenceChange change = validator.validate(CUSTOMER, inputs);
        inputs.add(setting(LIST_2, "OptIn"));

        assertThat(change.settings()).hasSize(1);
        assertThatThrownBy(() -> change.settings().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    /** The message is the client's, whatever the server's locale: an Arabic one wrote the position as "١٢" (review). */
    @Test
    void theUnstorableCharactersPositionIsWrittenInAsciiDigitsWhateverTheServersLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(new Locale("ar", "EG"));
        try {
            PreferenceInput bad = new PreferenceInput("b31c52e4-29c1-4a65-8c53-0626342c920d",
                    "abcdefghijk\u0001", null, "OptIn", null, null, null, null);
            assertThatThrownBy(() -> new PreferenceValidator(10).validate("fadff57b-c6ef-4130-be1e-07000a38056f",
                    List.of(bad))).hasMessageContaining("(U+0001 at position 12)");
        } finally {
            Locale.setDefault(before);
        }
    }
}
