package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.DatabaseSettings;

/** Closing the embedded database is quiet: an operator's WARN alerts fire on every deploy otherwise. */
class DatabaseCloseTest {

    @TempDir
    Path dir;

    /**
     * Hikari waits for its connection adder as long as the data source's login
     * timeout; the embedded one said 0, and the pool warned "Timed-out waiting
     * for add connection executor to shutdown" whenever the adder's thread had
     * not quite ended.
     */
    @Test
    void closingAFullPoolLogsNoWarning() {
        Logger pool = (Logger) LoggerFactory.getLogger("com.zaxxer.hikari");
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        pool.addAppender(warnings);
        try {
            for (int i = 0; i < 10; i++) {
                new DatabaseSettings(dir.resolve("data"), null, null, null, 8).open().close();
            }
        } finally {
            pool.detachAppender(warnings);
        }

        assertThat(warnings.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }
}
