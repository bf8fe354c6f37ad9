package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xwebpreferences.support.CapturedLogs;

/** The wire dump shows what a client sent, but never a token or a password, never on two lines, and never much. */
class WireDumpTest {

    private static final String SECRET = "Sekr1tPassw0rdXYZ";
    private static final String NS = "http://www.avectra.com/2005/";

    private static String show(String body) {
        return WireDump.show(body.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void masksSoapTokensPasswordsAndAuthenticateResults() {
        String masked = show("<s:Envelope><s:Header><ns:AuthorizationToken><ns:Token>0f37de1d-a608-4ebc"
                + "</ns:Token></ns:AuthorizationToken></s:Header><s:Body><Authenticate><userName>crm</userName>"
                + "<password>p&amp;ss</password></Authenticate><AuthenticateResult>abc</AuthenticateResult>"
                + "</s:Body></s:Envelope>");

        assertThat(masked).contains("<ns:Token>****</ns:Token>", "<password>****</password>",
                "<AuthenticateResult>****</AuthenticateResult>", "<userName>crm</userName>")
                .doesNotContain("0f37de1d").doesNotContain("p&amp;ss").doesNotContain(">abc<");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<password><![CDATA[" + SECRET + "]]></password>", // as SoapUI users write a password with & or <
        "<password><![CDATA[x</password>" + SECRET + "]]></password>", // an end tag inside CDATA ends nothing
        "<password>Sekr1t<!---->Passw0rdXYZ</password>",
        "<password>Sekr1t<!-- </password> -->Passw0rdXYZ</password>",
        "<Password >" + SECRET + "</Password >",
        "<a:PASSWORD xmlns:a='urn:x'>" + SECRET + "</a:PASSWORD>",
        "<password>" + SECRET, // never closed
        "<password", // the tag itself cut
        "<password xmlns:q=\"urn:x/>\">" + SECRET + "</password>", // a quoted "/>" is no end of the tag
        "<p\u00b7w:password xmlns:p\u00b7w='urn:x'>" + SECRET + "</p\u00b7w:password>", // a middle dot in the prefix
        "<pa\u0301:password xmlns:pa\u0301='urn:x'>" + SECRET + "</pa\u0301:password>", // a combining accent
        "<pa\u017f\u017fword>" + SECRET + "</pa\u017f\u017fword>", // long s
    })
    void masksAPasswordHoweverTheElementIsWritten(String element) {
        String masked = show("<Authenticate xmlns='" + NS + "'><userName>crm</userName>" + element + "</Authenticate>");

        assertThat(masked).contains("<userName>crm</userName>").doesNotContain("Sekr1t").doesNotContain("XYZ");
    }

    @Test
    void masksATokenInCdataAndLeavesTheRestOfTheEnvelope() {
        String masked = show("<AuthorizationToken xmlns='" + NS + "'><Token><![CDATA[0f37de1d]]></Token>"
                + "</AuthorizationToken><customerKey>c-1</customerKey>");

        assertThat(masked).contains("<Token>****</Token>", "<customerKey>c-1</customerKey>").doesNotContain("0f37");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"Authenticate\":{\"userName\":\"crm\",\"password\" : \"se\\\"cret" + SECRET + "\"}}",
        "{\"Authenticate\":{\"userName\":\"crm\",\"pass\\u0077ord\":\"" + SECRET + "\"}}",
        "{\"Authenticate\":{\"userName\":\"crm\",\"Password\"\n:\n\"" + SECRET + "\"}}",
        "{\"Authenticate\":{\"userName\":\"crm\",\"password\":[\"" + SECRET + "\"]}}",
        "{\"Authenticate\":{\"userName\":\"crm\",\"password\":{\"a\":\"" + SECRET + "\"}}}",
        "{\"Authenticate\":{\"userName\":\"crm\",\"password\":\"" + SECRET, // never closed
        "{\"Authenticate\":{\"userName\":\"crm\",'password':'" + SECRET + "'}}", // not JSON, but a real password
        "{\"Authenticate\":{\"userName\":\"crm\",password: \"" + SECRET + "\"}}",
        "{\"Authenticate\":{\"userName\":\"crm\",\"password\" /* c */ : \"" + SECRET + "\"}}",
        "{\"Authenticate\":{\"userName\":\"crm\",\"pa\u017f\u017fword\":\"" + SECRET + "\"}}",
    })
    void masksJsonPasswordsHoweverTheKeyAndValueAreWritten(String body) {
        assertThat(show(body)).contains("\"userName\":\"crm\"").doesNotContain("Sekr1t").doesNotContain("cret");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<Toke>0f37de1d-a608-4ebc</Toke>", // misspelt: the mistake a wire dump is switched on to find
        "<Tok<!---->en>0f37de1d-a608-4ebc</Token>", // a comment inside the name: malformed
        "<Token2><![CDATA[0f37de1d-a608-4ebc]]></Token2>",
        "<Toke>0f37de1d-a608-4ebc", // never closed
    })
    void masksTheTextOfAHeaderWhateverItsElementsAreCalled(String token) {
        String masked = show("<s:Envelope xmlns:s='urn:s'><s:Header><AuthorizationToken xmlns='" + NS + "'>" + token
                + "</AuthorizationToken></s:Header><s:Body><GetAll xmlns='" + NS + "'><customerKey>c-1</customerKey>"
                + "</GetAll></s:Body></s:Envelope>");

        assertThat(masked).doesNotContain("0f37").doesNotContain("4ebc");
        if (token.endsWith(">")) {
            assertThat(masked).contains("</AuthorizationToken></s:Header>", "<customerKey>c-1</customerKey>");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<pass<!-- -->word>" + SECRET + "</password>",
        "<passwort>" + SECRET + "</passwort>",
        "<password2>x<b>" + SECRET + "</b></password2>",
    })
    void masksTheTextOfAnAuthenticateButItsUserNameWhateverTheOtherElementsAreCalled(String element) {
        String masked = show("<Authenticate xmlns='" + NS + "'><userName>crm</userName>" + element + "</Authenticate>");

        assertThat(masked).contains("<userName>crm</userName>").doesNotContain("Sekr1t").doesNotContain("XYZ");
    }

    @Test
    void aSecretsEndTagWhoseStartWasNotRecognisedHidesTheWholeText() {
        assertThat(show("<x><a>1</a><pass<!-- -->word>" + SECRET + "</password></x>")).isEqualTo(SecretMask.CUT)
                .doesNotContain("Sekr1t");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"Authenticate\":{\"userName\":\"crm\",\"pasword\":\"" + SECRET + "\"}}",
        "{\"userName\":\"crm\",\"Passwort\":\"" + SECRET + "\"}",
        "{\"Authenticate\":{\"userName\":\"crm\",\"secret\":[\"" + SECRET + "\"]}}",
        "{\"userName\":\"crm\",\"Authenticate\":\"" + SECRET + "\"}", // a wrapper that is no object is a value
    })
    void aJsonAuthenticateShowsOnlyItsUserName(String body) {
        String masked = WireDump.show(body.getBytes(StandardCharsets.UTF_8), null, true);

        assertThat(masked).contains("\"userName\":\"crm\"").doesNotContain("Sekr1t").doesNotContain("XYZ");
    }

    /** Keys in single quotes or none are no keys to the scan: a misspelt one's value was shown. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{userName: \"crm\", pasword: \"" + SECRET + "\"}",
        "{'userName': 'crm', 'pasword': '" + SECRET + "'}",
        "{\"Authenticate\": {\"userName\": \"crm\", pasword: \"" + SECRET + "\"}}",
    })
    void aJsonAuthenticateWithLooseKeysShowsNothingFromThem(String body) {
        String masked = WireDump.show(body.getBytes(StandardCharsets.UTF_8), null, true);

        assertThat(masked).endsWith(SecretMask.CUT).doesNotContain("Sekr1t").doesNotContain("XYZ");
    }

    /** Nor from the first place where the body stops being JSON: a comment, a key with no colon, a ';'. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"userName\":\"crm\", /*c*/ pasword: \"" + SECRET + "\"}",
        "{\"userName\":\"crm\", \"pasword\" /*c*/ : \"" + SECRET + "\"}",
        "{\"userName\":\"crm\", \"pasword\" \"" + SECRET + "\"}",
        "{\"userName\":\"crm\",\u00a0pasword:\"" + SECRET + "\"}",
        "{\"userName\":\"crm\"; pasword:\"" + SECRET + "\"}",
        "{\"userName\":\"crm\", -pw: \"" + SECRET + "\"}",
        "{\"userName\":\"crm\"} {\"pasword\": \"" + SECRET + "\"}",
        "userName=crm&pasword=" + SECRET,
    })
    void aJsonAuthenticateShowsNothingAfterItStopsBeingJson(String body) {
        String masked = WireDump.show(body.getBytes(StandardCharsets.UTF_8), null, true);

        assertThat(masked).endsWith(SecretMask.CUT).doesNotContain("Sekr1t").doesNotContain("XYZ");
    }

    /** A well-formed one is shown whole but its secrets, whatever its userName holds (", J" was cut as a key). */
    @ParameterizedTest
    @ValueSource(strings = {"Smith, John", "a{b", "it's: x"})
    void aWellFormedJsonAuthenticateShowsItsUserNameWhateverItHolds(String userName) {
        String body = "{\"Authenticate\": {\"userName\": \"" + userName + "\", \"pasword\": \"" + SECRET + "\"}}";

        assertThat(WireDump.show(body.getBytes(StandardCharsets.UTF_8), null, true))
                .isEqualTo("{\"Authenticate\": {\"userName\": \"" + userName + "\", \"pasword\": \"****\"}}");
    }

    /** A password that only starts like the mask is no mask, under a key the scan does not read either. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"userName\": \"crm\", password: \"****" + SECRET + "\"}",
        "{'password': '****" + SECRET + "'}",
        "{password: ****" + SECRET + "}",
        "{token: '**** " + SECRET + "'}",
        "{customerKey: 'x', password: \"****," + SECRET + "\"}",
        "{'token': '****\"" + SECRET + "'}",
        "{token: \"****}" + SECRET + "\"}",
    })
    void aPasswordStartingLikeTheMaskIsNotTakenForIt(String body) {
        assertThat(show(body)).doesNotContain("Sekr1t").doesNotContain("XYZ");
    }

    @Test
    void anAttributeNamedPasswordIsCutOff() {
        assertThat(show("<a><Authenticate password='" + SECRET + "'/></a>")).isEqualTo("<a><Authenticate "
                + SecretMask.CUT).doesNotContain("Sekr1t");
    }

    @Test
    void wordsInTextAndNamesThatOnlyContainASecretsNameAreShown() {
        String fault = "<faultstring>the token is unknown or has expired</faultstring><Field>password</Field>"
                + "<AuthorizationToken xmlns='urn:x'><Token>****</Token></AuthorizationToken>";

        assertThat(show(fault)).isEqualTo(fault);
    }

    /** A password sent bare, which no JSON parser reads: where it ends cannot be told, so the rest goes. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"Authenticate\": {\"userName\": \"crm\", \"password\": ]Sekr1t-XYZ}}",
        "{\"Authenticate\": {\"userName\": \"crm\", \"password\": ,Sekr1t-XYZ}}",
        "{\"Authenticate\": {\"userName\": \"crm\", \"password\": correct horse Sekr1t XYZ}}",
        "{\"Authenticate\": {\"userName\": \"crm\", \"password\": abc,defSekr1tXYZ}}",
        "{\"Authenticate\": {\"userName\": \"crm\", \"password\": 'correct horse, Sekr1t XYZ'}}",
        "{\"userName\": \"crm\", \"password\": 12 Sekr1tXYZ}",
        "{\"token\": ]Sekr1t-XYZ}",
    })
    void aBarePasswordIsMaskedToTheEnd(String body) {
        String masked = show(body);

        assertThat(masked).doesNotContain("Sekr1t").doesNotContain("XYZ").doesNotContain("horse")
                .endsWith(SecretMask.MASK);
    }

    /** A number or a literal is a value of its own: what follows it is shown. */
    @Test
    void aSecretThatIsANumberOrALiteralIsMaskedAloneAndTheRestShown() {
        assertThat(show("{\"password\": 12345, \"customerKey\": \"c-1\"}"))
                .isEqualTo("{\"password\": " + SecretMask.MASK + ", \"customerKey\": \"c-1\"}");
        assertThat(show("{\"token\":null}")).isEqualTo("{\"token\":" + SecretMask.MASK + "}");
    }

    /** Every member of an array or object given as the value, not the first: the value ends at its own bracket. */
    @ParameterizedTest
    @ValueSource(strings = {"[\"x\",\"" + SECRET + "\"]", "{\"a\":\"x\",\"b\":\"" + SECRET + "\"}"})
    void masksAJsonStructureGivenAsAPasswordWhole(String value) {
        assertThat(show("{\"password\":" + value + ",\"userName\":\"crm\"}"))
                .isEqualTo("{\"password\":****,\"userName\":\"crm\"}");
    }

    /** An escape that is the key's last character is read as the others are (and the key is a password). */
    @Test
    void readsAnEscapeThatEndsAJsonKey() {
        assertThat(show("{\"passwor\\u0064\":\"" + SECRET + "\"}"))
                .isEqualTo("{\"passwor\\\\u0064\":\"****\"}"); // the dump doubles a backslash
    }

    /** A form-encoded Authenticate (as ASMX's HTTP POST takes it) posted to JSON: the password comes first. */
    @Test
    void aFormEncodedAuthenticateIsCutWhereItsPasswordStarts() {
        String masked = WireDump.show(("password=" + SECRET + "&userName=crm").getBytes(StandardCharsets.UTF_8),
                null, true);

        assertThat(masked).isEqualTo(SecretMask.CUT).doesNotContain("Sekr1t");
    }

    @Test
    void masksJsonTokens() {
        assertThat(show("{\"token\":\"t-123\"}")).isEqualTo("{\"token\":\"****\"}");
    }

    @Test
    void aVeryLongSecretIsMaskedWithoutOverflowingTheStack() {
        String body = "{\"Authenticate\":{\"userName\":\"crm\",\"password\":\"" + "a\\\"".repeat(5_000) + "\"}}";

        assertThat(show(body)).isEqualTo("{\"Authenticate\":{\"userName\":\"crm\",\"password\":\"****\"}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "UTF-16"})
    void readsWideEncodingsByTheirZeroBytesOrByteOrderMark(String encoding) {
        byte[] body = ("<password>" + SECRET + "</password>").getBytes(Charset.forName(encoding));

        assertThat(WireDump.show(body, null)).isEqualTo("<password>****</password>");
    }

    /**
     * As the server reads it: the Content-Type's charset before the XML
     * declaration. A .NET StringWriter's envelope declares utf-16 and is UTF-8;
     * read as UTF-16 its password escaped the mask, in a form that decodes back.
     */
    @Test
    void readsTheContentTypesCharsetBeforeTheXmlDeclaration() {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"utf-16\"?><Authenticate><userName>M\u00fcller</userName>"
                + "<password>" + SECRET + "</password></Authenticate>").getBytes(StandardCharsets.UTF_8);

        assertThat(WireDump.show(body, MediaType.parse("text/xml; charset=utf-8"))).isEqualTo("<?xml version=\"1.0\""
                + " encoding=\"utf-16\"?><Authenticate><userName>M\u00fcller</userName><password>****</password>"
                + "</Authenticate>");
    }

    /** A body wider than its charset says is refused by the server; its secrets are masked all the same. */
    @Test
    void readsAWideBodyByItsZeroBytesWhateverItsNarrowCharsetSays() {
        byte[] body = ("<password>" + SECRET + "</password>").getBytes(StandardCharsets.UTF_16LE);

        assertThat(WireDump.show(body, MediaType.parse("text/xml; charset=utf-8"))).isEqualTo("<password>****</password>");
    }

    /** .NET's Encoding.Unicode: charset=utf-16, little-endian, no mark; Java's UTF-16 reads it big-endian. */
    @Test
    void readsALittleEndianBodyByItsZeroBytesThoughItsCharsetSaysUtf16() {
        byte[] body = ("{\"Authenticate\":{\"userName\":\"crm\",\"password\":\"" + SECRET + "\"}}")
                .getBytes(StandardCharsets.UTF_16LE);

        assertThat(WireDump.show(body, MediaType.parse("application/json; charset=utf-16")))
                .isEqualTo("{\"Authenticate\":{\"userName\":\"crm\",\"password\":\"****\"}}");
    }

    /** A charset that reads the bytes as no XML or JSON (EBCDIC on ASCII) gives way to one that does. */
    @Test
    void aCharsetThatReadsTheBodyAsNoMarkupGivesWay() {
        byte[] body = ("{\"password\":\"" + SECRET + "\"}").getBytes(StandardCharsets.US_ASCII);

        assertThat(WireDump.show(body, MediaType.parse("application/json; charset=IBM037")))
                .isEqualTo("{\"password\":\"****\"}");
    }

    @Test
    void readsTheCharsetTheRequestDeclares() {
        byte[] body = ("{\"userName\":\"Caf\u00e9\",\"password\":\"" + SECRET + "\"}").getBytes(Charset.forName("IBM037"));

        assertThat(WireDump.show(body, MediaType.parse("application/json; charset=IBM037")))
                .isEqualTo("{\"userName\":\"Caf\u00e9\",\"password\":\"****\"}");
    }

    @Test
    void escapesLineBreaksSoThatABodyCannotForgeLogLines() {
        assertThat(show("<a>one\n2026-01-01 INFO forged\r\n\u2028\u202e\t\\n</a>"))
                .isEqualTo("<a>one\\n2026-01-01 INFO forged\\r\\n\\u2028\\u202e\\t\\\\n</a>");
    }

    /** Each end of the ranges escaped: C0's last, DEL, C1's first and last (a terminal acts on C1 too). */
    @Test
    void escapesEachEndOfTheControlCharacterRanges() {
        assertThat(show("<a>\u001f \u007f\u0080\u009f\u00a0~</a>"))
                .isEqualTo("<a>\\u001f \\u007f\\u0080\\u009f\u00a0~</a>");
    }

    /** Switched off, nothing is logged; a JSON Authenticate, its path in any case, shows only its userName. */
    @Test
    void logsOnlyWhenSwitchedOnAndMasksEveryValueOfAJsonAuthenticateButItsUserName() {
        byte[] authenticate = ("{\"userName\":\"crm\",\"pasword\":\"" + SECRET + "\"}")
                .getBytes(StandardCharsets.UTF_8); // misspelt: only the Authenticate rule masks it
        byte[] get = "{\"customerKey\":\"c-1\"}".getBytes(StandardCharsets.UTF_8);
        MediaType json = MediaType.parse("application/json");
        try (CapturedLogs logs = new CapturedLogs(WireDump.LOGGER)) {
            new WireDump(false).request("off", "POST", "/xWeb/JSON/Authenticate", json, authenticate);
            new WireDump(false).response("off", 200, get);
            WireDump dump = new WireDump(true);
            dump.request("c-1", "POST", "/xWeb/JSON/Authenticate", json, authenticate);
            dump.request("c-2", "POST", "/xweb/json/authenticate", json, authenticate);
            dump.request("c-3", "POST", "/xWeb/JSON/GetCustomerCommunicationPreference", json, get);
            dump.response("c-4", 200, get);

            String masked = "{\"userName\":\"crm\",\"pasword\":\"****\"}";
            assertThat(logs.lines()).containsExactly(
                    WireDump.LOGGER + " [c-1] request POST /xWeb/JSON/Authenticate: " + masked,
                    WireDump.LOGGER + " [c-2] request POST /xweb/json/authenticate: " + masked,
                    WireDump.LOGGER + " [c-3] request POST /xWeb/JSON/GetCustomerCommunicationPreference: "
                            + "{\"customerKey\":\"c-1\"}",
                    WireDump.LOGGER + " [c-4] response 200: {\"customerKey\":\"c-1\"}");
        }
    }

    @Test
    void cutsLongBodiesAfterMaskingSoThatTheCutCannotLeaveASecretOpen() {
        String token = "0f37de1d-a608-4ebc";
        for (int pad = 0; pad < 40; pad++) {
            String start = "<a>" + "x".repeat(WireDump.MAX_CHARS - 30 + pad) + "<ns:Token>";
            String body = start + token + "</ns:Token>" + "y".repeat(100) + "</a>";

            String shown = show(body);

            assertThat(shown).endsWith("... (" + body.length() + " bytes)").doesNotContain("0f37").doesNotContain("a608");
        }
    }

    @Test
    void aSecretStillOpenWhereTheScanEndsIsMaskedToTheEnd() {
        String body = "{\"userName\":\"crm\",\"password\":\"" + "s".repeat(70_000) + "\"}";

        assertThat(show(body)).isEqualTo("{\"userName\":\"crm\",\"password\":\"****\"... (" + body.length() + " bytes)");
    }

    @Test
    void saysWhenThereIsNoBody() {
        assertThat(WireDump.show(new byte[0], null)).isEqualTo("(no body)");
    }
}
