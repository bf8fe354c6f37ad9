package org.xwebpreferences.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.support.FakeUserStore;
import org.xwebpreferences.support.MutableClock;
import org.xwebpreferences.support.Parked;

class AuthenticatorTest {

    private static final String FAILED = "Authentication failed: the user name or password is wrong";

    private final FakeUserStore users = new FakeUserStore();
    private final PasswordHasher hasher = new PasswordHasher(1000, new SecureRandom());
    private final Authenticator authenticator = new Authenticator(users, hasher, new LoginLimiter(64, Clock.systemUTC()));

    @Test
    void acceptsTheRightNameAndPassword() {
        User crm = users.put("crm", hasher.hash("crm-password"), true);

        assertThat(authenticator.verify("crm", "crm-password")).contains(crm);
        assertThat(authenticator.login("crm", "crm-password").name()).isEqualTo("crm");
    }

    @Test
    void aWrongPasswordIsAFailedLoginNotAnError() {
        users.put("crm", hasher.hash("crm-password"), true);

        assertThat(authenticator.verify("crm", "crm-passwort")).isEmpty();
        assertThat(authenticator.verify("CRM", "crm-password")).isEmpty();
    }

    /** PBKDF2's HMAC pads a short password with NULs, so "crm-password" and "crm-password\0" hashed alike. */
    @Test
    void thePasswordWithNulsAtItsEndIsAWrongPassword() {
        users.put("crm", hasher.hash("crm-password"), true);

        assertThat(authenticator.verify("crm", "crm-password\0")).isEmpty();
        assertThat(authenticator.verify("crm", "crm-password\0\0\0")).isEmpty();
        assertThat(authenticator.verify("crm", "crm-password")).isPresent();
    }

    /** Set before NULs were refused: one inside makes no other password match, and it still logs in. */
    @Test
    void aPasswordSetEarlierWithANulInsideStillLogsIn() {
        users.put("old", hasher.hash("old\0password"), true);

        assertThat(authenticator.verify("old", "old\0password")).isPresent();
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswer() {
        users.put("crm", hasher.hash("crm-password"), true);

        assertThat(authenticator.verify("nobody", "crm-password")).isEmpty();
        Throwable unknown = catchLogin("nobody", "crm-password");
        Throwable wrong = catchLogin("crm", "wrong-password");

        assertThat(unknown).isInstanceOfSatisfying(XwebError.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
            assertThat(e.field()).isNull();
        }).hasMessage(FAILED);
        assertThat(wrong).isInstanceOf(XwebError.class).hasMessage(unknown.getMessage());
    }

    /**
     * Guesses that waited together for a hash are asked again once it is their
     * turn: the one before them locked the name, so they run no hash and add
     * no failure (each ran its hash, and the lockout doubled for each).
     */
    @Test
    void guessesWaitingForAHashWhenTheNameIsLockedRunNone() throws Exception {
        users.put("crm", hasher.hash("crm-password"), true);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
        LoginLimiter limiter = new LoginLimiter(1, clock);
        Authenticator guarded = new Authenticator(users, hasher, limiter);
        for (int i = 1; i < LoginLimiter.FREE_FAILURES; i++) {
            assertThat(guarded.verify("crm", "guess-" + i)).isEmpty();
        }
        CountDownLatch release = new CountDownLatch(1);
        Thread slotHolder = new Thread(() -> limiter.withHashSlot(() -> {
            await(release);
            return null;
        }));
        slotHolder.start();
        Parked.awaitWaitingOrEnded(slotHolder);
        List<Thread> guesses = List.of(new Thread(() -> guarded.verify("crm", "guess-a")),
                new Thread(() -> guarded.verify("crm", "guess-b")));
        guesses.forEach(Thread::start);
        Parked.awaitWaitingOrEnded(guesses.toArray(Thread[]::new));

        limiter.failed("crm"); // the guess ahead of them: the fifth failure locks the name for 1 s
        release.countDown();
        slotHolder.join(10_000);
        for (Thread guess : guesses) {
            guess.join(10_000);
        }

        assertThat(limiter.lockedOut("crm")).isTrue();
        clock.advance(Duration.ofMillis(1500));
        assertThat(limiter.lockedOut("crm")).as("1 s for five failures; 4 s had each waiting guess added one")
                .isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void refusesADisabledUserWithTheRightPasswordWithTheSameAnswer() {
        users.put("retired", hasher.hash("retired-password"), false);

        assertThat(authenticator.verify("retired", "retired-password")).isEmpty();
        assertThatThrownBy(() -> authenticator.login("retired", "retired-password")).hasMessage(FAILED);
    }

    @Test
    void anAbsentNameOrPasswordIsAFailedLogin() {
        users.put("crm", hasher.hash("crm-password"), true);

        assertThat(authenticator.verify(null, "crm-password")).isEmpty();
        assertThat(authenticator.verify("crm", null)).isEmpty();
        assertThatThrownBy(() -> authenticator.login(null, null)).hasMessage(FAILED);
    }

    @Test
    void rehashesAnOldHashWithTheCurrentIterationCountOnASuccessfulLogin() {
        String weak = new PasswordHasher(500, new SecureRandom()).hash("crm-password");
        users.put("crm", weak, true);

        authenticator.login("crm", "crm-password");

        String upgraded = users.findByName("crm").orElseThrow().passwordHash();
        assertThat(upgraded).startsWith("pbkdf2-sha256$1000$");
        assertThat(hasher.verify("crm-password", upgraded)).isTrue();
        authenticator.login("crm", "crm-password");
        assertThat(users.hashUpdates()).isEqualTo(1);
    }

    @Test
    void aPasswordChangedWhileTheOldOneWasCheckedIsNotUndoneByTheRehash() {
        String weak = new PasswordHasher(500, new SecureRandom()).hash("old-password");
        User crm = users.put("crm", weak, true);
        String changed = hasher.hash("new-password");
        users.changingBeforeReplace(() -> users.changePassword(crm.id(), changed)); // user passwd, on another node

        assertThat(authenticator.verify("crm", "old-password")).as("the old password no longer logs in").isEmpty();

        assertThat(users.findByName("crm").orElseThrow().passwordHash()).isEqualTo(changed);
        assertThat(authenticator.verify("crm", "new-password")).isPresent();
    }

    @Test
    void aLoginWhoseRehashAnotherLoginBeatSucceedsWithTheOtherHash() {
        String weak = new PasswordHasher(500, new SecureRandom()).hash("crm-password");
        User crm = users.put("crm", weak, true);
        String theOthers = hasher.hash("crm-password");
        users.changingBeforeReplace(() -> users.replacePasswordHash(crm.id(), weak, theOthers));

        assertThat(authenticator.verify("crm", "crm-password")).hasValueSatisfying(
                user -> assertThat(user.passwordHash()).isEqualTo(theOthers));
        assertThat(users.findByName("crm").orElseThrow().passwordHash()).isEqualTo(theOthers);
    }

    @Test
    void aNameNoUserCanHaveIsRefusedWithoutALookupOrARecordOfIt() {
        users.put("crm", hasher.hash("crm-password"), true);

        assertThat(authenticator.verify("x".repeat(101), "crm-password")).isEmpty();
        assertThat(authenticator.verify("cr\u0000m", "crm-password")).isEmpty();
        assertThat(authenticator.verify("", "crm-password")).isEmpty();

        assertThat(users.lookups()).isZero();
    }

    @Test
    void neverRehashesOnAFailedLogin() {
        String weak = new PasswordHasher(500, new SecureRandom()).hash("crm-password");
        users.put("crm", weak, true);
        users.put("retired", weak, false);

        authenticator.verify("crm", "wrong-password");
        authenticator.verify("retired", "crm-password");

        assertThat(users.hashUpdates()).isZero();
        assertThat(users.findByName("crm").orElseThrow().passwordHash()).isEqualTo(weak);
    }

    @Test
    void leavesACurrentHashAlone() {
        String current = hasher.hash("crm-password");
        users.put("crm", current, true);

        authenticator.login("crm", "crm-password");

        assertThat(users.hashUpdates()).isZero();
    }

    @Test
    void afterRepeatedFailuresEvenTheRightPasswordIsRefusedUntilTheLockoutHasPassed() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Authenticator guarded = new Authenticator(users, hasher, new LoginLimiter(4, clock));
        users.put("crm", hasher.hash("crm-password"), true);
        for (int i = 0; i < LoginLimiter.FREE_FAILURES; i++) {
            assertThat(guarded.verify("crm", "guess " + i)).isEmpty();
        }

        assertThatThrownBy(() -> guarded.login("crm", "crm-password"))
                .as("the right password, locked out")
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED))
                .hasMessage(FAILED);

        clock.advance(Duration.ofSeconds(1)); // the first lockout's length
        assertThat(guarded.login("crm", "crm-password").name()).isEqualTo("crm");
    }

    /** Failures count in a row: a user who mistypes now and then is never locked out of the right password. */
    @Test
    void aSuccessfulLoginStartsTheCountOfFailuresAgain() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Authenticator guarded = new Authenticator(users, hasher, new LoginLimiter(4, clock));
        users.put("crm", hasher.hash("crm-password"), true);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < LoginLimiter.FREE_FAILURES - 1; i++) {
                assertThat(guarded.verify("crm", "typo " + i)).isEmpty();
            }
            assertThat(guarded.login("crm", "crm-password").name()).as("round %d", round + 1).isEqualTo("crm");
        }
    }

    /** A name as long as user add takes (100 characters) logs in; one that starts with a NUL is never looked up. */
    @Test
    void aNameOfTheLongestLengthAllowedLogsInAndOneStartingWithANulIsNotLookedUp() {
        String longest = "x".repeat(100);
        UserService.checkName(longest);
        users.put(longest, hasher.hash("crm-password"), true);

        assertThat(authenticator.login(longest, "crm-password").name()).isEqualTo(longest);

        int before = users.lookups();
        assertThat(authenticator.verify("\u0000crm", "crm-password")).isEmpty();
        assertThat(users.lookups()).isEqualTo(before);
    }

    private Throwable catchLogin(String name, String password) {
        try {
            authenticator.login(name, password);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
