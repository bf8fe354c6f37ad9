package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.support.Parked;

/** One writer of a customer at a time on H2, and a writer that waits too long is told whom it waited for. */
class CustomerLocksTest {

    private final CustomerLocks impatient = new CustomerLocks(Duration.ofMillis(200));
    private final CustomerLocks patient = new CustomerLocks(Duration.ofSeconds(30));

    @Test
    void aSecondWriterOfTheCustomerWaitsAndGivesUpNamingTheCustomerAndTheWait() throws Exception {
        Guid customer = new Guid(UUID.fromString("f6e8e0a5-3c8b-4b5e-9a53-0a6f1e2b7c11"));
        Lock held = impatient.acquire(customer);
        try {
            CompletableFuture<Lock> second = CompletableFuture.supplyAsync(() -> acquire(impatient, customer));

            assertThatThrownBy(second::join).hasRootCauseInstanceOf(SQLException.class)
                    .rootCause().hasMessage("Other requests for customer f6e8e0a5-3c8b-4b5e-9a53-0a6f1e2b7c11"
                            + " held its rows for more than 200 ms");
        } finally {
            held.unlock();
        }
    }

    @Test
    void theNextWriterOfTheCustomerGoesOnOnlyOnceTheFirstIsDone() throws Exception {
        Guid customer = new Guid(UUID.randomUUID());
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        Lock held = patient.acquire(customer);
        FutureTask<Lock> second = new FutureTask<>(() -> {
            Lock lock = acquire(patient, customer);
            done.add("second");
            return lock;
        });
        Thread secondWriter = new Thread(second);
        secondWriter.start();
        Parked.awaitWaitingOrEnded(secondWriter);

        assertThat(second).as("waits while the first holds the customer").isNotDone();
        done.add("first");
        held.unlock();

        second.get(10, TimeUnit.SECONDS);
        assertThat(done).containsExactly("first", "second");
    }

    private static Lock acquire(CustomerLocks locks, Guid customer) {
        try {
            Lock lock = locks.acquire(customer);
            lock.unlock(); // taken and given back on this thread
            return lock;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
