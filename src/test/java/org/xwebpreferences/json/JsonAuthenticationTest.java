package org.xwebpreferences.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xwebpreferences.auth.TokenService;
import org.xwebpreferences.auth.User;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.support.FakeTokenStore;

class JsonAuthenticationTest {

    private final TokenService tokens = new TokenService(new FakeTokenStore(), Clock.systemUTC(), new SecureRandom(),
            Duration.ofMinutes(30), false);
    private final JsonAuthentication authentication = new JsonAuthentication(tokens, null);
    private final String token = tokens.issue(new User(1, "crm", "hash-1", true));

    @ParameterizedTest
    @ValueSource(strings = {"Bearer %s", "bearer  %s", "Bearer\t%s", " \tBearer %s\t ", "BEARER %s"})
    void readsTheSchemeAndTheTokenApartAtSpacesAndTabs(String header) {
        assertThat(authentication.session(List.of(header.formatted(token))).token()).isEqualTo(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u001c", "\u001f"})
    void refusesATokenWrappedInInformationSeparatorsWhichAreNoWhiteSpace(String separator) {
        assertThatThrownBy(() -> authentication.session(List.of("Bearer " + separator + token + separator)))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.field()).isEqualTo("Authorization"))
                .hasMessageStartingWith("Authorization: the Bearer token is unknown or has expired");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u001c", "\u000b", "\u00a0"})
    void partsTheSchemeFromTheTokenAtSpacesAndTabsOnly(String separator) {
        assertThatThrownBy(() -> authentication.session(List.of("Bearer" + separator + token)))
                .hasMessage("Authorization: the scheme must be Basic or Bearer");
    }

    /** Which of two Authorization headers counts is a guess proxies and servers make differently: both are refused. */
    @Test
    void twoAuthorizationHeadersAreRefusedEvenWithAValidTokenInEach() {
        assertThatThrownBy(() -> authentication.session(List.of("Bearer " + token, "Bearer " + token)))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.field()).isEqualTo("Authorization"))
                .hasMessage("Authorization: appears more than once: send one");
    }

    @Test
    void aMissingOrBlankHeaderAsksForOne() {
        for (String header : new String[] {"", " \t "}) {
            assertThatThrownBy(() -> authentication.session(List.of(header)))
                    .hasMessage("Authorization: send 'Basic base64(user:password)' or 'Bearer TOKEN'");
        }
    }
}
