package org.xwebpreferences.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Where the previous page ended: the time and id of its last entry, handed
 * to the client as an opaque continuation token. Paging by this key (not by
 * offset) never repeats or skips an entry when new ones arrive meanwhile:
 * they are newer, and sort before the cursor.
 * <p>
 * The token carries a check value over the cursor and the query it belongs
 * to, so that a token cut short or altered on its way, or sent with another
 * customer, list or time window, is refused instead of silently answering a
 * page from elsewhere (or an empty last page: a history that looks complete
 * and is not). It is a check, not a seal: a caller that builds a token by hand
 * can only page through what it may read anyway.
 */
public record HistoryCursor(Instant changedAt, long id) {

    private static final String VERSION = "h2";

    /** What a token is bound to: the query's customer, list and time window, not its page size. */
    public static String scope(Guid customer, Guid list, Instant from, Instant to) {
        return text(customer) + "|" + text(list) + "|" + from + "|" + to;
    }

    private static String text(Guid key) {
        return key == null ? "-" : key.value().toString();
    }

    /** The token that continues after this cursor in the query of {@code scope}. */
    public String token(String scope) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, changedAt);
        String cursor = VERSION + ":" + micros + ":" + id;
        String text = cursor + ":" + check(cursor, scope);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The cursor of a token this server issued for the query of {@code scope},
     * or an invalid-input error naming {@code field}.
     */
    public static HistoryCursor parse(String field, String token, String scope) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(Texts.strip(token)), StandardCharsets.US_ASCII)
                    .split(":");
            if (parts.length == 4 && VERSION.equals(parts[0])
                    && parts[3].equals(check(parts[0] + ":" + parts[1] + ":" + parts[2], scope))) {
                return new HistoryCursor(Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS),
                        Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            // reported below
        }
        throw XwebError.invalid(field, Texts.quote(token) + " is not a continuation token this server issued for"
                + " this customer, list and time window: start again without one");
    }

    /** The first 8 bytes of SHA-256 over the cursor and its scope, in hex. */
    private static String check(String cursor, String scope) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((cursor + "\n" + scope).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
