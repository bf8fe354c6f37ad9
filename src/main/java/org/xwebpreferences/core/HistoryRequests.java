package org.xwebpreferences.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/** The rules of GetCustomerCommunicationPreferenceHistory's parameters, for every transport. */
final class HistoryRequests {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final Pattern ASCII_NUMBER = Pattern.compile("[0-9]{1,9}");

    private HistoryRequests() {
    }

    static HistoryQuery parse(String customerKey, String mailingListKey, String from, String to, String pageSize,
                              String continuationToken) {
        Guid customer = Guid.parse("customerKey", customerKey);
        Guid list = Guid.parseOptional("mailingListKey", mailingListKey);
        Instant start = time("from", from);
        Instant end = time("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw XwebError.invalid("to", "must be later than from (" + start + ")");
        }
        HistoryCursor cursor = continuationToken == null || Texts.isBlank(continuationToken) ? null
                : HistoryCursor.parse("continuationToken", continuationToken,
                        HistoryCursor.scope(customer, list, start, end));
        return new HistoryQuery(customer, list, start, end, size(pageSize), cursor);
    }

    /**
     * An ISO-8601 time: with an offset, or in UTC where it has none; a date alone
     * is its midnight, at its offset or UTC. Years 1 to 9999 only: Java reads times a billion years
     * away, which PostgreSQL cannot compare with and failed on.
     */
    private static Instant time(String field, String text) {
        if (text == null || Texts.isBlank(text)) {
            return null;
        }
        Instant time = parseTime(field, text);
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw XwebError.invalid(field, Texts.quote(text) + " is outside the years 0001 to 9999 (in UTC)");
        }
        return time;
    }

    private static Instant parseTime(String field, String text) {
        String value = Texts.strip(text);
        try {
            if (value.indexOf('T') < 0 && value.indexOf('t') < 0) { // RFC 3339 allows a lower-case t (review)
                // A date, and XML Schema's date with an offset (2026-01-31Z, 2026-01-31+01:00) as well:
                // its midnight at that offset (audit: refused as not ISO-8601).
                TemporalAccessor date = DateTimeFormatter.ISO_DATE.parse(value);
                ZoneOffset offset = date.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(date)
                        : ZoneOffset.UTC;
                return LocalDate.from(date).atStartOfDay().toInstant(offset);
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notWithOffset) {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            throw XwebError.invalid(field, Texts.quote(text)
                    + " is not an ISO-8601 time (e.g. 2026-01-31T12:00:00Z or 2026-01-31)");
        }
    }

    private static int size(String text) {
        if (text == null || Texts.isBlank(text)) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            // ASCII digits only: parseInt also reads full-width and other scripts' digits, and a sign.
            if (ASCII_NUMBER.matcher(Texts.strip(text)).matches()) {
                int size = Integer.parseInt(Texts.strip(text));
                if (size >= 1 && size <= MAX_PAGE_SIZE) {
                    return size;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw XwebError.invalid("pageSize", Texts.quote(text) + " is not a whole number from 1 to " + MAX_PAGE_SIZE);
    }
}
