package org.xwebpreferences.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.support.MutableClock;
import org.xwebpreferences.support.Parked;

/** Bounds on logins: hashes at once, logins waiting, and guesses at one name. */
class LoginLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginLimiter limiter = new LoginLimiter(1, clock);

    @Test
    void aNameIsRefusedAfterRepeatedFailuresForLongerEachTime() {
        for (int i = 0; i < LoginLimiter.FREE_FAILURES - 1; i++) {
            limiter.failed("crm");
            assertThat(limiter.lockedOut("crm")).isFalse();
        }
        limiter.failed("crm");
        assertThat(limiter.lockedOut("crm")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.lockedOut("crm")).isFalse();

        limiter.failed("crm");
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.lockedOut("crm")).as("two seconds the second time").isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.lockedOut("crm")).isFalse();
        assertThat(limiter.lockedOut("other")).isFalse();
    }

    /** A clock set back by ten minutes held a one-second lockout for ten minutes more (code review). */
    @Test
    void aClockSetBackDoesNotStretchALockout() {
        for (int i = 0; i < LoginLimiter.FREE_FAILURES; i++) {
            limiter.failed("crm");
        }
        assertThat(limiter.lockedOut("crm")).isTrue();

        clock.advance(Duration.ofMinutes(-10));

        assertThat(limiter.lockedOut("crm")).isFalse();
    }

    @Test
    void theLockoutNeverExceedsAMinute() {
        for (int i = 0; i < 40; i++) {
            limiter.failed("crm");
        }
        clock.advance(LoginLimiter.MAX_LOCKOUT);

        assertThat(limiter.lockedOut("crm")).isFalse();
    }

    @Test
    void aSuccessForgetsTheFailures() {
        for (int i = 0; i < LoginLimiter.FREE_FAILURES - 1; i++) {
            limiter.failed("crm");
        }
        limiter.succeeded("crm");
        limiter.failed("crm");

        assertThat(limiter.lockedOut("crm")).isFalse();
    }

    @Test
    void loginsBeyondTheHashingAndWaitingSlotsAreToldToTryAgainAtOnce() throws Exception {
        CountDownLatch hashing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> limiter.withHashSlot(() -> {
            hashing.countDown();
            await(release);
            return true;
        })));
        threads.get(0).start();
        hashing.await();
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread waiter = new Thread(() -> limiter.withHashSlot(() -> true)); // these wait for the slot
            waiter.start();
            waiters.add(waiter);
        }
        threads.addAll(waiters);
        try {
            Parked.awaitWaitingOrEnded(waiters.toArray(Thread[]::new));

            long start = System.nanoTime();
            assertThatThrownBy(() -> limiter.withHashSlot(() -> true))
                    .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                    .hasMessage("too many logins are being checked at once");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("refused at once, not after waiting a second for a slot").isLessThan(Duration.ofMillis(500));
            assertThat(waiters).as("the four still wait their turn")
                    .allSatisfy(waiter -> assertThat(waiter.getState()).isEqualTo(Thread.State.TIMED_WAITING));
        } finally {
            release.countDown();
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }
        assertThat(limiter.withHashSlot(() -> true)).as("free again once the others are done").isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
