package org.xwebpreferences.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How a stored time is written in answers and exports: UTC with always six
 * digits of fraction (microseconds, what both databases keep). Instant's own
 * text drops trailing zeros by threes, so "…14.864Z" and "…14.864267Z" stood
 * side by side, and a client sorting them as text got them out of order.
 */
public final class Timestamps {

    private static final DateTimeFormatter MICROSECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant time) {
        return MICROSECONDS.format(time);
    }
}
