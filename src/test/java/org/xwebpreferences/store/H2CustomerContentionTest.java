package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.DatabaseSettings;
import org.xwebpreferences.core.Caller;
import org.xwebpreferences.core.ChangeRecord;
import org.xwebpreferences.core.Guid;
import org.xwebpreferences.core.MailingListPreference;
import org.xwebpreferences.core.PreferenceChange;
import org.xwebpreferences.core.PreferenceStatus;

/**
 * Many large requests for one customer at once, on H2. Writes of one customer
 * used to meet in H2's row locks, and under enough load some waited past H2's
 * lock timeout or kept finding rows another request had just created, and
 * failed after every retry: Server faults for valid requests. A short lock
 * timeout makes that show up in a few seconds; one writer per customer at a
 * time never waits for a row lock at all.
 */
class H2CustomerContentionTest {

    private static final int WRITERS = 16;
    private static final int SETTINGS = 100;

    @TempDir
    Path dataDir;

    private Database database;
    private JdbcPreferenceStore preferences;

    @BeforeEach
    void open() {
        database = Database.open(DatabaseSettings.embedded(dataDir).jdbcUrl() + ";LOCK_TIMEOUT=20", "xweb", "",
                WRITERS);
        preferences = new JdbcPreferenceStore(database, new JdbcPreferenceHistory(database), 1000);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void everyWriteOfOneCustomerSucceedsWhileOthersWriteTheSameRows() throws Exception {
        Guid customer = new Guid(UUID.randomUUID());
        List<Guid> lists = new ArrayList<>();
        for (int i = 0; i < SETTINGS; i++) {
            lists.add(new Guid(UUID.randomUUID()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Callable<Void>> writers = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                String user = "writer-" + i;
                writers.add(() -> {
                    for (int round = 0; round < 4; round++) {
                        PreferenceStatus status = PreferenceStatus.values()[round % 3];
                        List<MailingListPreference> settings = lists.stream()
                                .map(list -> new MailingListPreference(list, null, null, status, null, null, null, null))
                                .toList();
                        preferences.upsert(new PreferenceChange(customer, settings),
                                new ChangeRecord(Instant.now(), user, Caller.SOAP, "test"));
                    }
                    return null;
                });
            }
            for (Future<Void> result : pool.invokeAll(writers)) {
                result.get(); // a failed write throws here
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(preferences.findAll(customer)).hasSize(SETTINGS);
    }
}
