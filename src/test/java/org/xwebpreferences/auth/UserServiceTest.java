package org.xwebpreferences.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.support.FakeTokenStore;
import org.xwebpreferences.support.FakeUserStore;

class UserServiceTest {

    private static final Instant NOW = Instant.parse("2024-05-06T07:08:09Z");
    private static final String BAD_NAME = " may not contain ':', control or invisible characters or surrounding spaces";

    private final FakeTokenStore tokens = new FakeTokenStore();
    private final FakeUserStore users = new FakeUserStore().revokingTokensIn(tokens);
    private final PasswordHasher hasher = new PasswordHasher(1000, new SecureRandom());
    private final UserService service = new UserService(users, hasher, Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());

    @Test
    void addsAUserWithAHashOfThePasswordAndTheClocksTime() {
        assertThat(service.add("crm-sync", "long enough")).isTrue();

        User user = users.findByName("crm-sync").orElseThrow();
        assertThat(user.enabled()).isTrue();
        assertThat(user.passwordHash()).doesNotContain("long enough");
        assertThat(hasher.verify("long enough", user.passwordHash())).isTrue();
        assertThat(users.createdAt("crm-sync")).isEqualTo(NOW);
        assertThat(service.list()).extracting(User::name).containsExactly("crm-sync");
    }

    @Test
    void answersFalseForATakenNameAndKeepsTheFirstPassword() {
        service.add("crm-sync", "first password");

        assertThat(service.add("crm-sync", "second password")).isFalse();
        assertThat(hasher.verify("first password", users.findByName("crm-sync").orElseThrow().passwordHash())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"crm:sync", ":", " crm", "crm ", "\tcrm", "crm\u0000", "crm\u001bsync"})
    void rejectsANameWithAColonAControlCharacterOrSurroundingSpaces(String name) {
        assertThatThrownBy(() -> service.add(name, "long enough"))
                .isInstanceOfSatisfying(XwebError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
                    assertThat(e.field()).isEqualTo("userName");
                })
                .hasMessageStartingWith("userName: '")
                .hasMessageEndingWith(BAD_NAME);
        assertThat(users.isEmpty()).isTrue();
    }

    /** What a name with accents becomes when a command reads it under LC_ALL=C: nobody could log in as it. */
    @Test
    void rejectsANameThatWasDecodedInTheWrongCharset() {
        assertThatThrownBy(() -> service.add("caf\ufffd\ufffd", "long enough"))
                .hasMessage("userName: 'caf\ufffd\ufffd' contains U+FFFD, the replacement character: it was read in the"
                        + " wrong charset (run the command under a UTF-8 locale, e.g. LC_ALL=C.UTF-8)");
        assertThat(users.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"crm\u00a0sync", "crm\u200bsync", "crm\u200d", "\u202ecrm", "crm\ufeff", "crm\u0085sync",
        "crm\u2028sync", "crm\u3000sync", "crm\udb40\udc41sync", "crm\ud834\udd73sync", "crm\u3164sync",
        "crm\u115fsync", "crm\uffa0sync", "crm\u034fsync", "crm\ufe0fsync", "crm\u2800sync"})
    void rejectsInvisibleCharactersThatMakeANameLookLikeAnother(String name) {
        assertThatThrownBy(() -> service.add(name, "long enough"))
                .hasMessageStartingWith("userName: '")
                .hasMessageEndingWith(BAD_NAME);
        assertThat(users.isEmpty()).isTrue();
    }

    /** A character a name may not hold is refused where it stands first, too. */
    @ParameterizedTest
    @ValueSource(strings = {"\ufffdcrm", "\ufffecrm", "\uffffcrm"})
    void rejectsAReplacementCharacterOrANonCharacterAtTheStartOfAName(String name) {
        assertThatThrownBy(() -> service.add(name, "long enough"))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.field()).isEqualTo("userName"))
                .hasMessageStartingWith("userName: '");
        assertThat(users.isEmpty()).isTrue();
    }

    /**
     * Each end of Unicode's default-ignorable ranges that Java does not already count as invisible: the
     * Mongolian variation selectors, the variation selectors, U+FFF0 to U+FFF8 and the tag plane.
     */
    @ParameterizedTest
    @ValueSource(ints = {0x180B, 0x180F, 0xFE00, 0xFE0F, 0xFFF0, 0xFFF8, 0xE0000, 0xE0FFF})
    void rejectsEachEndOfTheDefaultIgnorableRanges(int character) {
        String name = "crm" + Character.toString(character) + "sync";

        assertThatThrownBy(() -> service.add(name, "long enough"))
                .hasMessageStartingWith("userName: '")
                .hasMessageEndingWith(BAD_NAME);
        assertThat(users.isEmpty()).isTrue();
    }

    @Test
    void takesSpacesInsideANameAndLettersBeyondAscii() {
        assertThat(service.add("crm sync", "long enough")).isTrue();
        assertThat(service.add("Ana Mar\u00eda M\u00fcller", "long enough")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "crm-sync | CRM-sync", "crm-sync | Crm-Sync",
        "caf\u00e9 | cafe\u0301", "caf\u00e9 | CAFE\u0301", // é as one character, and as e and an accent
        "office | o\ufb03ce", "finance | \ufb01nance", // ligatures
        "admin | \uff41\uff44\uff4d\uff49\uff4e", // full-width letters
        "strasse | stra\u00dfe", "STRASSE | stra\u00dfe", "stra\u00dfe | STRA\u1e9eE", // ß, SS and capital ß
        "\u03c3\u03bf\u03c6\u03bf\u03c3 | \u03c3\u03bf\u03c6\u03bf\u03c2", // final sigma
        "kelvin | \u212aelvin", "istanbul | \u0131stanbul", "crm2 | crm\u00b2"})
    void rejectsANameThatLooksTheSameAsAnExistingOne(String existing, String twin) {
        service.add(existing, "long enough");

        assertThatThrownBy(() -> service.add(twin, "long enough"))
                .hasMessage("userName: '" + twin + "' looks the same as the existing user '" + existing
                        + "' (it differs only in case, width, ligatures or Unicode form): choose another name");
        assertThat(service.list()).extracting(User::name).containsExactly(existing);
    }

    @Test
    void aNameTakenExactlyIsNoTwinButTaken() {
        service.add("Crm-Sync", "long enough");
        service.add("crm-sync-2", "long enough");

        assertThat(service.add("Crm-Sync", "another one")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"crm-sync | crm-sync-2", "crm | crn", "istanbul | \u0130stanbul", "a | \u00e1"})
    void takesNamesThatOnlyLookAlikeToACarelessReader(String existing, String other) {
        service.add(existing, "long enough");

        assertThat(service.add(other, "long enough")).isTrue();
    }

    @Test
    void quotesTheRefusedNameWithItsControlCharactersEscaped() {
        assertThatThrownBy(() -> service.add("crm\u0001", "long enough"))
                .hasMessage("userName: 'crm\\u0001'" + BAD_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"crm\tsync", "crm\nsync", "crm\r\nadmin"})
    void rejectsTabsAndLineBreaksInsideAName(String name) {
        assertThatThrownBy(() -> service.add(name, "long enough"))
                .hasMessageStartingWith("userName: '")
                .hasMessageEndingWith(BAD_NAME);
    }

    @Test
    void requiresAName() {
        assertThatThrownBy(() -> service.add(null, "long enough")).hasMessage("userName: is required");
        assertThatThrownBy(() -> service.add("", "long enough")).hasMessage("userName: is required");
        assertThatThrownBy(() -> service.add("   ", "long enough")).hasMessage("userName: is required");
    }

    @Test
    void acceptsANameOf100CharactersAndRejectsOneOf101() {
        assertThat(service.add("n".repeat(100), "long enough")).isTrue();
        assertThatThrownBy(() -> service.add("m".repeat(101), "long enough"))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.field()).isEqualTo("userName"))
                .hasMessage("userName: is longer than 100 characters");
    }

    @Test
    void refusesAPasswordWithANulCharacter() {
        assertThatThrownBy(() -> service.add("crm", "crm-password\0"))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.field()).isEqualTo("password"))
                .hasMessageStartingWith("password: may not contain a NUL character (U+0000)");
        assertThat(users.isEmpty()).isTrue();
    }

    @Test
    void requiresAPasswordOfAtLeastEightCharacters() {
        assertThatThrownBy(() -> service.add("crm", "1234567"))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.field()).isEqualTo("password"))
                .hasMessage("password: must be at least 8 characters long");
        assertThatThrownBy(() -> service.add("crm", null)).hasMessage("password: must be at least 8 characters long");
        assertThat(users.isEmpty()).isTrue();
        assertThat(service.add("crm", "12345678")).isTrue();
    }

    @Test
    void bootstrapCreatesTheNamedUserOnce() {
        assertThat(service.bootstrap("integration", "integration-password")).isEmpty();
        assertThat(service.bootstrap("integration", "another-password")).isEmpty();

        assertThat(service.list()).extracting(User::name).containsExactly("integration");
        User user = users.findByName("integration").orElseThrow();
        assertThat(hasher.verify("integration-password", user.passwordHash())).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bad:name | long enough | XWEB_BOOTSTRAP_USER: 'bad:name' may not contain",
        "integration | short | XWEB_BOOTSTRAP_PASSWORD: must be at least 8 characters long"})
    void bootstrapNamesTheSettingThatIsWrong(String name, String password, String message) {
        assertThatThrownBy(() -> service.bootstrap(name, password))
                .isInstanceOf(XwebError.class)
                .hasMessageStartingWith(message);
        assertThat(users.isEmpty()).isTrue();
    }

    /** The start refuses bad bootstrap settings as a configuration error before any database is made. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bad:name | long enough | XWEB_BOOTSTRAP_USER: 'bad:name' may not contain",
        "integration | short | XWEB_BOOTSTRAP_PASSWORD: must be at least 8 characters long"})
    void theBootstrapSettingsAreCheckedWithoutADatabase(String name, String password, String message) {
        assertThatThrownBy(() -> UserService.checkBootstrapSettings(name, password))
                .isInstanceOf(XwebError.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void bootstrapCreatesTheNamedUserBesideExistingOnes() {
        users.put("crm", hasher.hash("crm-password"), true);

        service.bootstrap("integration", "integration-password");

        assertThat(service.list()).extracting(User::name).containsExactly("crm", "integration");
    }

    @Test
    void bootstrapRefusesAUserWithoutAPasswordAndAPasswordWithoutAUser() {
        for (String[] half : new String[][] {{"integration", null}, {null, "integration-password"}}) {
            assertThatThrownBy(() -> service.bootstrap(half[0], half[1]))
                    .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.field()).isEqualTo("XWEB_BOOTSTRAP_USER"))
                    .hasMessage("XWEB_BOOTSTRAP_USER: XWEB_BOOTSTRAP_USER and XWEB_BOOTSTRAP_PASSWORD go together");
        }
        assertThat(users.isEmpty()).isTrue();
    }

    @Test
    void bootstrapWithoutSettingsCreatesUserXwebWithARandomPasswordInAnEmptyStore() {
        Optional<String> password = service.bootstrap(null, null);

        assertThat(password).hasValueSatisfying(p -> assertThat(p).hasSizeGreaterThanOrEqualTo(16));
        User user = users.findByName("xweb").orElseThrow();
        assertThat(hasher.verify(password.orElseThrow(), user.passwordHash())).isTrue();
        assertThat(service.list()).hasSize(1);
    }

    @Test
    void bootstrapGeneratesADifferentPasswordEachTime() {
        String first = service.bootstrap(null, null).orElseThrow();
        UserService elsewhere = new UserService(new FakeUserStore(), hasher, Clock.systemUTC(), new SecureRandom());

        assertThat(elsewhere.bootstrap(null, null)).hasValueSatisfying(p -> assertThat(p).isNotEqualTo(first));
    }

    @Test
    void bootstrapWithoutSettingsDoesNothingWhenUsersExist() {
        users.put("crm", hasher.hash("crm-password"), true);

        assertThat(service.bootstrap(null, null)).isEmpty();
        assertThat(service.list()).extracting(User::name).containsExactly("crm");
    }

    @Test
    void bootstrapWithoutSettingsIsHarmlessTheSecondTime() {
        service.bootstrap(null, null);

        assertThat(service.bootstrap(null, null)).isEmpty();
        assertThat(service.list()).hasSize(1);
    }

    @Test
    void disablingAUserRevokesTheirTokensAndEnablingBringsThemBack() {
        User user = users.put("crm", hasher.hash("long enough"), true);
        tokens.insert("a".repeat(64), user.id(), user.passwordHash(), NOW, NOW.plusSeconds(600));
        tokens.insert("b".repeat(64), 99, "hash", NOW, NOW.plusSeconds(600));

        assertThat(service.disable("crm")).isTrue();

        assertThat(users.findByName("crm")).hasValueSatisfying(found -> assertThat(found.enabled()).isFalse());
        assertThat(tokens.find("a".repeat(64))).isEmpty();
        assertThat(tokens.find("b".repeat(64))).isPresent();
        assertThat(service.enable("crm")).isTrue();
        assertThat(users.findByName("crm")).hasValueSatisfying(found -> assertThat(found.enabled()).isTrue());
    }

    @Test
    void changingAPasswordRehashesItAndRevokesTheTokens() {
        User user = users.put("crm", hasher.hash("old password"), true);
        tokens.insert("a".repeat(64), user.id(), user.passwordHash(), NOW, NOW.plusSeconds(600));

        assertThat(service.changePassword("crm", "new password")).isTrue();

        String stored = users.findByName("crm").orElseThrow().passwordHash();
        assertThat(hasher.verify("new password", stored)).isTrue();
        assertThat(hasher.verify("old password", stored)).isFalse();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void unknownUsersCannotBeDisabledOrGivenAPassword() {
        assertThat(service.disable("nobody")).isFalse();
        assertThat(service.enable("nobody")).isFalse();
        assertThat(service.changePassword("nobody", "long enough")).isFalse();
    }

    @Test
    void aNewPasswordFollowsTheSameRules() {
        users.put("crm", hasher.hash("old password"), true);

        assertThatThrownBy(() -> service.changePassword("crm", "short"))
                .hasMessage("password: must be at least 8 characters long");
    }
}
