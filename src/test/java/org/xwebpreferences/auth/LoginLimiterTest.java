package org.xwebpreferences.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.support.MutableClock;

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
    void loginsBeyondTheHashingAndWaitingSlotsAreToldToTryAgain() throws Exception {
        CountDownLatch hashing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            pool.submit(() -> limiter.withHashSlot(() -> {
                hashing.countDown();
                await(release);
                return true;
            }));
            hashing.await();
            for (int i = 0; i < 4; i++) {
                pool.submit(() -> limiter.withHashSlot(() -> true)); // these wait for the slot
            }
            Thread.sleep(100);

            assertThatThrownBy(() -> limiter.withHashSlot(() -> true))
                    .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                    .hasMessage("too many logins are being checked at once");
        } finally {
            release.countDown();
            pool.shutdown();
        }
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
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
