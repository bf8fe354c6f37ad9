package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The wire dump shows what a client sent, but never a token or a password, and never much. */
class WireDumpTest {

    @Test
    void masksSoapTokensPasswordsAndAuthenticateResults() {
        String masked = WireDump.mask(("<s:Envelope><s:Header><ns:AuthorizationToken><ns:Token>0f37de1d-a608-4ebc"
                + "</ns:Token></ns:AuthorizationToken></s:Header><s:Body><Authenticate><userName>crm</userName>"
                + "<password>p&amp;ss</password></Authenticate><AuthenticateResult>abc</AuthenticateResult>"
                + "</s:Body></s:Envelope>").getBytes(StandardCharsets.UTF_8));

        assertThat(masked).contains("<ns:Token>****</ns:Token>", "<password>****</password>",
                "<AuthenticateResult>****</AuthenticateResult>", "<userName>crm</userName>")
                .doesNotContain("0f37de1d").doesNotContain("p&amp;ss").doesNotContain(">abc<");
    }

    @Test
    void masksJsonTokensAndPasswords() {
        String masked = WireDump.mask("{\"Authenticate\":{\"userName\":\"crm\",\"password\" : \"se\\\"cret\"},\"token\":\"t-1\"}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(masked).contains("\"password\" : \"****\"", "\"token\":\"****\"", "\"userName\":\"crm\"")
                .doesNotContain("se\\\"cret").doesNotContain("t-1");
    }

    @Test
    void cutsLongBodiesAndDropsASecretTheCutLeftOpen() {
        String body = "<a>" + "x".repeat(WireDump.MAX_BYTES - 12) + "<Token>0f37de1d-a608-4ebc</Token></a>";

        String masked = WireDump.mask(body.getBytes(StandardCharsets.UTF_8));

        assertThat(masked).endsWith("... (" + body.length() + " bytes)").doesNotContain("0f37");
    }

    @Test
    void saysWhenThereIsNoBody() {
        assertThat(WireDump.mask(new byte[0])).isEqualTo("(no body)");
    }
}
