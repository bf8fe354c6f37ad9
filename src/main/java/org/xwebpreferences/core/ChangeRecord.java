package org.xwebpreferences.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When and by whom a change is made. The time is kept to the microsecond,
 * the precision the databases store, so that what is read back equals what
 * was written and can serve as a paging cursor.
 */
public record ChangeRecord(Instant at, String user, String protocol, String correlationId) {

    public ChangeRecord {
        at = at.truncatedTo(ChronoUnit.MICROS);
    }

    public static ChangeRecord of(Caller caller, Instant at) {
        return new ChangeRecord(at, caller.user(), caller.protocol(), caller.correlationId());
    }
}
