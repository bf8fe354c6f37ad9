package org.xwebpreferences.core;

import java.util.List;

/** A page of history entries, newest first, and the token of the next page (null on the last). */
public record HistoryPage(List<HistoryEntry> entries, String continuationToken) {

    public HistoryPage {
        entries = List.copyOf(entries);
    }
}
