package org.xwebpreferences;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files and directories only their owner may read: the embedded database and
 * exports hold password hashes and every customer's preferences and history,
 * and under the usual umask 022 any user of the machine could copy the
 * database file or run export on it (operations audit). On a file system
 * without POSIX permissions (Windows) the platform's defaults apply.
 */
final class OwnerOnly {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    /** Creates the directory and any missing parents; the directory itself, where new, for its owner only. */
    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (POSIX) {
            Files.createDirectory(dir, attribute("rwx------"));
        } else {
            Files.createDirectory(dir);
        }
    }

    /** A new file, replacing one of that name, that only its owner may read. */
    static OutputStream newFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (POSIX) {
            Files.createFile(file, attribute("rw-------"));
        }
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    /**
     * The file, or what a symbolic link names, opened for writing from its
     * start; where that does not exist yet, made for its owner only (an export
     * through a dangling link made a file of customer rows rw-r--r--).
     */
    static OutputStream existingOrNewFile(Path file) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        return Channels.newOutputStream(POSIX ? Files.newByteChannel(file, options, attribute("rw-------"))
                : Files.newByteChannel(file, options));
    }

    /**
     * The file, which another library made under the process's umask, for its
     * owner only: the embedded database's file, new, is rw-r--r-- under umask
     * 022, readable by anyone once its directory is.
     */
    static void restrict(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** The file's permissions; null where the file system has none (Windows). */
    static Set<PosixFilePermission> permissions(Path file) throws IOException {
        return POSIX ? Files.getPosixFilePermissions(file) : null;
    }

    /** Whether users other than the owner may read or enter the directory (false where that cannot be told). */
    static boolean othersMayRead(Path dir) {
        if (!POSIX) {
            return false;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
            return !EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE).containsAll(permissions);
        } catch (IOException e) {
            return false;
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
