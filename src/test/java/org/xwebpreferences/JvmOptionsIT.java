package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.support.ServerProcess;

/** The start tells an operator of JVM options under which the server would run far below its speed. */
class JvmOptionsIT {

    private static final String FIXED_SIZES = "-XX:+UseParallelGC -XX:-UseAdaptiveSizePolicy -Xmx256m";

    @TempDir
    Path dataDirs;

    @Test
    void aHeapThatStartsBelowItsMaximumUnderTheParallelCollectorWithFixedSizesIsWarnedOf() throws Exception {
        // -Xms64m is what the JVM picks on a machine of 4 GiB when no -Xms is given.
        try (ServerProcess small = ServerProcess.start(dataDirs.resolve("small"),
                Map.of("JAVA_TOOL_OPTIONS", FIXED_SIZES + " -Xms64m"))) {
            assertThat(logOnceStarted(small)).contains("The heap starts at 64 MiB of its 256 MiB, and the parallel"
                    + " collector without adaptive sizing grows it only when a full collection cannot make room");
        }
        try (ServerProcess full = ServerProcess.start(dataDirs.resolve("full"),
                Map.of("JAVA_TOOL_OPTIONS", FIXED_SIZES + " -Xms256m"))) {
            assertThat(logOnceStarted(full)).contains("Starting").doesNotContain("The heap starts");
        }
    }

    /**
     * The log of a server that listens: the start's lines were logged before it
     * did, and go out within 10 ms (in batches); half a second is ample.
     */
    private static String logOnceStarted(ServerProcess server) throws Exception {
        Thread.sleep(500);
        return server.log();
    }
}
