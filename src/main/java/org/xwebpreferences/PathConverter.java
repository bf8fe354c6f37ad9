package org.xwebpreferences;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * File names from options, with the reason a name cannot be one said in words:
 * under LC_ALL=C the JVM can name no file outside ASCII, and picocli's own
 * message quoted InvalidPathException and "cannot convert ... to interface
 * java.nio.file.Path".
 */
class PathConverter implements ITypeConverter<Path> {

    @Override
    public Path convert(String value) {
        try {
            return toPath(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** The path; an IllegalArgumentException that says why the name cannot be one. */
    static Path toPath(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            String encoding = System.getProperty("sun.jnu.encoding", "?");
            throw new IllegalArgumentException("'" + value + "' cannot be a file name here: " + (value.indexOf('\0') >= 0
                    ? "it holds a NUL character" : "this system's file names are " + encoding + ", which cannot"
                    + " hold it (a locale such as LC_ALL=C; run with a UTF-8 one, e.g. LC_ALL=C.UTF-8)"), e);
        }
    }
}
