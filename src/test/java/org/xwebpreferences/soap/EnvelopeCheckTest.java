package org.xwebpreferences.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import javax.xml.namespace.QName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeCheckTest {

    private static final String XWEB = "http://www.avectra.com/2005/";
    private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    private static final String TOKEN = "<x:AuthorizationToken><x:Token>33d08c11-09ec-455d-a9f6-d308f8f2592d</x:Token>"
            + "</x:AuthorizationToken>";
    private static final String GET_ALL = "<x:GetAllCustomerCommunicationPreferences><x:customerKey>"
            + "fadff57b-c6ef-4130-be1e-07000a38056f</x:customerKey></x:GetAllCustomerCommunicationPreferences>";

    private final EnvelopeCheck check = new EnvelopeCheck(
            WireVocabulary.fromGeneratedInterface(WsdlDocument.fromClasspath()));

    private static String envelope(String namespace, String header, String body) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<soap:Envelope xmlns:soap=\"" + namespace + "\" xmlns:x=\"" + XWEB + "\">"
                + (header == null ? "" : "<soap:Header>" + header + "</soap:Header>")
                + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    private static String soap11(String header, String body) {
        return envelope(SOAP11, header, body);
    }

    private static String set(String... settings) {
        StringBuilder body = new StringBuilder("<x:SetCustomerCommunicationPreferences>"
                + "<x:customerKey>fadff57b-c6ef-4130-be1e-07000a38056f</x:customerKey><x:preferences>");
        for (String setting : settings) {
            body.append("<x:MailingListSetting>").append(setting).append("</x:MailingListSetting>");
        }
        return body.append("</x:preferences></x:SetCustomerCommunicationPreferences>").toString();
    }

    private static String validSetting() {
        return "<x:mailing_list_key>b31c52e4-29c1-4a65-8c53-0626342c920d</x:mailing_list_key><x:status>OptIn</x:status>";
    }

    private String operation(String xml, SoapVersion version) throws EnvelopeRefused {
        return check.check(xml.getBytes(StandardCharsets.UTF_8), version, null).operation();
    }

    private EnvelopeRefused rejected(byte[] body, SoapVersion version) {
        EnvelopeRefused rejected = catchThrowableOfType(EnvelopeRefused.class,
                () -> check.check(body, version, null));
        assertThat(rejected).as("the envelope should have been rejected").isNotNull();
        return rejected;
    }

    private EnvelopeRefused rejected(String xml) {
        return rejected(xml.getBytes(StandardCharsets.UTF_8), SoapVersion.SOAP_11);
    }

    @Test
    void acceptsTheSeedSampleAsItStandsAndNamesItsOperation() throws Exception {
        String seed = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:ns=\"http://www.avectra.com/2005/\">\n<soapenv:Header>\n<ns:AuthorizationToken>\n"
                + "<!--Optional:-->\n<ns:Token>33d08c11-09ec-455d-a9f6-d308f8f2592d</ns:Token>\n"
                + "</ns:AuthorizationToken>\n</soapenv:Header>\n<soapenv:Body>\n"
                + "<ns:SetCustomerCommunicationPreferences>\n<!--Optional:-->\n<ns:customerKey>?</ns:customerKey>\n"
                + "<ns:preferences>\n<!--Zero or more repetitions:-->\n<ns:MailingListSetting>\n"
                + "<ns:mailing_list_key>?</ns:mailing_list_key>\n<ns:mailing_list_name>?</ns:mailing_list_name>\n"
                + "<ns:mailing_list_category>?</ns:mailing_list_category>\n<ns:status>?</ns:status>\n"
                + "<ns:email_key>?</ns:email_key>\n<ns:address_key>?</ns:address_key>\n"
                + "<ns:phone_key>?</ns:phone_key>\n<ns:fax_key>?</ns:fax_key>\n</ns:MailingListSetting>\n"
                + "</ns:preferences>\n</ns:SetCustomerCommunicationPreferences>\n</soapenv:Body>\n</soapenv:Envelope>";

        assertThat(operation(seed, SoapVersion.SOAP_11)).isEqualTo("SetCustomerCommunicationPreferences");
    }

    @Test
    void acceptsEachOperationInSoap11AndSoap12() throws Exception {
        String authenticate = "<x:Authenticate><x:userName>crm</x:userName><x:password>p</x:password></x:Authenticate>";
        String get = "<x:GetCustomerCommunicationPreference><x:customerKey>a</x:customerKey>"
                + "<x:preferenceTypeKey>b</x:preferenceTypeKey></x:GetCustomerCommunicationPreference>";

        assertThat(operation(soap11(null, authenticate), SoapVersion.SOAP_11)).isEqualTo("Authenticate");
        assertThat(operation(soap11(TOKEN, GET_ALL), SoapVersion.SOAP_11)).isEqualTo("GetAllCustomerCommunicationPreferences");
        assertThat(operation(envelope(SOAP12, TOKEN, get), SoapVersion.SOAP_12)).isEqualTo("GetCustomerCommunicationPreference");
        assertThat(operation(envelope(SOAP12, TOKEN, set(validSetting(), validSetting())), SoapVersion.SOAP_12))
                .isEqualTo("SetCustomerCommunicationPreferences");
    }

    @Test
    void acceptsTheDefaultNamespaceStyleOfDotNetClients() throws Exception {
        String xml = "<soap:Envelope xmlns:soap=\"" + SOAP11 + "\"><soap:Header><AuthorizationToken xmlns=\"" + XWEB
                + "\"><Token>t</Token></AuthorizationToken></soap:Header><soap:Body>"
                + "<GetAllCustomerCommunicationPreferences xmlns=\"" + XWEB + "\"><customerKey>k</customerKey>"
                + "</GetAllCustomerCommunicationPreferences></soap:Body></soap:Envelope>";

        assertThat(operation(xml, SoapVersion.SOAP_11)).isEqualTo("GetAllCustomerCommunicationPreferences");
    }

    @Test
    void acceptsEveryFieldOfAMailingListSettingAndOmittedOptionalOnes() throws Exception {
        String full = "<x:mailing_list_key>a</x:mailing_list_key><x:mailing_list_name>n</x:mailing_list_name>"
                + "<x:mailing_list_category>c</x:mailing_list_category><x:status>OptIn</x:status>"
                + "<x:email_key>e</x:email_key><x:address_key>a</x:address_key><x:phone_key>p</x:phone_key>"
                + "<x:fax_key>f</x:fax_key>";

        assertThat(operation(soap11(TOKEN, set(full, "<x:status>OptOut</x:status>")), SoapVersion.SOAP_11))
                .isEqualTo("SetCustomerCommunicationPreferences");
    }

    @Test
    void refusesADoctype() {
        EnvelopeRefused rejected = rejected("<!DOCTYPE soap:Envelope>" + soap11(TOKEN, GET_ALL));

        assertThat(rejected).hasMessage("DTDs are not allowed");
        assertThat(rejected.field()).isNull();
    }

    @Test
    void neverReadsAnExternalEntity(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-7d1f");
        String uri = secret.toUri().toString();
        String entity = "<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"" + uri + "\">]>"
                + soap11(TOKEN, GET_ALL.replace("fadff57b-c6ef-4130-be1e-07000a38056f", "&xxe;"));
        String parameterEntity = "<!DOCTYPE soap:Envelope [<!ENTITY % p SYSTEM \"" + uri + "\"> %p;]>"
                + soap11(TOKEN, GET_ALL);
        String externalSubset = "<!DOCTYPE soap:Envelope SYSTEM \"" + uri + "\">" + soap11(TOKEN, GET_ALL);

        for (String xml : new String[] {entity, parameterEntity, externalSubset}) {
            assertThat(rejected(xml)).hasMessage("DTDs are not allowed").hasMessageNotContaining("TOP-SECRET");
        }
    }

    @Test
    void refusesAnEntityReferenceWithoutADoctype() {
        assertThat(rejected(soap11(TOKEN, GET_ALL.replace(">fadff57b-c6ef-4130-be1e-07000a38056f<", ">&xxe;<"))))
                .hasMessageStartingWith("Malformed XML at line 1, column")
                .hasMessageContaining("An undeclared entity reference");
    }

    @Test
    void neverReportsANegativeColumn() {
        // found by a mutation fuzzer: "--" inside a comment that spans lines
        String xml = soap11(TOKEN, GET_ALL).replace("<soap:Body>",
                "<soap:Body><!--Optional:\n<x:Token>one</x:Token>\n</x:AuthorizationToken>\n<!--Optional:-->");
        assertThat(rejected(xml)).hasMessageStartingWith("Malformed XML at line ")
                .hasMessageNotContaining("column -").hasMessageContaining("'--' not allowed in comment");
    }

    @Test
    void explainsMalformedXmlWithItsPosition() {
        EnvelopeRefused truncated = rejected("<soap:Envelope xmlns:soap=\"" + SOAP11 + "\"><soap:Body>");
        assertThat(truncated).hasMessageStartingWith("Malformed XML at line 1, column ")
                .hasMessageContaining("Unexpected EOF");
        assertThat(truncated.field()).isNull();

        assertThat(rejected(soap11(TOKEN, "<x:Authenticate></x:Authenticat>")))
                .hasMessageStartingWith("Malformed XML at line 1, column ");
        assertThat(rejected("")).hasMessageStartingWith("Malformed XML");
    }

    /** Two of the parser's messages spoke to a Java caller, or left a placeholder unfilled (audit). */
    @Test
    void rewordsParserMessagesMeantForJavaCallers() {
        byte[] bomInLatin1 = ("\u00ef\u00bb\u00bf" + soap11(TOKEN, GET_ALL)).getBytes(StandardCharsets.ISO_8859_1);
        EnvelopeRefused bom = catchThrowableOfType(EnvelopeRefused.class,
                () -> check.check(bomInLatin1, SoapVersion.SOAP_11, StandardCharsets.ISO_8859_1));
        EnvelopeRefused xmlNamespace = rejected(soap11(TOKEN, GET_ALL.replace("<x:GetAllCustomerCommunicationPreferences>",
                "<x:GetAllCustomerCommunicationPreferences xmlns=\"http://www.w3.org/XML/1998/namespace\">")));

        assertThat(bom).isNotNull().hasMessageContaining("a UTF-8 byte order mark read in another charset: send UTF-8"
                + " as charset=utf-8, or leave the mark out").hasMessageNotContaining("Reader");
        assertThat(xmlNamespace).hasMessageContaining("\"http://www.w3.org/XML/1998/namespace\" to a prefix or as"
                + " the default namespace").hasMessageNotContaining("{0}");
    }

    /** Markup inside a password or token is a piece of the secret: the fault names the field, not the markup. */
    @Test
    void doesNotRepeatMarkupFoundInsideAPasswordOrAToken() {
        for (String password : new String[] {"P@ss<x:zqw>2024</x:zqw>", "h<zqw/>er2", "a</zqw", "pw<?zqw echo ?>x",
                "Tr0ub4dor&zqw", "Tr0ub4dor&zqw;"}) {
            EnvelopeRefused rejected = rejected(soap11(null, "<x:Authenticate><x:userName>u</x:userName>"
                    + "<x:password>" + password + "</x:password></x:Authenticate>"));
            assertThat(rejected.getMessage()).as(password).startsWith("password: is not well-formed plain text")
                    .endsWith("(write & as &amp; and < as &lt;; the content is not repeated, as it is a secret)")
                    .doesNotContain("zqw");
            assertThat(rejected.field()).isEqualTo("password");
        }
        EnvelopeRefused token = rejected(soap11("<x:AuthorizationToken><x:Token>33d08c11<x:zqw/>"
                + "</x:Token></x:AuthorizationToken>", GET_ALL));
        assertThat(token).hasMessage("AuthorizationToken.Token: is not well-formed plain text (write & as &amp; and <"
                + " as &lt;; the content is not repeated, as it is a secret)");
    }

    /** A secret over the text limit is told as over the limit: the parser's words quote none of it. */
    @Test
    void aTokenOverTheTextLimitIsToldAsSuchNotAsMalformed() {
        EnvelopeRefused token = rejected(soap11("<x:AuthorizationToken><x:Token>" + " ".repeat(70_000)
                + "33d08c11-09ec-455d-a9f6-d308f8f2592d</x:Token></x:AuthorizationToken>", GET_ALL));

        assertThat(token).hasMessageStartingWith("AuthorizationToken.Token: Refused: an XML limit was exceeded")
                .hasMessageContaining("Text size limit (65536) exceeded").hasMessageNotContaining("33d08c11");
        assertThat(token.field()).isEqualTo("AuthorizationToken.Token");
    }

    /** An entity's name is text of the document: a password with a bare '&' must not come back in the fault. */
    @Test
    void doesNotRepeatTheNameOfABadEntityReference() {
        String unfinished = soap11(null, "<x:Authenticate><x:userName>Tr0ub4dor&amp3xyz</x:userName>"
                + "<x:password>p</x:password></x:Authenticate>");
        assertThat(rejected(unfinished)).hasMessage("Malformed XML at line 1, column 204: Unexpected character '<'"
                + " (code 60); expected a semi-colon after an entity reference (XML declares only &amp; &lt; &gt;"
                + " &quot; &apos;: write a literal & as &amp;)");
        String undeclared = soap11(null, "<x:Authenticate><x:userName>Tr0ub4dor&secret;</x:userName>"
                + "<x:password>p</x:password></x:Authenticate>");
        assertThat(rejected(undeclared)).hasMessageStartingWith("Malformed XML at line 1, column ")
                .hasMessageContaining(": An undeclared entity reference (XML declares only").hasMessageNotContaining("secret");
    }

    @Test
    void refusesASoap12EnvelopeSentAsSoap11AndTheOtherWayRound() {
        assertThat(rejected(envelope(SOAP12, TOKEN, GET_ALL)))
                .hasMessage("A SOAP 1.2 envelope was sent with Content-Type text/xml; send SOAP 1.2 as application/soap+xml");
        assertThat(rejected(soap11(TOKEN, GET_ALL).getBytes(StandardCharsets.UTF_8), SoapVersion.SOAP_12))
                .hasMessage("A SOAP 1.1 envelope was sent with Content-Type application/soap+xml;"
                        + " send SOAP 1.1 as text/xml");
    }

    @Test
    void refusesADocumentThatIsNoEnvelope() {
        assertThat(rejected("<x:GetAllCustomerCommunicationPreferences xmlns:x=\"" + XWEB + "\"/>"))
                .hasMessage("Not a SOAP envelope: the document element is {" + XWEB + "}GetAllCustomerCommunicationPreferences");
        assertThat(rejected("<Envelope><Body/></Envelope>"))
                .hasMessage("Not a SOAP envelope: 'Envelope' (in no namespace) is not in namespace " + SOAP11);
    }

    @Test
    void refusesAnEnvelopeWithoutBody() {
        assertThat(rejected("<soap:Envelope xmlns:soap=\"" + SOAP11 + "\"/>"))
                .hasMessage("The SOAP Envelope has no Body");
        assertThat(rejected("<soap:Envelope xmlns:soap=\"" + SOAP11 + "\" xmlns:x=\"" + XWEB + "\"><soap:Header>"
                + TOKEN + "</soap:Header></soap:Envelope>"))
                .hasMessage("The SOAP Envelope has no Body");
    }

    @Test
    void refusesAnotherElementWhereTheBodyBelongs() {
        assertThat(rejected("<soap:Envelope xmlns:soap=\"" + SOAP11 + "\" xmlns:x=\"" + XWEB + "\">" + GET_ALL
                + "</soap:Envelope>"))
                .hasMessage("Expected the SOAP Body, found {" + XWEB + "}GetAllCustomerCommunicationPreferences");
    }

    @Test
    void refusesAnEmptyBody() {
        assertThat(rejected(soap11(TOKEN, ""))).hasMessage("The SOAP Body is empty: it must hold one operation element");
        assertThat(rejected(soap11(TOKEN, "\n  \n"))).hasMessage("The SOAP Body is empty: it must hold one operation element");
    }

    @Test
    void refusesTwoOperationsInOneBody() {
        assertThat(rejected(soap11(TOKEN, GET_ALL + GET_ALL)))
                .hasMessage("The SOAP Body holds more than one element: {" + XWEB + "}GetAllCustomerCommunicationPreferences"
                        + " after GetAllCustomerCommunicationPreferences");
    }

    @Test
    void refusesAnElementAfterTheBody() {
        String xml = soap11(TOKEN, GET_ALL).replace("</soap:Body>", "</soap:Body><soap:Header/>");
        assertThat(rejected(xml)).hasMessage("Unexpected element {" + SOAP11 + "}Header after the SOAP Body");
    }

    @Test
    void refusesTextBetweenEnvelopeElements() {
        assertThat(rejected(soap11(TOKEN, "hello" + GET_ALL)))
                .hasMessage("Text is not allowed in the SOAP envelope outside its elements");
    }

    @Test
    void refusesAnUnknownOperation() {
        EnvelopeRefused rejected = rejected(soap11(TOKEN, "<x:DeleteAllCustomers/>"));
        assertThat(rejected).hasMessage("Unknown operation {" + XWEB + "}DeleteAllCustomers");
        assertThat(rejected.field()).isNull();
    }

    @Test
    void refusesAnOperationInNoOrAnotherNamespaceNamingTheExpectedOne() {
        EnvelopeRefused none = rejected(soap11(TOKEN,
                "<GetAllCustomerCommunicationPreferences><customerKey>k</customerKey></GetAllCustomerCommunicationPreferences>"));
        assertThat(none).hasMessage("GetAllCustomerCommunicationPreferences: the operation element must be in namespace "
                + XWEB + ", not no namespace");
        assertThat(none.field()).isEqualTo("GetAllCustomerCommunicationPreferences");

        EnvelopeRefused other = rejected(soap11(TOKEN,
                "<Authenticate xmlns=\"http://www.avectra.com/2006/\"><userName>u</userName></Authenticate>"));
        assertThat(other).hasMessage("Authenticate: the operation element must be in namespace "
                + XWEB + ", not http://www.avectra.com/2006/");
    }

    @Test
    void refusesAnAuthorizationTokenHeaderInNoNamespace() {
        EnvelopeRefused rejected = rejected(soap11(
                "<AuthorizationToken><Token>33d08c11-09ec-455d-a9f6-d308f8f2592d</Token></AuthorizationToken>", GET_ALL));

        assertThat(rejected).hasMessage("AuthorizationToken: the header must be in namespace " + XWEB + ", not no namespace");
        assertThat(rejected.field()).isEqualTo("AuthorizationToken");
    }

    @Test
    void refusesAnAuthorizationTokenHeaderInAnotherNamespace() {
        EnvelopeRefused rejected = rejected(soap11(
                "<AuthorizationToken xmlns=\"urn:tokens\"><Token>t</Token></AuthorizationToken>", GET_ALL));

        assertThat(rejected).hasMessage("AuthorizationToken: the header must be in namespace " + XWEB + ", not urn:tokens");
        assertThat(rejected.field()).isEqualTo("AuthorizationToken");
    }

    @Test
    void refusesATokenInNoNamespaceWhichMetroWouldDropSilently() {
        EnvelopeRefused rejected = rejected(soap11("<x:AuthorizationToken><Token>t</Token></x:AuthorizationToken>",
                GET_ALL));

        assertThat(rejected).hasMessage("AuthorizationToken.Token: element 'Token' (in no namespace) must be in namespace "
                + XWEB);
        assertThat(rejected.field()).isEqualTo("AuthorizationToken.Token");
    }

    @Test
    void refusesAnUnknownHeaderMarkedMustUnderstand() {
        assertThat(rejected(soap11("<s:Security xmlns:s=\"urn:security\" soap:mustUnderstand=\"1\"/>" + TOKEN, GET_ALL)))
                .hasMessage("Header {urn:security}Security is marked mustUnderstand but this service does not understand it");
        assertThat(rejected(envelope(SOAP12, "<s:Security xmlns:s=\"urn:security\" soap:mustUnderstand=\"true\"/>",
                GET_ALL).getBytes(StandardCharsets.UTF_8), SoapVersion.SOAP_12))
                .hasMessageStartingWith("Header {urn:security}Security is marked mustUnderstand");
    }

    @Test
    void namesTheHeaderNotUnderstoodForAMustUnderstandFault() {
        assertThat(rejected(soap11("<s:Security xmlns:s=\"urn:security\" soap:mustUnderstand=\"1\"/>", GET_ALL))
                .notUnderstood()).containsExactly(new QName("urn:security", "Security"));
        assertThat(rejected(soap11(TOKEN, "<x:Nope/>")).notUnderstood()).isEmpty();
    }

    @Test
    void namesEveryHeaderNotUnderstoodAndStillReadsTheTokenAfterThem() {
        EnvelopeRefused rejected = rejected(soap11("<s:Security xmlns:s=\"urn:security\" soap:mustUnderstand=\"1\"/>"
                + "<a:Action xmlns:a=\"urn:addressing\" soap:mustUnderstand=\"true\"/>" + TOKEN, GET_ALL));

        assertThat(rejected.notUnderstood()).containsExactly(new QName("urn:security", "Security"),
                new QName("urn:addressing", "Action"));
        assertThat(rejected).hasMessage("Headers {urn:security}Security, {urn:addressing}Action are marked"
                + " mustUnderstand but this service does not understand them");
        assertThat(rejected.presentedToken()).as("the token after them is read, to be spent and renewed").isNotNull();
    }

    @Test
    void keepsTheTokenItReadForARefusalAfterTheHeaderAndForAnEnvelopeThatPassed() throws Exception {
        String header = "<x:AuthorizationToken><x:Token> 33d08c11-<!-- split -->09ec-455d-a9f6-d308f8f2592d"
                + "</x:Token></x:AuthorizationToken>";

        assertThat(rejected(soap11(header, "<x:Nope/>")).presentedToken())
                .isEqualTo(" 33d08c11-09ec-455d-a9f6-d308f8f2592d");
        assertThat(rejected(soap11(header, GET_ALL).replace("</soap:Envelope>", "")).presentedToken())
                .as("malformed after the header").isEqualTo(" 33d08c11-09ec-455d-a9f6-d308f8f2592d");
        assertThat(check.check(soap11(header, GET_ALL).getBytes(StandardCharsets.UTF_8), SoapVersion.SOAP_11, null)
                .presentedToken()).isEqualTo(" 33d08c11-09ec-455d-a9f6-d308f8f2592d");
        assertThat(rejected(soap11("", "<x:Nope/>")).presentedToken()).isNull();
    }

    @Test
    void skipsAnUnknownHeaderThatNeedNotBeUnderstood() throws Exception {
        String header = "<s:Trace xmlns:s=\"urn:trace\"><s:id>1</s:id><s:hop><s:at>x</s:at></s:hop></s:Trace>"
                + "<s:Other xmlns:s=\"urn:other\" soap:mustUnderstand=\"0\"/>" + TOKEN;

        assertThat(operation(soap11(header, GET_ALL), SoapVersion.SOAP_11)).isEqualTo("GetAllCustomerCommunicationPreferences");
    }

    @Test
    void acceptsMustUnderstandOnTheAuthorizationToken() throws Exception {
        String header = "<x:AuthorizationToken soap:mustUnderstand=\"1\"><x:Token>t</x:Token></x:AuthorizationToken>";
        assertThat(operation(soap11(header, GET_ALL), SoapVersion.SOAP_11)).isEqualTo("GetAllCustomerCommunicationPreferences");
    }

    @Test
    void refusesAMisspeltElementInsideAMailingListSettingNamingTheSetting() {
        EnvelopeRefused rejected = rejected(soap11(TOKEN,
                set(validSetting(), validSetting() + "<x:email_kye>e</x:email_kye>")));

        assertThat(rejected).hasMessage("preferences[2].email_kye: unexpected element {" + XWEB + "}email_kye");
        assertThat(rejected.field()).isEqualTo("preferences[2].email_kye");
    }

    @Test
    void refusesAnUnknownElementInTheOperationAndInsideALeaf() {
        assertThat(rejected(soap11(TOKEN, "<x:Authenticate><x:user>u</x:user></x:Authenticate>")))
                .hasMessage("user: unexpected element {" + XWEB + "}user");
        EnvelopeRefused inLeaf = rejected(soap11(TOKEN, GET_ALL.replace("</x:customerKey>",
                "<x:inner/></x:customerKey>")));
        assertThat(inLeaf).hasMessage("customerKey.inner: unexpected element {" + XWEB + "}inner");
        assertThat(inLeaf.field()).isEqualTo("customerKey.inner");
    }

    @Test
    void repeatsAHugeUnknownNameOnlyInPart() {
        String name = "c".repeat(800_000);
        EnvelopeRefused child = rejected(soap11(TOKEN, GET_ALL.replace("<x:customerKey>",
                "<x:" + name + "/><x:customerKey>")));
        String cut = "c".repeat(100) + "...";
        assertThat(child).hasMessage(cut + ": unexpected element {" + XWEB + "}" + cut);
        assertThat(child.field()).isEqualTo(cut);

        String namespace = "urn:" + "n".repeat(5_000);
        assertThat(rejected(soap11(TOKEN, "<y:" + name + " xmlns:y=\"" + namespace + "\"/>")).getMessage())
                .isEqualTo("Unknown operation {" + namespace.substring(0, 100) + "...}" + cut);
        assertThat(rejected(soap11(TOKEN, "<x:" + name + "></x:" + name + "x>")).getMessage())
                .as("the parser's own message, which quotes both tags").hasSizeLessThan(500);
        assertThat(rejected(soap11(TOKEN, "<?" + name + " data?>" + GET_ALL)).getMessage()).hasSizeLessThan(200);
    }

    @Test
    void refusesAFieldInNoNamespaceNamingItsPath() {
        EnvelopeRefused customerKey = rejected(soap11(TOKEN,
                "<x:GetAllCustomerCommunicationPreferences><customerKey>k</customerKey></x:GetAllCustomerCommunicationPreferences>"));
        assertThat(customerKey).hasMessage("customerKey: element 'customerKey' (in no namespace) must be in namespace " + XWEB);
        assertThat(customerKey.field()).isEqualTo("customerKey");

        EnvelopeRefused status = rejected(soap11(TOKEN,
                set(validSetting(), "<x:mailing_list_key>k</x:mailing_list_key><status xmlns=\"\">OptIn</status>")));
        assertThat(status).hasMessage("preferences[2].status: element 'status' (in no namespace) must be in namespace " + XWEB);
        assertThat(status.field()).isEqualTo("preferences[2].status");
    }

    @Test
    void refusesARepeatedElement() {
        EnvelopeRefused customerKey = rejected(soap11(TOKEN, GET_ALL.replace("</x:customerKey>",
                "</x:customerKey><x:customerKey>b</x:customerKey>")));
        assertThat(customerKey).hasMessage("customerKey: appears more than once");
        assertThat(customerKey.field()).isEqualTo("customerKey");

        EnvelopeRefused status = rejected(soap11(TOKEN,
                set(validSetting(), validSetting(), validSetting() + "<x:status>OptOut</x:status>")));
        assertThat(status).hasMessage("preferences[3].status: appears more than once");
        assertThat(status.field()).isEqualTo("preferences[3].status");
    }

    @Test
    void refusesTextWhereOnlyElementsBelong() {
        EnvelopeRefused rejected = rejected(soap11(TOKEN, set(validSetting()).replace("<x:preferences>",
                "<x:preferences>stray")));

        assertThat(rejected).hasMessage("preferences: text is not allowed here, only elements");
        assertThat(rejected.field()).isEqualTo("preferences");
    }

    @Test
    void refusesXsiType() {
        String xsi = " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"x:Other\"";
        EnvelopeRefused inSetting = rejected(soap11(TOKEN, set(validSetting()).replace(
                "<x:MailingListSetting>", "<x:MailingListSetting" + xsi + ">")));
        assertThat(inSetting).hasMessage("preferences[1]: xsi:type 'x:Other' is not allowed (the type here is"
                + " {" + XWEB + "}MailingListSetting)");
        assertThat(inSetting.field()).isEqualTo("preferences[1]");

        EnvelopeRefused onOperation = rejected(soap11(TOKEN, GET_ALL.replace(
                "<x:GetAllCustomerCommunicationPreferences>", "<x:GetAllCustomerCommunicationPreferences" + xsi + ">")));
        assertThat(onOperation).hasMessage("GetAllCustomerCommunicationPreferences: xsi:type 'x:Other' is not allowed");
        assertThat(onOperation.field()).isEqualTo("GetAllCustomerCommunicationPreferences");

        EnvelopeRefused unbound = rejected(soap11(TOKEN, GET_ALL.replace("<x:customerKey>",
                "<x:customerKey xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xsd:string\">")));
        assertThat(unbound).hasMessage("customerKey: xsi:type 'xsd:string' uses a prefix that is not declared");
    }

    @Test
    void refusesXsiNilOnAnElementWithContentAndAcceptsItOnAnEmptyOne() throws Exception {
        String xsi = " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
        String nilWithKey = set("<x:mailing_list_key>b31c52e4-29c1-4a65-8c53-0626342c920d</x:mailing_list_key>"
                + "<x:status>OptIn</x:status><x:email_key" + xsi + " xsi:nil=\"true\">"
                + "abc320db-863f-441a-8ab4-5fc827fc33c2</x:email_key>");

        EnvelopeRefused rejected = rejected(soap11(TOKEN, nilWithKey));

        assertThat(rejected).hasMessage("preferences[1].email_key: xsi:nil is true, so the element must be empty (no"
                + " text, not even spaces)");
        assertThat(rejected.field()).isEqualTo("preferences[1].email_key");
        assertThat(operation(soap11(TOKEN, set(validSetting() + "<x:email_key" + xsi + " xsi:nil=\"true\"/>")),
                SoapVersion.SOAP_11)).isEqualTo("SetCustomerCommunicationPreferences");
        assertThat(rejected(soap11(TOKEN, set(validSetting()).replace("<x:preferences>", "<x:preferences" + xsi
                + " xsi:nil=\"1\">")))).hasMessageStartingWith("preferences: xsi:nil is true, so the element must be empty");
        assertThat(rejected(soap11(TOKEN, set(validSetting() + "<x:email_key" + xsi + " xsi:nil=\"true\">   </x:email_key>"))))
                .as("whitespace is content too").hasMessageStartingWith("preferences[1].email_key: xsi:nil is true");
        assertThat(rejected(soap11(TOKEN, set(validSetting() + "<x:email_key" + xsi + " xsi:nil=\"TRUE\">"
                + "abc320db-863f-441a-8ab4-5fc827fc33c2</x:email_key>"))))
                .hasMessage("preferences[1].email_key: xsi:nil 'TRUE' is not a boolean (true, false, 1 or 0)");
        assertThat(operation(soap11(TOKEN, set(validSetting() + "<x:email_key" + xsi + " xsi:nil=\"false\">"
                + "abc320db-863f-441a-8ab4-5fc827fc33c2</x:email_key>")), SoapVersion.SOAP_11))
                .isEqualTo("SetCustomerCommunicationPreferences");
    }

    @Test
    void refusesXsiNilOnTheOperationElementByName() {
        String xsi = " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

        EnvelopeRefused empty = rejected(soap11(null, "<x:Authenticate" + xsi + " xsi:nil=\"true\"/>"));
        EnvelopeRefused withParameters = rejected(soap11(TOKEN, GET_ALL.replace(
                "<x:GetAllCustomerCommunicationPreferences>", "<x:GetAllCustomerCommunicationPreferences" + xsi
                        + " xsi:nil=\"1\">")));

        assertThat(empty).hasMessage("Authenticate: xsi:nil is not allowed on the operation element (it is not"
                + " nillable); send the element with its parameters");
        assertThat(empty.field()).isEqualTo("Authenticate");
        assertThat(withParameters).hasMessageStartingWith("GetAllCustomerCommunicationPreferences: xsi:nil is not"
                + " allowed on the operation element");
    }

    @Test
    void saysWhyANilTokenIsRefusedAndAcceptsAnEmptyCdataInANilElement() throws Exception {
        String xsi = " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
        String nilToken = "<x:AuthorizationToken><x:Token" + xsi + " xsi:nil=\"true\">"
                + "33d08c11-09ec-455d-a9f6-d308f8f2592d</x:Token></x:AuthorizationToken>";

        EnvelopeRefused rejected = rejected(soap11(nilToken, GET_ALL));

        assertThat(rejected).hasMessage("AuthorizationToken.Token: xsi:nil is true, so the element must be empty"
                + " (no text, not even spaces)");
        assertThat(operation(soap11(TOKEN, set(validSetting() + "<x:email_key" + xsi + " xsi:nil=\"true\">"
                + "<![CDATA[]]></x:email_key>")), SoapVersion.SOAP_11))
                .as("an empty CDATA section is no content").isEqualTo("SetCustomerCommunicationPreferences");
        assertThat(operation(soap11(TOKEN, set(validSetting()).replace("<x:preferences>",
                "<x:preferences><![CDATA[]]>")), SoapVersion.SOAP_11))
                .as("nor is it text where only elements go").isEqualTo("SetCustomerCommunicationPreferences");
    }

    @Test
    void acceptsXsiTypeNamingTheDeclaredTypeAsSoapLiteAndNuSoapSendIt() throws Exception {
        String types = " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"";
        String setting = "<x:MailingListSetting xsi:type=\"x:MailingListSetting\"><x:mailing_list_key xsi:type="
                + "\"xsd:string\">b31c52e4-29c1-4a65-8c53-0626342c920d</x:mailing_list_key><x:status xsi:type="
                + "\"xsd:string\">OptIn</x:status></x:MailingListSetting>";
        String body = "<x:SetCustomerCommunicationPreferences" + types + "><x:customerKey xsi:type=\"xsd:string\">"
                + "fadff57b-c6ef-4130-be1e-07000a38056f</x:customerKey><x:preferences xsi:type="
                + "\"x:ArrayOfMailingListSetting\">" + setting + "</x:preferences></x:SetCustomerCommunicationPreferences>";

        assertThat(operation(soap11(TOKEN, body), SoapVersion.SOAP_11)).isEqualTo("SetCustomerCommunicationPreferences");
        assertThat(operation(soap11(TOKEN, body.replace("<x:status xsi:type=\"xsd:string\">",
                "<x:status xsi:type=\"x:MailingPerferenceStatus\">")), SoapVersion.SOAP_11))
                .as("status as the WSDL declares it").isEqualTo("SetCustomerCommunicationPreferences");
        assertThat(rejected(soap11(TOKEN, body.replace("<x:status xsi:type=\"xsd:string\">",
                "<x:status xsi:type=\"x:Other\">")))).hasMessage("preferences[1].status: xsi:type 'x:Other' is not"
                + " allowed on a text field (xsd:string, or another XML Schema type)");
    }

    /**
     * SOAP::Lite types each value as it guesses (xsd:int on "2025", xsd:date on
     * "2025-01-31"), and ASMX's serializer reads a string element's text
     * whatever type it names. Not base64: the letters would be stored as they are.
     */
    @Test
    void acceptsAnyXmlSchemaTypeOnATextFieldButTheBinaryOnes() throws Exception {
        String types = " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
                + " xmlns:enc=\"http://schemas.xmlsoap.org/soap/encoding/\"";
        String body = set("<x:mailing_list_key>b31c52e4-29c1-4a65-8c53-0626342c920d</x:mailing_list_key>"
                + "<x:mailing_list_name>2025</x:mailing_list_name><x:status>OptIn</x:status>")
                .replace("<x:SetCustomerCommunicationPreferences>", "<x:SetCustomerCommunicationPreferences" + types + ">");
        for (String type : new String[] {"xsd:int", "xsd:float", "xsd:date", "xsd:boolean", "xsd:gYear", "enc:string"}) {
            assertThat(operation(soap11(TOKEN, body.replace("<x:mailing_list_name>",
                    "<x:mailing_list_name xsi:type=\"" + type + "\">")), SoapVersion.SOAP_11)).as(type)
                    .isEqualTo("SetCustomerCommunicationPreferences");
        }

        EnvelopeRefused binary = rejected(soap11(TOKEN, body.replace("<x:mailing_list_name>",
                "<x:mailing_list_name xsi:type=\"xsd:base64Binary\">")));
        assertThat(binary).hasMessageStartingWith("preferences[1].mailing_list_name: xsi:type 'xsd:base64Binary' is"
                + " not allowed: the text would be stored as its encoded letters, not decoded; send it as xsd:string"
                + " (SOAP::Lite ");
        assertThat(binary.field()).isEqualTo("preferences[1].mailing_list_name");
        assertThat(rejected(soap11(TOKEN, body.replace("<x:mailing_list_name>",
                "<x:mailing_list_name xsi:type=\"enc:base64\">")))).hasMessageContaining("is not allowed: the text");

        for (String made : new String[] {"xsd:nonsense", "xsd:base64binary", "xsd:int:x", "xsd:", "enc:Array"}) {
            assertThat(rejected(soap11(TOKEN, body.replace("<x:mailing_list_name>",
                    "<x:mailing_list_name xsi:type=\"" + made + "\">")))).as(made)
                    .hasMessage("preferences[1].mailing_list_name: xsi:type '" + made + "' is not allowed on a text"
                            + " field (xsd:string, or another XML Schema type)");
        }
        assertThat(rejected(soap11(TOKEN, body.replace("<x:mailing_list_name>", "<x:mailing_list_name"
                + " xmlns:xsi1999=\"http://www.w3.org/1999/XMLSchema-instance\" xsi1999:type=\"enc:base64\">"))))
                .as("the 1999 draft's xsi:type, as older toolkits write it").hasMessageContaining("is not allowed");
    }

    /** SOAP::Lite names a list written as a Perl array soapenc:Array, with its soapenc:arrayType. */
    @Test
    void acceptsSoapEncodingsArrayOnTheListOfSettingsOnly() throws Exception {
        String enc = " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:enc=\"http://schemas.xmlsoap.org/soap/encoding/\"";
        String array = set(validSetting()).replace("<x:preferences>", "<x:preferences" + enc
                + " enc:arrayType=\"xsd:anyType[1]\" xsi:type=\"enc:Array\">");

        assertThat(operation(soap11(TOKEN, array), SoapVersion.SOAP_11)).isEqualTo("SetCustomerCommunicationPreferences");
        assertThat(operation(soap11(TOKEN, array.replace("http://schemas.xmlsoap.org/soap/encoding/",
                "http://www.w3.org/2003/05/soap-encoding")), SoapVersion.SOAP_11)).as("SOAP 1.2's encoding")
                .isEqualTo("SetCustomerCommunicationPreferences");
        assertThat(rejected(soap11(TOKEN, set(validSetting()).replace("<x:MailingListSetting>",
                "<x:MailingListSetting" + enc + " xsi:type=\"enc:Array\">"))))
                .as("a setting is no list").hasMessage("preferences[1]: xsi:type 'enc:Array' is not allowed (the type"
                        + " here is {" + XWEB + "}MailingListSetting)");
    }

    /** SOAP::Lite types an all-digit password xsd:int: it logs in, and base64 is refused in its own words. */
    @Test
    void aTypedPasswordIsReadAsTextAndATypeRefusedThereIsToldAsItIs() throws Exception {
        String authenticate = "<x:Authenticate xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><x:userName>u</x:userName>"
                + "<x:password xsi:type=\"TYPE\">20251129</x:password></x:Authenticate>";

        assertThat(operation(soap11("", authenticate.replace("TYPE", "xsd:int")), SoapVersion.SOAP_11))
                .isEqualTo("Authenticate");
        assertThat(rejected(soap11("", authenticate.replace("TYPE", "xsd:base64Binary"))))
                .hasMessageStartingWith("password: xsi:type 'xsd:base64Binary' is not allowed: the text would be");
    }

    @Test
    void refusesAMustUnderstandThatIsNoBoolean() throws Exception {
        assertThat(rejected(soap11("<s:Other xmlns:s=\"urn:other\" soap:mustUnderstand=\"yes\"/>" + TOKEN, GET_ALL)))
                .hasMessage("Header {urn:other}Other: mustUnderstand 'yes' is not a boolean (1, 0, true or false)");
        assertThat(rejected(soap11("<x:AuthorizationToken soap:mustUnderstand=\"yes\"><x:Token>t</x:Token>"
                + "</x:AuthorizationToken>", GET_ALL))).as("on the header this service understands too")
                .hasMessage("Header {" + XWEB + "}AuthorizationToken: mustUnderstand 'yes' is not a boolean (1, 0, true or"
                        + " false)");
        assertThat(operation(soap11("<s:Other xmlns:s=\"urn:other\" soap:actor=\"urn:another-node\""
                + " soap:mustUnderstand=\"yes\"/>" + TOKEN, GET_ALL), SoapVersion.SOAP_11))
                .as("a header for another node is not this one's to judge").isEqualTo("GetAllCustomerCommunicationPreferences");
    }

    @Test
    void refusesATokenHeaderAddressedToAnotherNodeRatherThanReadingIt() throws Exception {
        String tokenFor = "<x:AuthorizationToken soap:%s=\"%s\"><x:Token>33d08c11-09ec-455d-a9f6-d308f8f2592d</x:Token>"
                + "</x:AuthorizationToken>";

        assertThat(rejected(soap11(String.format(tokenFor, "actor", "urn:elsewhere"), GET_ALL)))
                .hasMessage("AuthorizationToken: the header is addressed to actor 'urn:elsewhere', not to this service:"
                        + " send it without actor");
        byte[] none12 = envelope(SOAP12, String.format(tokenFor, "role", SOAP12 + "/role/none"), GET_ALL)
                .getBytes(StandardCharsets.UTF_8);
        assertThat(rejected(none12, SoapVersion.SOAP_12)).hasMessageStartingWith("AuthorizationToken: the header is"
                + " addressed to role '" + SOAP12 + "/role/none'");
        assertThat(operation(soap11(String.format(tokenFor, "actor", "http://schemas.xmlsoap.org/soap/actor/next"),
                GET_ALL), SoapVersion.SOAP_11)).as("the next node is this one").isEqualTo(
                "GetAllCustomerCommunicationPreferences");
        byte[] ultimate12 = envelope(SOAP12, String.format(tokenFor, "role", SOAP12 + "/role/ultimateReceiver"), GET_ALL)
                .getBytes(StandardCharsets.UTF_8);
        assertThat(check.check(ultimate12, SoapVersion.SOAP_12, null).operation())
                .isEqualTo("GetAllCustomerCommunicationPreferences");
        byte[] axisNext12 = envelope(SOAP12, String.format(tokenFor, "role", "http://schemas.xmlsoap.org/soap/actor/next"),
                GET_ALL).getBytes(StandardCharsets.UTF_8);
        assertThat(check.check(axisNext12, SoapVersion.SOAP_12, null).operation())
                .as("SOAP 1.1's next actor as a SOAP 1.2 role, as Apache Axis 1.x writes it")
                .isEqualTo("GetAllCustomerCommunicationPreferences");
    }

    @Test
    void takesAsManyHeaderBlocksAsTheLimitWithTheTokenAmongThemAndRefusesOneMore() throws Exception {
        String blocks = "<h:Trace xmlns:h=\"urn:trace\"/>";
        int others = EnvelopeCheck.MAX_HEADER_BLOCKS - 1;
        String atTheLimit = "<h:Trace/>".repeat(others) + TOKEN;
        String envelopeDeclaringH = soap11(atTheLimit, GET_ALL).replace("<soap:Envelope ",
                "<soap:Envelope xmlns:h=\"urn:trace\" ");

        assertThat(operation(envelopeDeclaringH, SoapVersion.SOAP_11)).isEqualTo("GetAllCustomerCommunicationPreferences");
        EnvelopeRefused oneMore = rejected(envelopeDeclaringH.replace(TOKEN, TOKEN + "<h:Trace/>"));
        assertThat(oneMore).hasMessage("Header: holds more than 64 header blocks; this service reads one,"
                + " AuthorizationToken");
        assertThat(oneMore.field()).isEqualTo("Header");
        assertThat(rejected(soap11(blocks.repeat(others + 1) + TOKEN, GET_ALL))).as("declared in each block")
                .hasMessageStartingWith("Header: ");
    }

    @Test
    void takesAsManyNamespaceDeclarationsInTheHeaderAsTheLimitAndRefusesOneMore() throws Exception {
        StringBuilder children = new StringBuilder();
        for (int i = 1; i < EnvelopeCheck.MAX_HEADER_NAMESPACES; i++) {
            children.append("<c xmlns=\"urn:c").append(i).append("\"/>");
        }
        String atTheLimit = "<h:Trace xmlns:h=\"urn:trace\">" + children + "</h:Trace>" + TOKEN;

        assertThat(operation(soap11(atTheLimit, GET_ALL), SoapVersion.SOAP_11))
                .isEqualTo("GetAllCustomerCommunicationPreferences");
        EnvelopeRefused oneMore = rejected(soap11(atTheLimit.replace("</h:Trace>", "<c xmlns=\"urn:c\"/></h:Trace>"),
                GET_ALL));
        assertThat(oneMore).hasMessage("Header: declares more than 64 namespaces (xmlns attributes); declare them once,"
                + " on the Envelope");
        assertThat(oneMore.field()).isEqualTo("Header");
    }

    /** The Header's own namespace declarations count toward the Header's limit, as those of its blocks do. */
    @Test
    void countsTheNamespacesTheHeaderItselfDeclaresTowardTheLimit() throws Exception {
        StringBuilder declarations = new StringBuilder();
        for (int i = 1; i <= EnvelopeCheck.MAX_HEADER_NAMESPACES; i++) {
            declarations.append(" xmlns:n").append(i).append("=\"urn:n").append(i).append('"');
        }
        String atTheLimit = soap11(TOKEN, GET_ALL).replace("<soap:Header>", "<soap:Header" + declarations + ">");

        assertThat(operation(atTheLimit, SoapVersion.SOAP_11)).isEqualTo("GetAllCustomerCommunicationPreferences");
        EnvelopeRefused oneMore = rejected(atTheLimit.replace(TOKEN, "<h:Trace xmlns:h=\"urn:trace\"/>" + TOKEN));
        assertThat(oneMore).hasMessage("Header: declares more than 64 namespaces (xmlns attributes); declare them once,"
                + " on the Envelope");
        assertThat(oneMore.field()).isEqualTo("Header");
    }

    /** The parser's limits on attributes hold where no test of the contract's fields would notice them gone. */
    @Test
    void takes64AttributesOfUpTo8KibOnAnElementAndRefusesOneMoreOrALongerOne() throws Exception {
        StringBuilder attributes = new StringBuilder();
        for (int i = 1; i <= 64; i++) {
            attributes.append(" a").append(i).append("=\"").append(i).append('"');
        }
        String manyAttributes = "<h:Trace xmlns:h=\"urn:trace\"" + attributes + "/>" + TOKEN;
        String longAttribute = "<h:Trace xmlns:h=\"urn:trace\" a=\"" + "x".repeat(8 * 1024) + "\"/>" + TOKEN;

        assertThat(operation(soap11(manyAttributes, GET_ALL), SoapVersion.SOAP_11))
                .isEqualTo("GetAllCustomerCommunicationPreferences");
        assertThat(operation(soap11(longAttribute, GET_ALL), SoapVersion.SOAP_11))
                .isEqualTo("GetAllCustomerCommunicationPreferences");
        assertThat(rejected(soap11(manyAttributes.replace("/>", " a65=\"65\"/>"), GET_ALL)))
                .hasMessageStartingWith("Refused: an XML limit was exceeded")
                .hasMessageContaining("Attribute limit (64) exceeded");
        assertThat(rejected(soap11(longAttribute.replace("\"/>", "x\"/>"), GET_ALL)))
                .hasMessageStartingWith("Refused: an XML limit was exceeded")
                .hasMessageContaining("Maximum attribute size limit (8192) exceeded");
    }

    /** A made-up operation is labelled "unknown" in the metrics and the access log, not by the name a client made up. */
    @Test
    void aRefusalOfAMadeUpOperationIsLabelledUnknownAndOneOfAKnownOperationByItsName() {
        assertThat(rejected(soap11(TOKEN, "<x:DeleteAllCustomers/>")).operation()).isEqualTo("unknown");
        assertThat(rejected(soap11(TOKEN, GET_ALL.replace("</x:customerKey>", "</x:customerKey><x:extra/>")))
                .operation()).isEqualTo("GetAllCustomerCommunicationPreferences");
        assertThat(rejected(soap11(TOKEN, "")).operation()).as("no operation read").isNull();
    }

    /**
     * UTF-8 under a UTF-8 declaration, sent as charset=ISO-8859-1, would be stored garbled ("MÃ¼ller"): which
     * was meant is asked. The same bytes sent as charset=utf-8 are read.
     */
    @Test
    void utf8DeclaredAsUtf8ButSentAsLatin1WithLettersThatReadDifferentlyIsRefused() throws Exception {
        byte[] body = soap11(TOKEN, set(validSetting() + "<x:mailing_list_name>M\u00fcller</x:mailing_list_name>"))
                .getBytes(StandardCharsets.UTF_8);

        EnvelopeRefused latin1 = catchThrowableOfType(EnvelopeRefused.class,
                () -> check.check(body, SoapVersion.SOAP_11, StandardCharsets.ISO_8859_1));
        assertThat(latin1).isNotNull().hasMessage("The XML declaration says encoding 'utf-8' but Content-Type says"
                + " charset 'ISO-8859-1', and the body reads differently in each: send the charset it is written in");
        assertThat(check.check(body, SoapVersion.SOAP_11, StandardCharsets.UTF_8).operation())
                .isEqualTo("SetCustomerCommunicationPreferences");
    }

    /** A value longer than the parser reads is that field's mistake: the fault names it (contract audit). */
    @Test
    void aNameOverTheTextLimitIsToldNamingItsField() {
        EnvelopeRefused name = rejected(soap11(TOKEN, set(validSetting(), validSetting()
                + "<x:mailing_list_category>" + "C".repeat(100_000) + "</x:mailing_list_category>")));

        assertThat(name).hasMessageStartingWith("preferences[2].mailing_list_category: Refused: an XML limit was"
                + " exceeded").hasMessageContaining("Text size limit (65536) exceeded");
        assertThat(name.field()).isEqualTo("preferences[2].mailing_list_category");
    }

    @Test
    void aTextOverTheLimitOutsideTheContractsElementsNamesNoField() {
        EnvelopeRefused padding = rejected(soap11("<h:Padding xmlns:h=\"urn:padding\">" + "x".repeat(100_000)
                + "</h:Padding>" + TOKEN, GET_ALL));

        assertThat(padding).hasMessageStartingWith("Refused: an XML limit was exceeded");
        assertThat(padding.field()).isNull();
    }

    @Test
    void refusesElementsNested100Deep() {
        String deep = "<a>".repeat(100) + "</a>".repeat(100);

        assertThat(rejected(soap11("<h:Trace xmlns:h=\"urn:trace\">" + deep + "</h:Trace>" + TOKEN, GET_ALL)))
                .hasMessageStartingWith("Refused: an XML limit was exceeded")
                .hasMessageContaining("Maximum Element Depth limit (32) Exceeded");
        assertThat(rejected(soap11(TOKEN, GET_ALL.replace(">fadff57b-c6ef-4130-be1e-07000a38056f<", ">" + deep + "<"))))
                .hasMessage("customerKey.a: unexpected element 'a' (in no namespace)");
    }

    /** Where the parser stops before it knows the encoding, its own words say more than a guess of UTF-8. */
    @Test
    void anUnknownDeclaredEncodingIsNotToldAsInvalidUtf8() {
        byte[] body = soap11(TOKEN, GET_ALL).replace("encoding=\"utf-8\"", "encoding=\"x-no-such\"")
                .replace("fadff57b", "fadff57\u00e9").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(rejected(body, SoapVersion.SOAP_11)).hasMessageStartingWith("Malformed XML")
                .hasMessageNotContaining("not valid UTF-8");
    }

    @Test
    void aByteOutsideTheEncodingTheDocumentDeclaresIsToldAsSuch() {
        byte[] body = soap11(TOKEN, GET_ALL).replace("encoding=\"utf-8\"", "encoding=\"US-ASCII\"")
                .replace("fadff57b", "fadff57\u00e9").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(rejected(body, SoapVersion.SOAP_11))
                .hasMessage("Malformed XML: the body is not valid US-ASCII (the encoding of the document)");
    }

    @Test
    void refusesInvalidUtf8AsSuchNotInTheParsersWords() {
        String notValid = "Malformed XML: the body is not valid UTF-8 (the encoding of the document)";
        byte[] body = soap11(TOKEN, GET_ALL.replace("fadff57b", "fadff57é")).getBytes(StandardCharsets.UTF_8);
        int at = indexOf(body, (byte) 0xC3);
        body[at + 1] = 0x28; // a lead byte followed by no continuation byte

        assertThat(rejected(body, SoapVersion.SOAP_11)).hasMessage(notValid);

        body[at] = (byte) 0xFF; // a byte UTF-8 never uses
        assertThat(rejected(body, SoapVersion.SOAP_11)).hasMessage(notValid);

        body[at] = (byte) 0xC0; // C0 BC: an overlong '<', which the parser reads as one
        body[at + 1] = (byte) 0xBC;
        assertThat(rejected(body, SoapVersion.SOAP_11)).hasMessage(notValid);
    }

    @Test
    void refusesACharacterReferenceToAControlCharacterNamingItsField() {
        for (String bad : List.of("&#1;", "&#xD800;", "&#xFFFE;", "\u0001", "&#0;")) {
            EnvelopeRefused rejected = rejected(soap11(TOKEN, GET_ALL.replace(
                    ">fadff57b-c6ef-4130-be1e-07000a38056f<", ">a" + bad + "<")));

            assertThat(rejected).as(bad).hasMessageStartingWith("customerKey: Malformed XML at line 1")
                    .hasMessageFindingMatch("Illegal character|Invalid character reference");
            assertThat(rejected.field()).as(bad).isEqualTo("customerKey");
        }
    }

    @Test
    void refusesContentAfterTheEnvelope() {
        assertThat(rejected(soap11(TOKEN, GET_ALL) + "<junk/>")).hasMessageStartingWith("Malformed XML");
        assertThat(rejected(soap11(TOKEN, GET_ALL) + "junk")).hasMessageStartingWith("Malformed XML");
    }

    @Test
    void refusesTwoAuthorizationTokenHeaders() {
        EnvelopeRefused rejected = rejected(soap11(TOKEN + TOKEN, GET_ALL));
        assertThat(rejected).hasMessageContaining("AuthorizationToken").hasMessageContaining("more than once");
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }
}
