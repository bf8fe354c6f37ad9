package org.xwebpreferences.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * {@code %maskedMsg} and {@code %maskedEx}, as logback.xml writes every line
 * but the access log's: a library's message or stack trace that quotes a JDBC
 * URL shows it without its password, and shows the rest of it.
 */
class MaskedConvertersTest {

    private static final String URL = "jdbc:postgresql://db:5432/xweb?user=xweb&password=Sekr1t-url";

    private final LoggerContext context = new LoggerContext();

    private LoggingEvent event(String message, Throwable thrown) {
        return new LoggingEvent(MaskedConvertersTest.class.getName(), context.getLogger("org.postgresql.Driver"),
                Level.WARN, message, thrown, null);
    }

    @Test
    void aMessageQuotingAUrlShowsItWithoutItsPassword() {
        MaskedMessageConverter converter = new MaskedMessageConverter();
        converter.setContext(context);
        converter.start();

        assertThat(converter.convert(event("Unable to parse URL " + URL, null)))
                .isEqualTo("Unable to parse URL jdbc:postgresql://db:5432/xweb?user=xweb&password=****");
    }

    @Test
    void aStackTraceQuotingAUrlShowsItWithoutItsPassword() {
        MaskedThrowableConverter converter = new MaskedThrowableConverter();
        converter.setContext(context);
        converter.start();

        String trace = converter.convert(event("failed", new SQLException("Unable to parse URL " + URL)));

        assertThat(trace).contains("java.sql.SQLException: Unable to parse URL jdbc:postgresql://db:5432/xweb"
                + "?user=xweb&password=****", "at org.xwebpreferences.logging.MaskedConvertersTest")
                .doesNotContain("Sekr1t");
    }
}
