package org.xwebpreferences.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuidTest {

    private static final String KEY = "fadff57b-c6ef-4130-be1e-07000a38056f";

    @ParameterizedTest
    @ValueSource(strings = {
        "fadff57b-c6ef-4130-be1e-07000a38056f",
        "FADFF57B-C6EF-4130-BE1E-07000A38056F",
        "FadFF57b-c6EF-4130-bE1e-07000A38056f",
        "{FADFF57B-C6EF-4130-BE1E-07000A38056F}",
        "{fadff57b-c6ef-4130-be1e-07000a38056f}",
        "  fadff57b-c6ef-4130-be1e-07000a38056f\t",
        "\n{FADFF57B-C6EF-4130-BE1E-07000A38056F} "
    })
    void acceptsAnyCaseBracesAndSurroundingWhitespaceAndWritesLowerCaseWithoutBraces(String text) {
        assertThat(Guid.parse("customerKey", text).toString()).isEqualTo(KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00a0", "\u2007", "\u202f", "\u0085", "\u3000", "\u2028", "\u000b"})
    void acceptsUnicodeWhiteSpaceAroundAKeyAsDotNetsGuidParseDoes(String space) {
        assertThat(Guid.parse("customerKey", space + KEY + space).toString()).isEqualTo(KEY);
    }

    /** A key read from a file with Windows line ends keeps its carriage return: .NET's Guid.Parse takes it. */
    @ParameterizedTest
    @ValueSource(strings = {"\r", "\r\n", "\u000c"})
    void acceptsACarriageReturnAndTheOtherControlWhiteSpaceAroundAKey(String space) {
        assertThat(Guid.parse("customerKey", space + KEY + space).toString()).isEqualTo(KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u001c", "\u001f", "\u200b", "\ufeff"})
    void refusesSeparatorsAndZeroWidthCharactersAroundAKeyWhichAreNotWhiteSpace(String character) {
        assertThatThrownBy(() -> Guid.parse("customerKey", character + KEY))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.field()).isEqualTo("customerKey"))
                .hasMessageEndingWith("is not a GUID (expected 8-4-4-4-12 hex digits)");
        assertThatThrownBy(() -> Guid.parse("customerKey", character))
                .hasMessageEndingWith("is not a GUID (expected 8-4-4-4-12 hex digits)");
    }

    @Test
    void equalKeysInDifferentSpellingsAreEqual() {
        assertThat(Guid.parse("a", "{" + KEY.toUpperCase() + "}")).isEqualTo(Guid.parse("b", KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "fadff57b-c6ef-4130-be1e-07000a38056",     // 35 characters
        "fadff57b-c6ef-4130-be1e-07000a38056f0",   // 37 characters
        "fadff57bc6ef4130be1e07000a38056f",        // no hyphens
        "fadff57b-c6ef-4130-be1e07000a38056f0",    // last hyphen missing, length kept
        "fadff57-bc6ef-4130-be1e-07000a38056f",    // first hyphen misplaced
        "fadff57b-c6ef-4130-be1e-07000a38056g",    // g is not hex
        "fadff57b-c6ef-4130-be1e-07000a38056 ",    // a digit short once the space is stripped
        "fadff57b+c6ef-4130-be1e-07000a38056f",
        "{fadff57b-c6ef-4130-be1e-07000a38056f",   // unbalanced braces
        "fadff57b-c6ef-4130-be1e-07000a38056f}",
        "{{fadff57b-c6ef-4130-be1e-07000a38056f}}",
        "{ fadff57b-c6ef-4130-be1e-07000a38056f }",
        "(fadff57b-c6ef-4130-be1e-07000a38056f)",
        "fadff57b-c6ef-4130-be1e-07000a38056\uff46", // full-width f
        "?"
    })
    void rejectsWhatIsNotAGuidNamingTheFieldAndQuotingTheValue(String text) {
        assertThatThrownBy(() -> Guid.parse("preferences[1].email_key", text))
                .isInstanceOfSatisfying(XwebError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
                    assertThat(e.field()).isEqualTo("preferences[1].email_key");
                })
                .hasMessage("preferences[1].email_key: '" + text
                        + "' is not a GUID (expected 8-4-4-4-12 hex digits)");
    }

    @Test
    void rejectsTheQuestionMarkOfTheSeedSample() {
        assertThatThrownBy(() -> Guid.parse("customerKey", "?"))
                .hasMessage("customerKey: '?' is not a GUID (expected 8-4-4-4-12 hex digits)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t "})
    void rejectsEmptyOrBlankAsRequired(String text) {
        assertThatThrownBy(() -> Guid.parse("customerKey", text))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.field()).isEqualTo("customerKey"))
                .hasMessage("customerKey: is required");
    }

    @Test
    void blankOptionalKeyIsAbsent() {
        assertThat(Guid.parseOptional("fax_key", "  \n")).isNull();
    }

    @Test
    void rejectsNullAsRequired() {
        assertThatThrownBy(() -> Guid.parse("preferenceTypeKey", null))
                .hasMessage("preferenceTypeKey: is required");
    }

    @Test
    void optionalKeyIsNullWhenAbsentOrEmpty() {
        assertThat(Guid.parseOptional("fax_key", null)).isNull();
        assertThat(Guid.parseOptional("fax_key", "")).isNull();
    }

    @Test
    void optionalKeyIsStillValidatedWhenPresent() {
        assertThat(Guid.parseOptional("fax_key", KEY.toUpperCase())).hasToString(KEY);
        assertThatThrownBy(() -> Guid.parseOptional("fax_key", "nope"))
                .hasMessage("fax_key: 'nope' is not a GUID (expected 8-4-4-4-12 hex digits)");
    }

    @Test
    void quotesAControlCharacterEscapedInTheMessage() {
        assertThatThrownBy(() -> Guid.parse("customerKey", "a\u0001b"))
                .hasMessage("customerKey: 'a\\u0001b' is not a GUID (expected 8-4-4-4-12 hex digits)");
    }

    @Test
    void ordersLikeTheLowerCaseTextEvenWhenTheFirstHexDigitIsEightOrMore() {
        // Signed comparison of the high 64 bits would put every 8..f key before every 0..7 key.
        List<String> texts = List.of(
                "ffffffff-0000-0000-0000-000000000000",
                "80000000-0000-0000-0000-000000000000",
                "7fffffff-ffff-ffff-ffff-ffffffffffff",
                "00000000-0000-0000-8000-000000000000",
                "00000000-0000-0000-7fff-ffffffffffff",
                "00000000-0000-0000-0000-000000000000",
                "a0000000-0000-0000-0000-000000000001",
                "a0000000-0000-0000-f000-000000000000");
        List<Guid> keys = new ArrayList<>();
        for (String text : texts) {
            keys.add(Guid.parse("k", text.toUpperCase()));
        }
        keys.sort(null);
        assertThat(keys).extracting(Guid::toString).containsExactlyElementsOf(texts.stream().sorted().toList());
    }

    @Test
    void compareToIsZeroOnlyForEqualKeys() {
        Guid a = Guid.parse("k", KEY);
        assertThat(a.compareTo(Guid.parse("k", "{" + KEY.toUpperCase() + "}"))).isZero();
        assertThat(a.compareTo(Guid.parse("k", "fadff57b-c6ef-4130-be1e-07000a380570"))).isNegative();
    }
}
