package org.xwebpreferences;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Files and names put on the disk before a command or server counts on them.
 * A written file sits in the kernel's page cache until it is synced, and a
 * power cut drops what is only there; a file's sync covers its content, not
 * the directory entry that names it, which is the directory's to sync.
 */
final class DiskSync {

    private DiskSync() {
    }

    /** The file's content and size on the disk. */
    static void file(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * The name the file has in its directory, on the disk where the system lets
     * a directory be opened to sync it (Linux does; where it does not, such as
     * Windows, the name stands as the system keeps it, and nothing more can be
     * done from Java). A sync that fails is an error, as a file's is.
     */
    static void nameOf(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null) {
            return;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(directory, StandardOpenOption.READ);
        } catch (IOException e) {
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }
}
