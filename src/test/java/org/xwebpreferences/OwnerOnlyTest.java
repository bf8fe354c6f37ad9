package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {

    @TempDir
    Path dir;

    @Test
    void aNewDataDirectoryIsForItsOwnerOnlyItsParentsAsTheUmaskMakesThem() throws Exception {
        Path data = dir.resolve("srv/xweb/data");

        OwnerOnly.createDirectories(data);

        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(data.getParent())).isNotEqualTo("rwx------").startsWith("rwx");
        assertThat(OwnerOnly.othersMayRead(data)).isFalse();
        assertThat(OwnerOnly.othersMayRead(data.getParent())).isTrue();
    }

    @Test
    void anExistingDirectoryIsLeftAsItIs() throws Exception {
        Path existing = Files.createDirectory(dir.resolve("existing"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));

        OwnerOnly.createDirectories(existing);

        assertThat(permissions(existing)).isEqualTo("rwxr-x---");
        assertThat(OwnerOnly.othersMayRead(existing)).isTrue();
    }

    @Test
    void aNewFileReplacesOneOfThatNameAndIsForItsOwnerOnly() throws Exception {
        Path file = Files.writeString(dir.resolve("export.part"), "an earlier, longer attempt");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        try (OutputStream out = OwnerOnly.newFile(file)) {
            out.write("rows".getBytes());
        }

        assertThat(Files.readString(file)).isEqualTo("rows");
        assertThat(permissions(file)).isEqualTo("rw-------");
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
