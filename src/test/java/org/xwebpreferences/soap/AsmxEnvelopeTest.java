package org.xwebpreferences.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Answers written as ASMX and the seed's sample response write them, and Metro's own form wherever that is not safe. */
class AsmxEnvelopeTest {

    private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    private static final String XSI_XSD = " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"";
    private static final String TOKEN = "<AuthorizationToken xmlns=\"http://www.avectra.com/2005/\"><Token>"
            + "83a60957-08b1-51ce-656f-95028e5d0066</Token></AuthorizationToken>";
    private static final String SET_RESPONSE = "<SetCustomerCommunicationPreferencesResponse"
            + " xmlns=\"http://www.avectra.com/2005/\"/>";

    private static String metro(String namespace, String inside) {
        return "<?xml version='1.0' encoding='UTF-8'?><S:Envelope xmlns:S=\"" + namespace + "\">" + inside
                + "</S:Envelope>";
    }

    private static String rewritten(String metro, SoapVersion version) {
        AnswerBuffer buffer = new AnswerBuffer();
        byte[] written = metro.getBytes(StandardCharsets.UTF_8);
        buffer.write(written, 0, written.length);
        SoapAnswer answer = AsmxEnvelope.from(buffer, version);
        byte[] bytes = answer.toByteArray();
        assertThat(bytes).hasSize(answer.size());
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aSuccessIsWrittenAsTheSeedsSampleResponse() {
        String metro = metro(SOAP11, "<S:Header>" + TOKEN + "</S:Header><S:Body>" + SET_RESPONSE + "</S:Body>");

        assertThat(rewritten(metro, SoapVersion.SOAP_11)).isEqualTo("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<soap:Envelope xmlns:soap=\"" + SOAP11 + "\"" + XSI_XSD + "><soap:Header>" + TOKEN
                + "</soap:Header><soap:Body>" + SET_RESPONSE + "</soap:Body></soap:Envelope>");
    }

    @Test
    void soap12AndAnAnswerWithoutAHeaderAreRenamedToo() {
        String metro = metro(SOAP12, "<S:Body>" + SET_RESPONSE + "</S:Body>");

        assertThat(rewritten(metro, SoapVersion.SOAP_12)).isEqualTo("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<soap:Envelope xmlns:soap=\"" + SOAP12 + "\"" + XSI_XSD + "><soap:Body>" + SET_RESPONSE
                + "</soap:Body></soap:Envelope>");
    }

    @Test
    void anAnswerWhosePayloadMentionsThePrefixGoesOutAsMetroWroteIt() {
        String payload = "<GetAllCustomerCommunicationPreferencesResponse xmlns=\"http://www.avectra.com/2005/\">"
                + "<x>Class S: advanced</x></GetAllCustomerCommunicationPreferencesResponse>";
        String inPayload = metro(SOAP11, "<S:Header>" + TOKEN + "</S:Header><S:Body>" + payload + "</S:Body>");
        String inHeader = metro(SOAP11, "<S:Header><h S:mustUnderstand=\"1\"/></S:Header><S:Body>" + payload
                + "</S:Body>");

        assertThat(rewritten(inPayload, SoapVersion.SOAP_11)).isEqualTo(inPayload);
        assertThat(rewritten(inHeader, SoapVersion.SOAP_11)).isEqualTo(inHeader);
    }

    @Test
    void textThatOnlyEndsAWordInSIsNoReasonToKeepMetrosForm() {
        String payload = "<x xmlns=\"http://www.avectra.com/2005/\">NEWS: weekly</x>";
        String metro = metro(SOAP11, "<S:Body>" + payload + "</S:Body>");

        assertThat(rewritten(metro, SoapVersion.SOAP_11)).contains("<soap:Body>" + payload + "</soap:Body>");
    }

    @Test
    void aQualifiedNameValueInThePrefixKeepsMetrosForm() {
        String metro = metro(SOAP11, "<S:Body><x xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:type=\"S:Fault\"/></S:Body>");
        String inText = metro(SOAP11, "<S:Body><code>S:Client</code></S:Body>");

        assertThat(rewritten(metro, SoapVersion.SOAP_11)).isEqualTo(metro);
        assertThat(rewritten(inText, SoapVersion.SOAP_11)).isEqualTo(inText);
    }

    @Test
    void anAnswerOfAnotherShapeGoesOutAsMetroWroteIt() {
        String otherVersion = metro(SOAP12, "<S:Body>" + SET_RESPONSE + "</S:Body>");
        String otherDeclaration = "<?xml version=\"1.0\" ?>" + otherVersion.substring(otherVersion.indexOf('>') + 1);
        String bodyAfterSomethingElse = metro(SOAP11, "<S:Other/><S:Body>" + SET_RESPONSE + "</S:Body>");
        String unclosedHeader = metro(SOAP11, "<S:Header>" + TOKEN + "<S:Body>" + SET_RESPONSE + "</S:Body>");

        assertThat(rewritten(otherVersion, SoapVersion.SOAP_11)).isEqualTo(otherVersion);
        assertThat(rewritten(otherDeclaration, SoapVersion.SOAP_12)).isEqualTo(otherDeclaration);
        assertThat(rewritten(bodyAfterSomethingElse, SoapVersion.SOAP_11)).isEqualTo(bodyAfterSomethingElse);
        assertThat(rewritten(unclosedHeader, SoapVersion.SOAP_11)).isEqualTo(unclosedHeader);
        assertThat(rewritten("", SoapVersion.SOAP_11)).isEmpty();
    }

    @Test
    void aLargeAnswerIsRenamedWholeAndThePrefixIsFoundWhereverItFalls() {
        String start = "<?xml version='1.0' encoding='UTF-8'?><S:Envelope xmlns:S=\"" + SOAP11 + "\"><S:Header>" + TOKEN
                + "</S:Header><S:Body><x>";
        String filler = "a".repeat(300_000);
        String large = metro(SOAP11, "<S:Header>" + TOKEN + "</S:Header><S:Body><x>" + filler + "</x></S:Body>");
        // " S:" with the S as the last byte of the first 1 KiB piece and the colon in the next one.
        int s = 1023 - start.length();
        String split = metro(SOAP11, "<S:Header>" + TOKEN + "</S:Header><S:Body><x>" + filler.substring(0, s - 1)
                + " S:" + filler.substring(s + 2) + "</x></S:Body>");

        assertThat(rewritten(large, SoapVersion.SOAP_11)).isEqualTo("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<soap:Envelope xmlns:soap=\"" + SOAP11 + "\"" + XSI_XSD + "><soap:Header>" + TOKEN
                + "</soap:Header><soap:Body><x>" + filler + "</x></soap:Body></soap:Envelope>");
        assertThat(split.indexOf(" S:")).isEqualTo(1022);
        assertThat(rewritten(split, SoapVersion.SOAP_11)).isEqualTo(split);
    }
}
