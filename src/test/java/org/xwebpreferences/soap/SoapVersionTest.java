package org.xwebpreferences.soap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xwebpreferences.http.MediaType;

class SoapVersionTest {

    @ParameterizedTest
    @ValueSource(strings = {"text/xml", "text/xml; charset=utf-8", "TEXT/XML; Charset=UTF-8", " Text/Xml ;charset=\"utf-8\"",
        "text/xml;charset=iso-8859-1"})
    void readsSoap11FromTextXmlInAnyCaseWithParameters(String contentType) {
        assertThat(SoapVersion.forContentType(MediaType.parse(contentType))).isEqualTo(SoapVersion.SOAP_11);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/soap+xml", "application/soap+xml; charset=utf-8",
        "Application/SOAP+XML;charset=utf-8;action=\"http://www.avectra.com/2005/Authenticate\""})
    void readsSoap12FromApplicationSoapXmlInAnyCaseWithParameters(String contentType) {
        assertThat(SoapVersion.forContentType(MediaType.parse(contentType))).isEqualTo(SoapVersion.SOAP_12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";", "application/xml", "application/json", "text/html; charset=utf-8", "text/xmlx",
        "text", "multipart/related; type=\"application/xop+xml\""})
    void knowsNoVersionForAnyOtherMediaType(String contentType) {
        assertThat(SoapVersion.forContentType(MediaType.parse(contentType))).isNull();
    }

    @Test
    void knowsNoVersionForAnAbsentContentType() {
        assertThat(SoapVersion.forContentType(MediaType.parse(null))).isNull();
    }

    @Test
    void answersInTheMediaTypeOfTheVersionWithUtf8() {
        assertThat(SoapVersion.SOAP_11.contentType()).isEqualTo("text/xml; charset=utf-8");
        assertThat(SoapVersion.SOAP_12.contentType()).isEqualTo("application/soap+xml; charset=utf-8");
    }

    @Test
    void namesFaultCodesAsEachVersionDoes() {
        assertThat(SoapVersion.SOAP_11.faultCode(true)).isEqualTo("Client");
        assertThat(SoapVersion.SOAP_11.faultCode(false)).isEqualTo("Server");
        assertThat(SoapVersion.SOAP_12.faultCode(true)).isEqualTo("Sender");
        assertThat(SoapVersion.SOAP_12.faultCode(false)).isEqualTo("Receiver");
    }

    @Test
    void findsTheVersionOfAnEnvelopeNamespace() {
        assertThat(SoapVersion.forEnvelopeNamespace("http://schemas.xmlsoap.org/soap/envelope/")).isEqualTo(SoapVersion.SOAP_11);
        assertThat(SoapVersion.forEnvelopeNamespace("http://www.w3.org/2003/05/soap-envelope")).isEqualTo(SoapVersion.SOAP_12);
        assertThat(SoapVersion.forEnvelopeNamespace("urn:other")).isNull();
        assertThat(SoapVersion.forEnvelopeNamespace(null)).isNull();
    }
}
