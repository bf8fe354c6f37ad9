package org.xwebpreferences.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreferenceStatusTest {

    @Test
    void acceptsTheThreeWireSpellings() {
        assertThat(PreferenceStatus.parse("status", "OptIn")).isEqualTo(PreferenceStatus.OptIn);
        assertThat(PreferenceStatus.parse("status", "OptOut")).isEqualTo(PreferenceStatus.OptOut);
        assertThat(PreferenceStatus.parse("status", "Undefined")).isEqualTo(PreferenceStatus.Undefined);
    }

    @ParameterizedTest
    @ValueSource(strings = {"optin", "OPTIN", "Opt In", " OptIn", "OptIn ", "Opt-In", "undefined", "?"})
    void rejectsAnyOtherSpellingNamingTheFieldAndQuotingTheValue(String text) {
        assertThatThrownBy(() -> PreferenceStatus.parse("preferences[2].status", text))
                .isInstanceOfSatisfying(XwebError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
                    assertThat(e.field()).isEqualTo("preferences[2].status");
                })
                .hasMessage("preferences[2].status: '" + text + "' is not one of OptIn, OptOut, Undefined");
    }

    @Test
    void rejectsAbsentAndEmptyAsRequired() {
        assertThatThrownBy(() -> PreferenceStatus.parse("preferences[1].status", null))
                .hasMessage("preferences[1].status: is required (one of OptIn, OptOut, Undefined)");
        assertThatThrownBy(() -> PreferenceStatus.parse("preferences[1].status", ""))
                .hasMessage("preferences[1].status: is required (one of OptIn, OptOut, Undefined)");
    }
}
