package org.xwebpreferences.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
    void cutsTextLongerThanTheLimitAndLeavesShorterTextAlone() {
        assertThat(Texts.cut("abcdef", 6)).isEqualTo("abcdef");
        assertThat(Texts.cut("abcdefg", 6)).isEqualTo("abcdef...");
        assertThat(Texts.cut("ab😀😀", 3)).isEqualTo("ab😀...");
    }

    @Test
    void masksEveryPasswordAJdbcUrlCanHold() {
        assertThat(Texts.maskUrlSecrets("Unable to obtain connection from database"
                + " (jdbc:postgresql://app:pw1@db:5432/x?sslpassword=pw2&Password=pw3&user=app) for user 'app'"))
                .isEqualTo("Unable to obtain connection from database"
                        + " (jdbc:postgresql://app:****@db:5432/x?sslpassword=****&Password=****&user=app) for user 'app'");
        assertThat(Texts.maskUrlSecrets("jdbc:h2:file:/d/x;CIPHER=AES;FILE_PASSWORD=pw4;CACHE_SIZE=1"))
                .isEqualTo("jdbc:h2:file:/d/x;CIPHER=AES;FILE_PASSWORD=****;CACHE_SIZE=1");
        assertThat(Texts.maskUrlSecrets("unknown host 'app:pw5@db'")).isEqualTo("unknown host 'app:****@db'");
        assertThat(Texts.maskUrlSecrets("database (jdbc:postgresql://db/x?password=Abc;D)ef1) for user 'app': refused"))
                .as("the driver splits a query at '&' only (code review); the closing ')' goes with it")
                .isEqualTo("database (jdbc:postgresql://db/x?password=**** for user 'app': refused");
        assertThat(Texts.maskUrlSecrets("db-url=jdbc:postgresql://db/x?ssl=true&password=Ab).cd9,e&user=app"))
                .isEqualTo("db-url=jdbc:postgresql://db/x?ssl=true&password=****&user=app");
        assertThat(Texts.maskUrlSecrets("jdbc:h2:/d/x;USER=app;PASSWORD=ab&c)d;CACHE_SIZE=1"))
                .as("H2 splits at ';' only").isEqualTo("jdbc:h2:/d/x;USER=app;PASSWORD=****;CACHE_SIZE=1");
        assertThat(Texts.maskUrlSecrets("jdbc:postgresql://db:5432/x and http://host:8080/y"))
                .as("no password there").isEqualTo("jdbc:postgresql://db:5432/x and http://host:8080/y");
    }

    @Test
    void keepsNonAsciiText() {
        assertThat(Texts.quote("Grüße 😀")).isEqualTo("'Grüße 😀'");
    }

    /** The C1 controls, U+0080 to U+009F, show as nothing, as the C0 ones do: an error message escapes all of them. */
    @Test
    void escapesTheC1ControlCharactersToTheLastOne() {
        assertThat(Texts.quote("a\u0080b\u009fc\u00a1")).isEqualTo("'a\\u0080b\\u009fc\u00a1'");
        assertThat(Texts.isHidden(0x9f)).isTrue();
        assertThat(Texts.isHidden(0xa1)).isFalse();
    }

    @Test
    void escapesWhatDoesNotShowAsItself() {
        assertThat(Texts.quote("a\u00a0b\u200bc\u202ed\u2028e\u0085f\ufeffg\u3000h"))
                .isEqualTo("'a\\u00a0b\\u200bc\\u202ed\\u2028e\\u0085f\\ufeffg\\u3000h'");
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

    @Test
    void validTextIsTextThatDecodesWithoutAStandInCharacterAlsoPastTheDecodersBuffer() {
        byte[] long1 = ("caf\u00e9 \uD83D\uDE00 ".repeat(2_000)).getBytes(StandardCharsets.UTF_8);
        byte[] overlongAtTheEnd = java.util.Arrays.copyOf(long1, long1.length + 2);
        overlongAtTheEnd[long1.length] = (byte) 0xc0;
        overlongAtTheEnd[long1.length + 1] = (byte) 0xbc; // an overlong '<'

        assertThat(Texts.isValid(long1, StandardCharsets.UTF_8)).isTrue();
        assertThat(Texts.isValid(overlongAtTheEnd, StandardCharsets.UTF_8)).isFalse();
        assertThat(Texts.isValid(new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                StandardCharsets.UTF_8)).as("above U+10FFFF").isFalse();
        assertThat(Texts.isValid(new byte[] {'a', (byte) 0xe2, (byte) 0x82}, StandardCharsets.UTF_8))
                .as("cut short").isFalse();
        assertThat(Texts.isValid(new byte[] {(byte) 0xe9}, StandardCharsets.ISO_8859_1)).isTrue();
        assertThat(Texts.isValid(new byte[0], StandardCharsets.UTF_8)).isTrue();
    }
}
