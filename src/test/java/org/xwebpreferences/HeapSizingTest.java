package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapSizingTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void aHeapThatStartsSmallUnderTheParallelCollectorWithFixedSizesIsToldHowToStartItFull() {
        assertThat(HeapSizing.warning(true, false, 64 * MIB, 256 * MIB)).contains("The heap starts at 64 MiB of its"
                + " 256 MiB, and the parallel collector without adaptive sizing grows it only when a full collection"
                + " cannot make room: under load it collects in full again and again. Give -Xms the size of -Xmx"
                + " (-Xms256m), as docs/OPERATIONS.md does");
    }

    @Test
    void aHeapThatStartsFullOrACollectorThatGrowsItNeedsNoWord() {
        assertThat(HeapSizing.warning(true, false, 256 * MIB, 256 * MIB)).isEmpty();
        assertThat(HeapSizing.warning(true, true, 64 * MIB, 256 * MIB)).isEmpty();
        assertThat(HeapSizing.warning(false, false, 64 * MIB, 256 * MIB)).isEmpty();
    }
}
