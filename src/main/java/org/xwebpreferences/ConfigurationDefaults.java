package org.xwebpreferences;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
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

    private final Map<String, String> environment;
    private final Properties file;

    ConfigurationDefaults(Map<String, String> environment, Properties file) {
        this.environment = environment;
        this.file = file;
    }

    /** The file named by --config FILE (or --config=FILE) in the arguments, or by XWEB_CONFIG; empty without one. */
    static Properties loadFile(String[] args, Map<String, String> environment) {
        Path path = configPath(args, environment);
        if (path == null) {
            return new Properties();
        }
        String text = readText(path);
        OnceOnlyProperties properties = new OnceOnlyProperties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--config: cannot read " + path + ": " + e.getMessage(), e);
        }
        if (properties.repeated != null) {
            throw new IllegalArgumentException("--config: '" + properties.repeated + "' is set more than once in "
                    + path + "; keep one");
        }
        return properties;
    }

    /**
     * The file as UTF-8 text, read up to a limit: the path may be a pipe or a
     * device (a secret handed over as {@code --config <(...)}), and one that
     * never ends, such as /dev/zero, must not hang the start.
     */
    private static String readText(Path path) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("--config: cannot read " + path + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("--config: " + path + " is larger than " + MAX_FILE_BYTES / 1024
                    + " KiB; a configuration file holds a few options");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            // A byte order mark, as Windows editors write one, is no part of the first key.
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("--config: " + path + " is not UTF-8 text", e);
        }
    }

    private static Path configPath(String[] args, Map<String, String> environment) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        String fromEnvironment = environment.get("XWEB_CONFIG");
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : Path.of(fromEnvironment);
    }

    /** Environment variable of an option: --db-url is XWEB_DB_URL. */
    static String environmentName(String optionName) {
        return "XWEB_" + optionName.replaceFirst("^--", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || option.longestName().equals("--config")) {
            return null;
        }
        String fromEnvironment = environment.get(environmentName(option.longestName()));
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        return file.getProperty(option.longestName().replaceFirst("^--", ""));
    }

    /** Refuses keys in the file that name no option of the command, so that a typo does not pass unnoticed. */
    void checkFileKeys(CommandLine command) {
        Set<String> known = new TreeSet<>();
        for (OptionSpec option : command.getCommandSpec().options()) {
            known.add(option.longestName().replaceFirst("^--", ""));
        }
        for (String key : file.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("--config: '" + key + "' is not an option of '"
                        + command.getCommandName() + "' (options: " + String.join(", ", known) + ")");
            }
        }
    }

    /** Properties that remember the first key given twice: a repeated key is a mistake, whichever value was meant. */
    private static final class OnceOnlyProperties extends Properties {
        private String repeated;

        @Override
        public synchronized Object put(Object key, Object value) {
            Object previous = super.put(key, value);
            if (previous != null && repeated == null) {
                repeated = String.valueOf(key);
            }
            return previous;
        }
    }
}
