package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.core.Guid;

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
    void theNextWriterOfTheCustomerGoesOnOnceTheFirstIsDone() throws Exception {
        Guid customer = new Guid(UUID.randomUUID());
        Lock held = patient.acquire(customer);
        CompletableFuture<Lock> second = CompletableFuture.supplyAsync(() -> acquire(patient, customer));
        Thread.sleep(50);
        assertThat(second).isNotDone();

        held.unlock();

        assertThat(second.get()).isSameAs(held);
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
