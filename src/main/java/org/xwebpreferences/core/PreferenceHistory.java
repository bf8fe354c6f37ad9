package org.xwebpreferences.core;

/** Where the history of changes is read from; it is written by {@link PreferenceStore#upsert}. */
public interface PreferenceHistory {

    /** Up to {@code pageSize} entries newest first, and whether more follow: {@code pageSize + 1} are read. */
    HistoryPage page(HistoryQuery query);
}
