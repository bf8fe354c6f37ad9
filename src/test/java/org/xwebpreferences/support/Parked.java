package org.xwebpreferences.support;

import java.time.Duration;
import java.time.Instant;

/** Waits until threads are parked in a wait (or have ended), instead of sleeping a guessed time. */
public final class Parked {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    private Parked() {
    }

    /** Returns once every thread waits (WAITING or TIMED_WAITING) or has ended; fails after ten seconds. */
    public static void awaitWaitingOrEnded(Thread... threads) throws InterruptedException {
        Instant deadline = Instant.now().plus(LIMIT);
        for (Thread thread : threads) {
            while (!parkedOrEnded(thread)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError(thread.getName() + " neither waits nor ended: " + thread.getState());
                }
                Thread.sleep(1);
            }
        }
    }

    private static boolean parkedOrEnded(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                || state == Thread.State.TERMINATED;
    }
}
