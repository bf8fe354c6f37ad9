package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediaTypeTest {

    @Test
    void readsTheTypeInLowerCaseAndTokenOrQuotedParameters() {
        MediaType type = MediaType.parse(" Application/SOAP+XML ; Charset=UTF-8; action=\"urn:x\"");

        assertThat(type.essence()).isEqualTo("application/soap+xml");
        assertThat(type.values("charset")).containsExactly("UTF-8");
        assertThat(type.values("action")).containsExactly("urn:x");
        assertThat(type.values("boundary")).isEmpty();
    }

    @Test
    void aSemicolonInsideQuotesBelongsToTheValue() {
        MediaType type = MediaType.parse("text/xml; foo=\"x;charset=utf-16\"; action=\"urn:a;b=c\"");

        assertThat(type.values("charset")).isEmpty();
        assertThat(type.values("foo")).containsExactly("x;charset=utf-16");
        assertThat(type.values("action")).containsExactly("urn:a;b=c");
    }

    @Test
    void undoesEscapesInAQuotedStringAndKeepsARepeatedNameTwice() {
        MediaType type = MediaType.parse("text/xml; action=\"a\\\"b\\\\c\"; charset=utf-8; CHARSET=latin1");

        assertThat(type.values("action")).containsExactly("a\"b\\c");
        assertThat(type.values("charset")).isEqualTo(List.of("utf-8", "latin1"));
    }

    @Test
    void toleratesWhatIsNoParameterAndAnUnclosedQuote() {
        MediaType type = MediaType.parse("text/xml; foo; ; action=\"unclosed;still");

        assertThat(type.essence()).isEqualTo("text/xml");
        assertThat(type.parameters()).containsOnlyKeys("action");
        assertThat(type.values("action")).containsExactly("unclosed;still");
        assertThat(MediaType.parse(null).essence()).isEmpty();
    }

    /** A header cut short just after a backslash in a quoted value: the backslash is kept, and nothing throws. */
    @Test
    void aBackslashThatEndsTheHeaderIsKept() {
        assertThat(MediaType.parse("text/xml; action=\"urn:a\\").values("action")).containsExactly("urn:a\\");
    }
}
