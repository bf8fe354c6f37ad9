package org.xwebpreferences;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * The parallel collector with its adaptive sizing off (the shipped options)
 * grows the heap only when a full collection cannot make room. The JVM starts
 * the heap at a 64th of the machine's memory: on a machine of 4 GiB that is 64
 * MiB of the 256, and under load the server collected in full again and again,
 * using up to 1.7 times the CPU a request (docs/BENCHMARKS.md). Said once, at
 * start, where the heap starts below its maximum.
 */
final class HeapSizing {

    private static final long MIB = 1024 * 1024;

    private HeapSizing() {
    }

    /** The warning for this JVM, if it needs one. */
    static Optional<String> warning() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            boolean parallel = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .map(GarbageCollectorMXBean::getName).anyMatch(name -> name.startsWith("PS "));
            boolean adaptive = Boolean.parseBoolean(hotSpot.getVMOption("UseAdaptiveSizePolicy").getValue());
            long initial = Long.parseLong(hotSpot.getVMOption("InitialHeapSize").getValue());
            long max = Long.parseLong(hotSpot.getVMOption("MaxHeapSize").getValue());
            return warning(parallel, adaptive, initial, max);
        } catch (RuntimeException notHotSpot) {
            return Optional.empty();
        }
    }

    static Optional<String> warning(boolean parallelCollector, boolean adaptiveSizing, long initial, long max) {
        if (!parallelCollector || adaptiveSizing || initial >= max) {
            return Optional.empty();
        }
        return Optional.of("The heap starts at " + initial / MIB + " MiB of its " + max / MIB + " MiB, and the"
                + " parallel collector without adaptive sizing grows it only when a full collection cannot make"
                + " room: under load it collects in full again and again. Give -Xms the size of -Xmx (-Xms"
                + max / MIB + "m), as docs/OPERATIONS.md does");
    }
}
