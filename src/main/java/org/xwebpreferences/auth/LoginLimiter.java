package org.xwebpreferences.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.xwebpreferences.core.XwebError;

/**
 * Keeps the deliberately slow password hash from being turned against the
 * server. Only a few hashes run at once, and only a few more logins wait for
 * their turn (briefly): the rest are told to try again, so a flood of
 * logins never takes the workers that serve token-holding clients. A user
 * name with repeated failures is refused for a while, doubling each time,
 * without a hash: guessing its password gets slow.
 */
public final class LoginLimiter {

    static final int FREE_FAILURES = 5;
    static final Duration MAX_LOCKOUT = Duration.ofSeconds(60);
    private static final int MAX_TRACKED_NAMES = 10_000;
    private static final int MAX_WAITING = 4;
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);

    /** Failures in a row for one name, and since when and for how long it is refused (lockedAt null: not). */
    private record Failures(int count, Instant lockedAt, Duration lockedFor) {
    }

    private final Semaphore hashing;
    private final Semaphore admitted;
    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_TRACKED_NAMES;
        }
    };

    /** {@code concurrentHashes}: how many password hashes may run at once. */
    public LoginLimiter(int concurrentHashes, Clock clock) {
        this.hashing = new Semaphore(concurrentHashes);
        this.admitted = new Semaphore(concurrentHashes + MAX_WAITING);
        this.clock = clock;
    }

    /** True while the name is locked out after repeated failures: the caller answers as for a wrong password. */
    public synchronized boolean lockedOut(String name) {
        Failures record = failures.get(name);
        return record != null && record.lockedAt() != null
                && Ages.within(record.lockedAt(), clock.instant(), record.lockedFor());
    }

    /** Runs a password hash (a check, or a new hash) when a slot is free within a second; otherwise says to try again. */
    public <T> T withHashSlot(Supplier<T> check) {
        if (!admitted.tryAcquire()) {
            throw busy();
        }
        try {
            if (!hashing.tryAcquire(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy();
            }
            try {
                return check.get();
            } finally {
                hashing.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } finally {
            admitted.release();
        }
    }

    public synchronized void failed(String name) {
        Failures before = failures.get(name);
        int count = before == null ? 1 : before.count() + 1;
        Instant lockedAt = null;
        Duration lockedFor = Duration.ZERO;
        if (count >= FREE_FAILURES) {
            lockedAt = clock.instant();
            lockedFor = Duration.ofSeconds(Math.min(MAX_LOCKOUT.getSeconds(), 1L << Math.min(count - FREE_FAILURES, 6)));
        }
        failures.put(name, new Failures(count, lockedAt, lockedFor));
    }

    public synchronized void succeeded(String name) {
        failures.remove(name);
    }

    /** What a login turned away to shield the server is told. */
    static XwebError busy() {
        return XwebError.shedding("too many logins are being checked at once");
    }
}
