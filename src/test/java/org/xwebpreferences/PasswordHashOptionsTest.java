package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The user commands' --password-iterations: the same range as the server's, both ends included. */
class PasswordHashOptionsTest {

    private static PasswordHashOptions iterations(int iterations) {
        PasswordHashOptions options = new PasswordHashOptions();
        options.iterations = iterations;
        return options;
    }

    @Test
    void takesOneToTheMaximumBothIncluded() {
        assertThat(iterations(1).hasher(new SecureRandom())).isNotNull();
        assertThat(iterations(PasswordHashOptions.MAX_ITERATIONS).hasher(new SecureRandom())).isNotNull();
    }

    @Test
    void refusesACountOutOfRangeNamingTheOption() {
        assertThatThrownBy(() -> iterations(0).hasher(new SecureRandom()))
                .hasMessage("--password-iterations: 0 is outside 1..100000000");
        assertThatThrownBy(() -> iterations(PasswordHashOptions.MAX_ITERATIONS + 1).hasher(new SecureRandom()))
                .hasMessage("--password-iterations: 100000001 is outside 1..100000000");
    }
}
