package org.xwebpreferences.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.xwebpreferences.core.Texts;

/** {@code %maskedEx}: a stack trace with the secrets a JDBC URL can hold masked in its messages. */
public final class MaskedThrowableConverter extends ThrowableProxyConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Texts.maskUrlSecrets(super.convert(event));
    }
}
