package org.xwebpreferences.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.xwebpreferences.core.Guid;

/**
 * Lets one write transaction at a time change a customer's rows in this
 * server, and lets the others wait here, holding no pooled connection. On H2
 * it is the only guard: two requests creating the same new rows would
 * otherwise both find them missing, and all but one fail and start again;
 * with many such requests at once, large ones also ran into H2's lock timeout,
 * and clients got Server faults for requests that were fine. On PostgreSQL an
 * advisory lock keeps other nodes' writers out too ({@link
 * SqlDialect#lockCustomer()}); without this one, writers of a customer whose
 * rows another transaction held each waited for it on a connection of their
 * own, emptied the pool, and every other customer's request and the readiness
 * check failed with them.
 */
final class CustomerLocks {

    /** Many more than requests in flight, so that different customers rarely share one. */
    private static final int STRIPES = 4096;

    /**
     * As long as the server waits for a slow client (--request-timeout's
     * default): far longer than a queue of writes of one customer takes, as
     * writers are served first come, first served.
     */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Lock[] stripes = new Lock[STRIPES];
    private final Duration wait;

    CustomerLocks() {
        this(WAIT);
    }

    CustomerLocks(Duration wait) {
        this.wait = wait;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock(true); // fair: no writer is overtaken again and again
        }
    }

    /** Takes the customer's lock, or throws when other writes of the customer held it too long. */
    Lock acquire(Guid customer) throws SQLException {
        Lock lock = stripes[Math.floorMod(customer.value().hashCode(), STRIPES)];
        try {
            if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLException("Other requests for customer " + customer.value() + " held its rows for more than "
                        + wait.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for other requests for the customer", e);
        }
        return lock;
    }
}
