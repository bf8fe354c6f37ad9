package org.xwebpreferences.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Temporary files and directories of the tests that outlive one test method (a server's data
 * directory, its log), removed when the test JVM ends: a run of the suite used to leave some
 * sixty of them, databases included, in the temporary directory.
 */
public final class TempFiles {

    private static final List<Path> CREATED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "temp-files-cleanup"));
    }

    private TempFiles() {
    }

    public static Path directory(String prefix) throws IOException {
        return remember(Files.createTempDirectory(prefix));
    }

    public static Path file(String prefix, String suffix) throws IOException {
        return remember(Files.createTempFile(prefix, suffix));
    }

    private static synchronized Path remember(Path path) {
        CREATED.add(path);
        return path;
    }

    private static synchronized void deleteAll() {
        for (Path created : CREATED) {
            try (Stream<Path> paths = Files.walk(created)) {
                paths.sorted(Comparator.reverseOrder()).forEach(TempFiles::deleteQuietly);
            } catch (IOException | UncheckedIOException e) {
                // already gone, or unreadable: nothing more to do as the JVM ends
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // e.g. a PostgreSQL file owned by another user: left in the temporary directory
        }
    }
}
