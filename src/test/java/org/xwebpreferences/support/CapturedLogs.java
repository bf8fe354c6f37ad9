package org.xwebpreferences.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/** Every log line written while it is open, from every logger, as the backend received it. */
public final class CapturedLogs implements AutoCloseable {

    // Server threads append while the test thread reads, so the events go into a concurrent queue:
    // logback's ListAppender adds to a plain ArrayList under a lock its readers cannot take.
    private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }
    };
    private final List<Logger> loggers;

    public CapturedLogs(String... loggerNames) {
        appender.start();
        loggers = Arrays.stream(loggerNames).map(name -> (Logger) LoggerFactory.getLogger(name)).toList();
        loggers.forEach(logger -> logger.addAppender(appender));
    }

    /** The formatted messages so far, with the logger name in front. */
    public List<String> lines() {
        return events.stream().map(event -> event.getLoggerName() + " " + event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage())).toList();
    }

    /** The same lines with the level in front: {@code WARN logger message}. */
    public List<String> linesWithLevel() {
        return events.stream().map(event -> event.getLevel() + " " + event.getLoggerName() + " "
                + event.getFormattedMessage()).toList();
    }

    @Override
    public void close() {
        loggers.forEach(logger -> logger.detachAppender(appender));
        appender.stop();
    }
}
