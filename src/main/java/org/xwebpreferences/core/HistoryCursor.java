package org.xwebpreferences.core;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Where the previous page ended: the time and id of its last entry, handed
 * to the client as an opaque continuation token. Paging by this key (not by
 * offset) never repeats or skips an entry when new ones arrive meanwhile:
 * they are newer, and sort before the cursor.
 */
public record HistoryCursor(Instant changedAt, long id) {

    private static final String VERSION = "h1";

    public String token() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, changedAt);
        String text = VERSION + ":" + micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor of a token this server issued, or an invalid-input error naming {@code field}. */
    public static HistoryCursor parse(String field, String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.US_ASCII).split(":");
            if (parts.length == 3 && VERSION.equals(parts[0])) {
                return new HistoryCursor(Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS),
                        Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            // reported below
        }
        throw XwebError.invalid(field, Texts.quote(token) + " is not a continuation token this server issued");
    }
}
