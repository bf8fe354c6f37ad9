package org.xwebpreferences.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.xwebpreferences.core.Texts;

/**
 * {@code %maskedMsg}: the message with the secrets a JDBC URL can hold masked.
 * The server masks its own lines; this is for the libraries' (the PostgreSQL
 * driver quotes a malformed URL whole, password and all, at WARN).
 */
public final class MaskedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Texts.maskUrlSecrets(super.convert(event));
    }
}
