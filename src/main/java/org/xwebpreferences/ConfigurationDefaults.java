package org.xwebpreferences;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.xwebpreferences.core.Texts;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option not given on the command line comes from: the environment
 * variable XWEB_NAME (--db-url: XWEB_DB_URL), else the configuration file
 * (key db-url), else the option's built-in default. The command line wins
 * over all of them.
 */
final class ConfigurationDefaults implements CommandLine.IDefaultValueProvider {

    /** Far more than a file of every option with comments takes. */
    private static final int MAX_FILE_BYTES = 64 * 1024;
    /** Options that mean nothing in the file: a file cannot name another file, or ask for help. */
    private static final Set<String> NOT_FOR_A_FILE = Set.of("config", "help", "version");
    /** Settings read from the environment only, by no option. */
    static final Set<String> ENVIRONMENT_ONLY = Set.of("XWEB_CONFIG", "XWEB_DB_PASSWORD", "XWEB_TLS_KEYSTORE_PASSWORD",
            "XWEB_BOOTSTRAP_USER", "XWEB_BOOTSTRAP_PASSWORD", "XWEB_LOG_LEVEL", "XWEB_ACCESS_LOG_LEVEL",
            "XWEB_TO_DB_PASSWORD");
    /**
     * Options the command line alone gives. A copy's target among them: a
     * required choice of two that a default never satisfies, where an
     * XWEB_TO_DB_URL could only win over the --to-data-dir given beside it,
     * and the copy went into that database (operations audit).
     */
    private static final Set<String> NOT_FROM_THE_ENVIRONMENT = Set.of("help", "version", "to-db-url", "to-data-dir");
    private static final String PREFIX = "XWEB_";
    /** Ample for a secret store's command behind --config <(...). */
    private static final Duration READ_LIMIT = Duration.ofSeconds(30);

    private final Map<String, String> environment;
    private final Properties file;

    ConfigurationDefaults(Map<String, String> environment, Properties file) {
        this.environment = environment;
        this.file = file;
    }

    /** The file named by --config FILE (or --config=FILE) in the arguments, or by XWEB_CONFIG; empty without one. */
    static Properties loadFile(String[] args, Map<String, String> environment) {
        return loadFile(args, environment, READ_LIMIT);
    }

    static Properties loadFile(String[] args, Map<String, String> environment, Duration readLimit) {
        Path path = configPath(args, environment);
        if (path == null) {
            return new Properties();
        }
        ConfigFile properties = new ConfigFile(path, readText(path, readLimit));
        try {
            properties.load(new StringReader(properties.text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--config: cannot read " + path + ": " + e.getMessage(), e);
        }
        return properties;
    }

    /**
     * The file as UTF-8 text, read up to a size and a time limit: the path may
     * be a pipe or a device (a secret handed over as {@code --config <(...)}),
     * and one that never ends, such as /dev/zero, or a pipe whose writer never
     * closes it, must not hang the start.
     */
    private static String readText(Path path, Duration readLimit) {
        byte[] bytes = readBytes(path, readLimit);
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("--config: " + path + " is larger than " + MAX_FILE_BYTES / 1024
                    + " KiB; a configuration file holds a few options");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            // A byte order mark, as Windows editors write one, is no part of the first key.
            return Texts.withoutByteOrderMark(text);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("--config: " + path + " is not UTF-8 text", e);
        }
    }

    /** Reads in a thread of its own, as a read from a pipe cannot be interrupted. */
    private static byte[] readBytes(Path path, Duration readLimit) {
        FutureTask<byte[]> read = new FutureTask<>(() -> {
            try (InputStream in = Files.newInputStream(path)) {
                return in.readNBytes(MAX_FILE_BYTES + 1);
            }
        });
        Thread reader = new Thread(read, "config-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            return read.get(readLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("--config: " + path + " did not end within " + readLimit.toSeconds()
                    + " s (a pipe that its writer keeps open?)", e);
        } catch (ExecutionException e) {
            throw new IllegalArgumentException("--config: cannot read " + path + ": " + reason(e.getCause()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("--config: interrupted while reading " + path, e);
        }
    }

    private static String reason(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException failure && failure.getReason() != null) {
            return failure.getReason();
        }
        return e.getMessage();
    }

    private static Path configPath(String[] args, Map<String, String> environment) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return configPath(args[i + 1], "");
            }
            if (args[i].startsWith("--config=")) {
                return configPath(args[i].substring("--config=".length()), "");
            }
        }
        String fromEnvironment = environment.get("XWEB_CONFIG");
        return fromEnvironment == null || fromEnvironment.isBlank() ? null
                : configPath(fromEnvironment, " (from the environment variable XWEB_CONFIG)");
    }

    private static Path configPath(String value, String source) {
        try {
            return PathConverter.toPath(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--config: " + e.getMessage() + source, e);
        }
    }

    /** Environment variable of an option: --db-url is XWEB_DB_URL. */
    static String environmentName(String optionName) {
        return "XWEB_" + optionName.replaceFirst("^--", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || option.longestName().equals("--config")
                || NOT_FROM_THE_ENVIRONMENT.contains(fileKey(option))) {
            return null; // XWEB_VERSION=0.1.0, as a container image may set it, stopped every command
        }
        String fromEnvironment = environmentValue(option);
        return fromEnvironment != null ? fromEnvironment.strip() : stripped(file.getProperty(fileKey(option)));
    }

    /**
     * Spaces around a value are never part of it: an editor's trailing space
     * after data-dir=/var/lib/xweb made a new, empty database in "xweb ", and
     * after port=8080 an error about a value that looked right.
     */
    private static String stripped(String value) {
        return value == null ? null : value.strip();
    }

    /**
     * Refuses keys in the file that name no option of the command, so that a
     * typo does not pass unnoticed. A key is shown only when it is a near miss
     * of an option's name: a line holding only a secret, pasted or piped in,
     * reads as a key too, and must not end up on the screen or in a log.
     */
    void checkFileKeys(CommandLine command) {
        Set<String> known = new TreeSet<>();
        for (OptionSpec option : command.getCommandSpec().options()) {
            known.add(fileKey(option));
        }
        known.removeAll(NOT_FOR_A_FILE);
        String options = "options: " + String.join(", ", known);
        if (file instanceof ConfigFile config && config.repeated != null) {
            String key = config.repeated;
            throw new IllegalArgumentException("--config: " + (known.contains(key) || nearestName(key, known) != null
                    ? "'" + key + "' is set more than once in " + config.path
                    : config.whereIs(key) + " set the same key (not shown, as it may be a secret)") + "; keep one");
        }
        for (String key : file.stringPropertyNames()) {
            if (known.contains(key)) {
                continue;
            }
            String meant = nearestName(key, known);
            if (meant != null) {
                throw new IllegalArgumentException("--config: '" + key + "' is not an option of '"
                        + command.getCommandName() + "'; did you mean '" + meant + "'? (" + options + ")");
            }
            String where = file instanceof ConfigFile config ? config.whereIs(key) : "a line";
            throw new IllegalArgumentException("--config: " + where + " names no option of '"
                    + command.getCommandName() + "' (not shown, as it may be a secret; " + options + ")");
        }
    }

    /**
     * Refuses an environment variable whose name is a near miss of a setting's
     * (XWEB_SINGLE_USE_TOKEN, xweb_port): the setting it was meant for would
     * silently keep its default, and for some (single-use tokens, the database)
     * that is not noticed until it matters. Other XWEB_ names are left alone,
     * as scripts around the server may use the prefix for their own. Values
     * are never shown: the variable may hold a secret. A setting's variable
     * that is set but empty is refused too, as its key in the file is.
     */
    void checkEnvironment(CommandLine top) {
        Set<String> options = new TreeSet<>();
        addOptionVariables(top, options);
        for (String name : options) {
            String value = environment.get(name);
            if (value != null && value.isBlank()) {
                // As port= in the file is: an empty XWEB_DB_URL, left by a template that failed,
                // started a production node on a new embedded database.
                throw new IllegalArgumentException("the environment variable " + name + " is set but empty: give it a"
                        + " value, or unset it");
            }
        }
        Set<String> known = new TreeSet<>(ENVIRONMENT_ONLY);
        known.addAll(options);
        for (String name : new TreeSet<>(environment.keySet())) {
            if (known.contains(name) || !name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                continue;
            }
            String meant = nearestVariable(name, known);
            if (meant != null) {
                throw new IllegalArgumentException("the environment variable " + name + " names no setting; did you"
                        + " mean " + meant + "? (correct its name, or unset it)");
            }
        }
    }

    private static void addOptionVariables(CommandLine command, Set<String> known) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (!NOT_FROM_THE_ENVIRONMENT.contains(fileKey(option))) {
                known.add(environmentName(option.longestName()));
            }
        }
        command.getSubcommands().values().forEach(sub -> addOptionVariables(sub, known));
    }

    /**
     * The known variable the name is a near miss of: the same but for case, or,
     * where the part after the prefix is six characters or more, one letter
     * added, dropped or changed (XWEB_WORKER, XWEB_DB_PASWORD). Two edits took
     * names scripts use for their own (XWEB_DB_SSL for XWEB_DB_URL), and one
     * took short ones (XWEB_SORT for XWEB_PORT): review.
     */
    private static String nearestVariable(String name, Set<String> known) {
        String rest = name.substring(PREFIX.length()).toUpperCase(Locale.ROOT);
        for (String variable : known) {
            String knownRest = variable.substring(PREFIX.length());
            int distance = editDistance(rest, knownRest);
            if (distance == 0 || distance == 1 && knownRest.length() >= 6) {
                return variable;
            }
        }
        return null;
    }

    /**
     * The environment variable the value given to an option came from (not the
     * command line), or null: "'abc' is not an int" alone does not say where to look.
     */
    String whereInEnvironment(ArgSpec argument, String value) {
        if (!(argument instanceof OptionSpec option) || value == null) {
            return null;
        }
        String fromEnvironment = environmentValue(option);
        return fromEnvironment != null && value.equals(fromEnvironment.strip())
                ? environmentName(option.longestName()) : null;
    }

    /**
     * Where the option's value came from when the command line did not give
     * it: "the environment variable XWEB_PORT", "line 3 of FILE", or null.
     */
    String sourceOf(OptionSpec option) {
        if (environmentValue(option) != null) {
            return "the environment variable " + environmentName(option.longestName());
        }
        String key = fileKey(option);
        return file.getProperty(key) == null ? null : whereInFile(key);
    }

    /**
     * "line 3 of FILE" when the value given to an option came from the file (not
     * from the command line or the environment); null otherwise.
     */
    String whereInFile(ArgSpec argument, String value) {
        if (!(argument instanceof OptionSpec option) || value == null || environmentValue(option) != null
                || !value.equals(stripped(file.getProperty(fileKey(option))))) {
            return null;
        }
        return whereInFile(fileKey(option));
    }

    /** The option's environment variable's value; null where it is unset (an empty one is refused before). */
    private String environmentValue(OptionSpec option) {
        String value = environment.get(environmentName(option.longestName()));
        return value == null || value.isEmpty() ? null : value;
    }

    private static String fileKey(OptionSpec option) {
        return option.longestName().replaceFirst("^--", "");
    }

    private String whereInFile(String key) {
        return file instanceof ConfigFile config ? config.whereIs(key) : "the --config file";
    }

    /** The known name at most two edits away from the key (names are lower case; keys are matched exactly), or null. */
    private static String nearestName(String key, Set<String> known) {
        String nearest = null;
        int best = 3;
        for (String name : known) {
            int distance = editDistance(key.toLowerCase(Locale.ROOT), name);
            if (distance < best) {
                best = distance;
                nearest = name;
            }
        }
        return nearest;
    }

    /** Levenshtein distance: inserts, deletions and replacements of one character. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * The file's properties, remembering the first key given twice (a repeated
     * key is a mistake, whichever value was meant) and where each key stands.
     */
    private static final class ConfigFile extends Properties {
        private final transient Path path;
        private final transient String text;
        private String repeated;

        ConfigFile(Path path, String text) {
            this.path = path;
            this.text = text;
        }

        @Override
        public synchronized Object put(Object key, Object value) {
            Object previous = super.put(key, value);
            if (previous != null && repeated == null) {
                repeated = String.valueOf(key);
            }
            return previous;
        }

        /**
         * "line 3 of FILE", or "lines 3 and 7 of FILE": the lines that set the
         * key, read as Properties reads them.
         */
        String whereIs(String key) {
            List<Integer> lines = linesOf(key);
            if (lines.isEmpty()) {
                return "a line of " + path;
            }
            if (lines.size() == 1) {
                return "line " + lines.get(0) + " of " + path;
            }
            return "lines " + lines.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    .replaceFirst(", (\\d+)$", " and $1") + " of " + path;
        }

        private List<Integer> linesOf(String key) {
            List<Integer> found = new ArrayList<>();
            String[] lines = text.split("\r\n|\r|\n", -1);
            boolean continued = false;
            for (int i = 0; i < lines.length; i++) {
                boolean partOfPrevious = continued;
                String line = lines[i].stripLeading();
                boolean comment = line.startsWith("#") || line.startsWith("!");
                continued = !comment && endsWithOddBackslashes(line);
                if (partOfPrevious || comment || line.isEmpty()) {
                    continue;
                }
                Properties one = new Properties();
                try {
                    one.load(new StringReader(line));
                } catch (IOException | IllegalArgumentException e) {
                    continue;
                }
                if (one.containsKey(key)) {
                    found.add(i + 1);
                }
            }
            return found;
        }

        private static boolean endsWithOddBackslashes(String line) {
            int count = 0;
            for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
                count++;
            }
            return count % 2 == 1;
        }
    }
}
