package org.xwebpreferences.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1000, new SecureRandom());

    @Test
    void verifiesTheRightPasswordOnly() {
        String stored = hasher.hash("correct horse battery staple");

        assertThat(hasher.verify("correct horse battery staple", stored)).isTrue();
        assertThat(hasher.verify("correct horse battery stapl", stored)).isFalse();
        assertThat(hasher.verify("Correct horse battery staple", stored)).isFalse();
        assertThat(hasher.verify("", stored)).isFalse();
    }

    /** --password-iterations takes 1 as its least value: a hasher of one iteration is made and verifies. */
    @Test
    void takesOneIterationAsTheLeastAndRefusesNone() {
        PasswordHasher fastest = new PasswordHasher(1, new SecureRandom());

        assertThat(fastest.verify("secret-password", fastest.hash("secret-password"))).isTrue();
        assertThatThrownBy(() -> new PasswordHasher(0, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("iterations must be at least 1");
    }

    @Test
    void writesTheSchemeTheIterationCountTheSaltAndTheHash() {
        assertThat(hasher.hash("secret-password")).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void neverStoresThePassword() {
        assertThat(hasher.hash("secret-password")).doesNotContain("secret-password");
    }

    @Test
    void saltsEachHashSoTwoHashesOfOnePasswordDiffer() {
        String first = hasher.hash("same password");
        String second = hasher.hash("same password");

        assertThat(first).isNotEqualTo(second);
        assertThat(hasher.verify("same password", first)).isTrue();
        assertThat(hasher.verify("same password", second)).isTrue();
    }

    @Test
    void verifiesNonAsciiPasswords() {
        String stored = hasher.hash("pässwörd-😀");
        assertThat(hasher.verify("pässwörd-😀", stored)).isTrue();
        assertThat(hasher.verify("passwort-😀", stored)).isFalse();
    }

    @Test
    void verifiesAHashMadeWithAnotherIterationCount() {
        String old = new PasswordHasher(500, new SecureRandom()).hash("old password");
        assertThat(hasher.verify("old password", old)).isTrue();
    }

    @Test
    void asksForARehashOnlyWhenTheIterationCountRose() {
        String weak = new PasswordHasher(500, new SecureRandom()).hash("password");
        String same = hasher.hash("password");
        String stronger = new PasswordHasher(2000, new SecureRandom()).hash("password");

        assertThat(hasher.needsRehash(weak)).isTrue();
        assertThat(hasher.needsRehash(same)).isFalse();
        assertThat(hasher.needsRehash(stronger)).isFalse();
    }

    @Test
    void asksForARehashOfAMalformedHash() {
        assertThat(hasher.needsRehash("plain text")).isTrue();
        assertThat(hasher.needsRehash("pbkdf2-sha256$many$c2FsdA$aGFzaA")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "password",
        "pbkdf2-sha256",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA$extra",
        "pbkdf2-sha1$1000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
        "pbkdf2-sha256$many$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
        "pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
        "pbkdf2-sha256$-5$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
        "pbkdf2-sha256$1000$not base64!$aGFzaA",
        "pbkdf2-sha256$1000$$aGFzaA",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$***"
    })
    void neverVerifiesAgainstAMalformedStoredHash(String stored) {
        assertThat(hasher.verify("password", stored)).isFalse();
        assertThat(hasher.verify("", stored)).isFalse();
    }

    @Test
    void aHashWithItsLastPartCutOffNoLongerVerifies() {
        String stored = hasher.hash("password");
        assertThat(hasher.verify("password", stored.substring(0, stored.length() - 4))).isFalse();
    }

    @Test
    void refusesAnIterationCountBelowOne() {
        assertThatThrownBy(() -> new PasswordHasher(0, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("iterations must be at least 1");
    }
}
