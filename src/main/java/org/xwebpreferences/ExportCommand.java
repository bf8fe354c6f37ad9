package org.xwebpreferences;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xwebpreferences.store.Database;
import org.xwebpreferences.store.JdbcExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Writes the current preferences, or the history of changes, for an email platform or an archive. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the current preferences, or the history of changes, as CSV or JSON Lines.",
                "Rows stream from the database in constant memory; a progress line goes to standard error."})
final class ExportCommand implements Callable<Integer> {

    enum What { PREFERENCES, HISTORY }

    @Option(names = "--what", paramLabel = "WHAT", defaultValue = "preferences",
            description = "preferences (one row per customer and mailing list) or history (every change)"
                    + " (default: ${DEFAULT-VALUE}).")
    String what;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
            description = "csv (with a header line) or jsonl (one JSON object per line) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--for-spreadsheets",
            description = "CSV only: a value that begins with = + - @, a tab or a carriage return (which a"
                    + " spreadsheet would run as a formula)"
                    + " is written with a ' before it, so that it opens as text; the file then differs from what"
                    + " clients stored.")
    boolean forSpreadsheets;

    @Option(names = {"--output", "-o"}, paramLabel = "FILE", converter = OutputConverter.class,
            description = "File to write; standard output when absent or '-'.")
    Path output;

    @Mixin
    DatabaseOptions database;

    /** The longest file name most file systems take (ext4, XFS, btrfs, tmpfs: 255 bytes). */
    private static final int MAX_NAME_BYTES = 255;
    /** The files H2 keeps a database NAME in: NAME.mv.db, its trace and lock, and those it writes while compacting. */
    private static final Pattern H2_FILES = Pattern.compile("(.*)\\.(mv\\.db|mv\\.db\\.tempFile|trace\\.db|lock\\.db"
            + "|mv\\.db\\.newFile|[0-9]+\\.temp\\.db)");

    @Override
    public Integer call() throws IOException {
        JdbcExport.Table table = JdbcExport.Table.valueOf(choice("--what", what, What.values()).name());
        ExportWriter.Format chosen = choice("--format", format, ExportWriter.Format.values());
        if (forSpreadsheets && chosen != ExportWriter.Format.CSV) {
            throw new IllegalArgumentException("--for-spreadsheets: only with --format csv");
        }
        refuseNoFile();
        refuseTheDatabaseFiles(database.settings());
        Progress progress;
        long rows;
        Path partial = partialFile();
        // SIGTERM or Ctrl-C runs no finally block: the hook removes a cut-off export of customer rows,
        // which under a new process id each time would pile up beside the output.
        Thread removeCutOff = partial == null ? null : new Thread(() -> deleteQuietly(partial), "export-cleanup");
        if (removeCutOff != null) {
            Runtime.getRuntime().addShutdownHook(removeCutOff);
        }
        boolean done = false;
        try (Database db = database.settings().openExisting()) {
            try (Writer out = new BufferedWriter(new OutputStreamWriter(destination(partial), StandardCharsets.UTF_8),
                    64 * 1024)) {
                JdbcExport export = new JdbcExport(db);
                progress = new Progress();
                try (ExportWriter writer = ExportWriter.of(chosen, out, table.columns(), forSpreadsheets)) {
                    rows = export.stream(table, progress::total, values -> {
                        writer.row(values);
                        progress.rowDone();
                    });
                }
            }
            if (partial != null) {
                // On the disk before it takes the name: renamed first, a power cut could leave the
                // name on an empty or cut-off file in place of the earlier export.
                DiskSync.file(partial);
                Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                DiskSync.nameOf(output);
            }
            done = true;
        } catch (IOException e) {
            throw writeFailed(e);
        } catch (UncheckedIOException e) { // a row that could not be written, from inside the database's loop
            throw writeFailed(e.getCause());
        } finally {
            if (partial != null && !done) {
                Files.deleteIfExists(partial);
            }
            if (removeCutOff != null) {
                Runtime.getRuntime().removeShutdownHook(removeCutOff);
            }
        }
        progress.finish(rows); // only once every byte is written: a full disk or a closed pipe is an error
        return 0;
    }

    /**
     * Where a file export is written before it takes the output's name, or null
     * to write straight to the output (standard output, or something that is not a
     * regular file, such as /dev/full or a named pipe): a file of that name, an
     * earlier export a sync job picks up, is never left cut off by a full disk.
     */
    private Path partialFile() {
        // A symbolic link is written through, not renamed over: -o /dev/stdout, which links to
        // /proc/self/fd/1, would otherwise become a file of customer rows in /dev.
        if (toStandardOutput() || Files.isSymbolicLink(output)
                || Files.exists(output) && !Files.isRegularFile(output)) {
            return null;
        }
        Path absolute = output.toAbsolutePath();
        String suffix = "." + ProcessHandle.current().pid() + ".part";
        String name = absolute.getFileName().toString();
        // A name near the file system's limit (255 bytes) would be too long with the suffix: cut, not refused.
        while (!name.isEmpty() && ("." + name + suffix).getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            name = name.substring(0, name.offsetByCodePoints(name.length(), -1));
        }
        return absolute.resolveSibling("." + name + suffix);
    }

    /** An empty name (cwd, "Is a directory") or a directory: said as the mistake it is, not as a write failure. */
    private void refuseNoFile() {
        if (toStandardOutput()) {
            return;
        }
        if (output.toString().isEmpty()) {
            throw new IllegalArgumentException("--output: an empty name: give a file, or '-' for standard output");
        }
        if (Files.isDirectory(output)) {
            throw new IllegalArgumentException("--output: " + output + " is a directory: name a file in it");
        }
        int nameBytes = output.getFileName().toString().getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes > MAX_NAME_BYTES) {
            // Said before the export, not at its end: a large one takes hours.
            throw new IllegalArgumentException("--output: the file's name is " + nameBytes + " bytes long, and file"
                    + " systems take at most " + MAX_NAME_BYTES);
        }
    }

    /** A name that ends in '/' is a directory's: Path drops the '/', and the export became a file of that name. */
    static final class OutputConverter extends PathConverter {
        @Override
        public Path convert(String value) {
            if (value.length() > 1 && value.endsWith("/")) {
                throw new TypeConversionException("'" + value + "' ends in '/', as a directory's name does: name a"
                        + " file");
            }
            return super.convert(value);
        }
    }

    /**
     * An export into the embedded database's directory is refused, and one
     * onto an H2 --db-url's files: one named like the database file took its
     * place, and the data was gone. Where the export would really be written
     * counts, through a symbolic link too (code review: an H2 --db-url, or a
     * link to the file, went past the check).
     */
    private void refuseTheDatabaseFiles(DatabaseSettings settings) throws IOException {
        if (toStandardOutput()) {
            return;
        }
        Path written = realTarget(output);
        if (settings.isEmbedded()) {
            Path directory = settings.dataDir().toAbsolutePath().normalize();
            Path real = Files.exists(directory) ? directory.toRealPath() : directory;
            if (written.startsWith(real) || output.toAbsolutePath().normalize().startsWith(directory)) {
                throw new IllegalArgumentException("--output: " + output + " is inside the data directory "
                        + directory + ", where the database lives: write the export elsewhere");
            }
            return;
        }
        Path file = DatabaseSettings.isH2(settings.url()) ? DatabaseSettings.h2FileOf(settings.url()) : null;
        if (file == null || file.getParent() == null) {
            return;
        }
        Path directory = Files.exists(file.getParent()) ? file.getParent().toRealPath() : file.getParent();
        String name = file.getFileName().toString().replaceFirst("\\.mv\\.db$", "");
        Matcher h2File = H2_FILES.matcher(written.getFileName().toString());
        if (directory.equals(written.getParent()) && h2File.matches() && h2File.group(1).equals(name)) {
            throw new IllegalArgumentException("--output: " + output + " is one of the files H2 keeps the database "
                    + file + " in: write the export elsewhere");
        }
    }

    /**
     * Where writing to the path writes: each symbolic link followed from its own
     * directory's real path, as the kernel does. Resolved as text, a link's ".."
     * undid a linked directory before it, and the check looked at another file
     * than the one written (review).
     */
    private static Path realTarget(Path path) {
        Path current = path.toAbsolutePath();
        for (int links = 0; links < 40; links++) {
            Path here = current;
            try {
                Path parent = current.getParent();
                here = parent == null ? current : parent.toRealPath().resolve(current.getFileName());
                if (!Files.isSymbolicLink(here)) {
                    return here;
                }
                current = here.resolveSibling(Files.readSymbolicLink(here));
            } catch (IOException notThere) {
                return here.normalize(); // a directory not there yet: nothing to follow, and writing fails anyway
            }
        }
        return current.normalize(); // a loop: opening the file fails, and writes nothing
    }

    private static void deleteQuietly(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // the process is going anyway; nothing to tell it to
        }
    }

    /** Said whole: the write failure's usual words would blame the file, which may well be writable. */
    private static final class DirectoryNotWritable extends IOException {
        private static final long serialVersionUID = 1L;

        DirectoryNotWritable(String message) {
            super(message);
        }
    }

    private IOException writeFailed(IOException cause) {
        if (cause instanceof DirectoryNotWritable said) {
            return said;
        }
        // These two say only the path, which the line already gives.
        String why = cause instanceof NoSuchFileException ? ": no such directory"
                : cause instanceof AccessDeniedException ? ": permission denied" : "";
        return new IOException("writing to " + (toStandardOutput() ? "standard output" : output) + " failed" + why,
                cause);
    }

    /** No --output, or '-' as Unix tools write it. */
    private boolean toStandardOutput() {
        return output == null || output.toString().equals("-");
    }

    /**
     * The file, or standard output as a plain stream: System.out is a PrintStream,
     * which swallows write errors, so an export into a full disk or a pipe whose
     * reader is gone would report success.
     */
    private OutputStream destination(Path partial) throws IOException {
        if (toStandardOutput()) {
            return new FileOutputStream(FileDescriptor.out);
        }
        if (partial == null) {
            return OwnerOnly.existingOrNewFile(output);
        }
        try {
            return OwnerOnly.newFile(partial);
        } catch (AccessDeniedException e) {
            throw new DirectoryNotWritable("writing to " + output + " failed: its directory is not writable, and the"
                    + " export is written beside the file first (" + partial.getFileName() + "), so that a failure"
                    + " never leaves it cut off");
        }
    }

    private static <E extends Enum<E>> E choice(String option, String value, E[] choices) {
        for (E choice : choices) {
            if (choice.name().equalsIgnoreCase(value)) {
                return choice;
            }
        }
        throw new IllegalArgumentException(option + ": '" + value + "' is not one of "
                + Arrays.stream(choices).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** Rows done, rate and time left on standard error, every two seconds. */
    private static final class Progress {
        private static final long EVERY_NANOS = Duration.ofSeconds(2).toNanos();
        private final long start = System.nanoTime();
        private long next = start + EVERY_NANOS;
        private long total;
        private long done;

        void total(long rows) {
            total = rows;
        }

        void rowDone() {
            done++;
            if ((done & 1023) == 0 && System.nanoTime() >= next) {
                next = System.nanoTime() + EVERY_NANOS;
                double seconds = (System.nanoTime() - start) / 1e9;
                double rate = done / seconds;
                long left = rate > 0 ? Math.round(Math.max(0, total - done) / rate) : 0;
                System.err.printf(Locale.ROOT, "exported %,d of %,d rows (%,.0f rows/s, about %d s left)%n",
                        done, total, rate, left);
            }
        }

        void finish(long rows) {
            System.err.printf(Locale.ROOT, "exported %,d rows in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
        }
    }
}
