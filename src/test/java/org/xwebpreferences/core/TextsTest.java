package org.xwebpreferences.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void quotesAShortValueAsItIs() {
        assertThat(Texts.quote("Opt In")).isEqualTo("'Opt In'");
        assertThat(Texts.quote("")).isEqualTo("''");
    }

    @Test
    void escapesControlCharactersAndDelete() {
        assertThat(Texts.quote("a\nb\u0000c\u007fd\te")).isEqualTo("'a\\u000ab\\u0000c\\u007fd\\u0009e'");
    }

    @Test
    void shortensALongValueToSixtyCharacters() {
        String value = "x".repeat(59) + "yz";
        assertThat(Texts.quote(value)).isEqualTo("'" + "x".repeat(59) + "y...'");
        assertThat(Texts.quote("x".repeat(60))).isEqualTo("'" + "x".repeat(60) + "'");
    }

    @Test
    void neverCutsACharacterInHalfWhenShortening() {
        String quoted = Texts.quote("x".repeat(59) + "😀😀");

        assertThat(Texts.firstUnstorableChar(quoted)).isEqualTo(-1);
        assertThat(quoted).endsWith("...'");
    }

    @Test
    void keepsNonAsciiText() {
        assertThat(Texts.quote("Grüße 😀")).isEqualTo("'Grüße 😀'");
    }

    @Test
    void findsNoUnstorableCharacterInOrdinaryText() {
        assertThat(Texts.firstUnstorableChar("")).isEqualTo(-1);
        assertThat(Texts.firstUnstorableChar("Instructors - Online")).isEqualTo(-1);
        assertThat(Texts.firstUnstorableChar("tab\tline\nreturn\r")).isEqualTo(-1);
        assertThat(Texts.firstUnstorableChar("emoji 😀 and Ω")).isEqualTo(-1);
        assertThat(Texts.firstUnstorableChar("\u007f\u0080\ufffd")).isEqualTo(-1);
    }

    @Test
    void findsControlCharactersOtherThanTabLineFeedAndReturn() {
        assertThat(Texts.firstUnstorableChar("ab\u0000")).isEqualTo(2);
        assertThat(Texts.firstUnstorableChar("\u0001")).isZero();
        assertThat(Texts.firstUnstorableChar("a\u001fb\u0000")).isEqualTo(1);
        assertThat(Texts.firstUnstorableChar("a\u000bb")).isEqualTo(1);
    }

    @Test
    void findsTheNonCharactersXmlCannotCarry() {
        assertThat(Texts.firstUnstorableChar("ab\ufffe")).isEqualTo(2);
        assertThat(Texts.firstUnstorableChar("\uffff")).isZero();
    }

    @Test
    void findsLoneSurrogates() {
        assertThat(Texts.firstUnstorableChar("a\ud83d")).isEqualTo(1);          // high at the end
        assertThat(Texts.firstUnstorableChar("a\ud83db")).isEqualTo(1);         // high before a non-low
        assertThat(Texts.firstUnstorableChar("ab\ude00")).isEqualTo(2);         // low without high
        assertThat(Texts.firstUnstorableChar("😀\ude00")).isEqualTo(2);          // low after a complete pair
    }
}
