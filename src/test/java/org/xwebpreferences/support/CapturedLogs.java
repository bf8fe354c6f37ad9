package org.xwebpreferences.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log line written while it is open, from every logger, as the backend received it. */
public final class CapturedLogs implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<Logger> loggers;

    public CapturedLogs(String... loggerNames) {
        appender.start();
        loggers = Arrays.stream(loggerNames).map(name -> (Logger) LoggerFactory.getLogger(name)).toList();
        loggers.forEach(logger -> logger.addAppender(appender));
    }

    /** The formatted messages so far, with the logger name in front. */
    public List<String> lines() {
        synchronized (appender.list) {
            return appender.list.stream().map(event -> event.getLoggerName() + " " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage())).toList();
        }
    }

    @Override
    public void close() {
        loggers.forEach(logger -> logger.detachAppender(appender));
        appender.stop();
    }
}
