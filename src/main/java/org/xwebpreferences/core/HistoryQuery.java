package org.xwebpreferences.core;

import java.time.Instant;

/**
 * One page of a customer's history, newest first: optionally one mailing
 * list, optionally changes at or after {@code from} and before {@code to},
 * and after the {@code cursor} of the previous page.
 */
public record HistoryQuery(Guid customerKey, Guid mailingListKey, Instant from, Instant to, int pageSize,
                           HistoryCursor cursor) {

    /** What the continuation tokens of this query's pages are bound to. */
    public String cursorScope() {
        return HistoryCursor.scope(customerKey, mailingListKey, from, to);
    }
}
