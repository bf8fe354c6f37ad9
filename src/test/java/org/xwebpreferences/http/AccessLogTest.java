package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessLogTest {

    @Test
    void aFieldIsOneTokenWhateverTheClientPutInIt() {
        assertThat(AccessLog.field("GetAllCustomerCommunicationPreferences"))
                .isEqualTo("GetAllCustomerCommunicationPreferences");
        assertThat(AccessLog.field("x\n2026 INFO forged user=admin")).isEqualTo("x\\u000a2026\\u0020INFO\\u0020forged"
                + "\\u0020user=admin");
        assertThat(AccessLog.field("a\rb\u0085c\u2028d\u007f")).isEqualTo("a\\u000db\\u0085c\\u2028d\\u007f");
        assertThat(AccessLog.field("caf\u00e9")).isEqualTo("caf\u00e9");
        assertThat(AccessLog.field("/x\u202esoap.exe\u200b\u00a0\ufeff")).isEqualTo("/x\\u202esoap.exe\\u200b\\u00a0\\ufeff");
        assertThat(AccessLog.field("\ud83d\udce7")).as("an emoji is no format character").isEqualTo("\ud83d\udce7");
        assertThat(AccessLog.field(null)).isEqualTo("-");
        assertThat(AccessLog.field("Q".repeat(5_000))).isEqualTo("Q".repeat(100) + "...");
    }

    /** Each end of what is escaped and kept: C1's last, U+009F, is escaped; a field of exactly 100 is not cut. */
    @Test
    void theLastC1ControlIsEscapedAndAFieldOfExactlyTheLimitIsShownWhole() {
        assertThat(AccessLog.field("a\u009fb\u00a1~")).isEqualTo("a\\u009fb\u00a1~");
        assertThat(AccessLog.field("Q".repeat(100))).isEqualTo("Q".repeat(100));
        assertThat(AccessLog.field("Q".repeat(101))).isEqualTo("Q".repeat(100) + "...");
    }
}
