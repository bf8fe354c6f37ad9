package org.xwebpreferences;

import ch.qos.logback.classic.LoggerContext;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.http.ServerErrorLog;
import org.xwebpreferences.logging.LogLevels;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar xweb-server.jar serve|user ...} */
@Command(name = "xweb-server", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A SOAP server for the communication-preference methods of the netFORUM xWeb API.",
        subcommands = {ServeCommand.class, UserCommand.class, ExportCommand.class, CopyCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    private static final String MAX_CACHED_BUFFER = "jdk.nio.maxCachedBufferSize";

    public static void main(String[] args) {
        limitCachedDirectBuffers();
        // Metro and H2 log through java.util.logging: send it where everything else goes.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = run(args, System.getenv());
        flushLogs();
        System.exit(code);
    }

    /**
     * Writes out the log lines the asynchronous appenders still queue (for at
     * most a second each, so that a standard error nobody reads cannot hold up
     * the exit): a process that exits without it loses its last lines. The
     * count of server errors held back is said first.
     */
    static void flushLogs() {
        ServerErrorLog.reportAllHeldBack();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }

    /**
     * The JDK copies every socket and file write or read of a heap buffer through
     * a direct buffer of that size, and keeps the buffer per thread for reuse,
     * however large: large request bodies and H2's writes of big chunks left
     * hundreds of MiB outside the heap, until the JVM's direct memory (as much as
     * the heap) ran out and answers broke off. Buffers above 256 KiB are now
     * freed after use. Must run before the first channel is used; an operator's
     * own -Djdk.nio.maxCachedBufferSize wins.
     */
    static void limitCachedDirectBuffers() {
        if (System.getProperty(MAX_CACHED_BUFFER) == null) {
            System.setProperty(MAX_CACHED_BUFFER, String.valueOf(256 * 1024));
        }
    }

    private static final Set<String> HELP_OR_VERSION = Set.of("-h", "--help", "-V", "--version");

    /** "--port: ..." */
    private static final Pattern OPTION_FIRST = Pattern.compile("(--[a-z-]+): ");

    /** Runs a command with option defaults from the environment and the --config file; returns the exit code. */
    static int run(String[] args, Map<String, String> environment) {
        CommandLine commandLine = commandLine();
        String badLevel = LogLevels.problem(environment);
        if (badLevel != null) {
            return asksForHelpOrVersion(args) ? withoutSettings(args) : refused(commandLine, "xweb-server", badLevel);
        }
        ConfigurationDefaults defaults;
        try {
            defaults = new ConfigurationDefaults(environment, ConfigurationDefaults.loadFile(args, environment));
            defaults.checkEnvironment(commandLine);
            defaults.checkFileKeys(commandLine.getSubcommands().get("serve"));
            commandLine.setDefaultValueProvider(defaults);
        } catch (IllegalArgumentException e) {
            // Read before the arguments are parsed: named after the command the arguments name.
            return asksForHelpOrVersion(args) ? withoutSettings(args) : refused(commandLine,
                    namedCommand(commandLine, args), e.getMessage());
        }
        commandLine.setParameterExceptionHandler((e, arguments) -> asksForHelpOrVersion(args)
                ? withoutSettings(args) : reportBadArguments(e, defaults));
        commandLine.setExecutionExceptionHandler((e, command, parsed) -> reportFailure(e, command, defaults));
        return commandLine.execute(args);
    }

    /**
     * The arguments, which ask for help or the version, with no settings from
     * the environment or a file; a mistake in the arguments themselves is still
     * told in one line that shows no value (picocli's own handler printed an
     * unknown option's value, a password perhaps, and the whole usage: review).
     */
    private static int withoutSettings(String[] args) {
        CommandLine commandLine = commandLine();
        ConfigurationDefaults none = new ConfigurationDefaults(Map.of(), new Properties());
        commandLine.setParameterExceptionHandler((e, arguments) -> reportBadArguments(e, none));
        commandLine.setExecutionExceptionHandler((e, command, parsed) -> reportFailure(e, command, none));
        return commandLine.execute(args);
    }

    /** The commands, with no defaults from the environment or the file yet. */
    private static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        giveVersionToAll(commandLine);
        commandLine.registerConverter(Path.class, new PathConverter());
        return commandLine;
    }

    private static int refused(CommandLine commandLine, String command, String why) {
        commandLine.getErr().println(command + ": " + why);
        return 2;
    }

    /**
     * Whether the arguments ask for help or the version, which settings that
     * stop every command do not hold up: the error of a bad XWEB_PORT said
     * "See 'xweb-server serve --help'", and --help then failed with the same
     * error (operations audit). Help then shows the built-in defaults. Asked
     * for by an option before a "--" that ends the options, or by the help
     * command first ("user add help" adds a user named help).
     */
    private static boolean asksForHelpOrVersion(String[] args) {
        if (args.length > 0 && args[0].equals("help")) {
            return true;
        }
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (HELP_OR_VERSION.contains(arg)) {
                return true;
            }
        }
        return false;
    }

    /** Every command's -V names the version: picocli gives subcommands the option, but printed nothing. */
    private static void giveVersionToAll(CommandLine command) {
        command.getCommandSpec().versionProvider(new Version());
        command.getSubcommands().values().forEach(Main::giveVersionToAll);
    }

    /**
     * A value of the wrong kind, an unknown option or a missing argument: what
     * is wrong in one line, and where help is, not the whole usage (which
     * buried the one line that mattered under 69 others).
     */
    private static int reportBadArguments(CommandLine.ParameterException e, ConfigurationDefaults defaults) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        String message = e instanceof CommandLine.UnmatchedArgumentException unmatched
                ? unmatched(unmatched.getUnmatched()) : e.getMessage();
        String fromFile = defaults.whereInFile(e.getArgSpec(), e.getValue());
        String fromEnvironment = defaults.whereInEnvironment(e.getArgSpec(), e.getValue());
        if (fromEnvironment != null) {
            message = message + " (from the environment variable " + fromEnvironment + ")";
        } else if (fromFile != null) {
            // A secret pasted after an option's name ("workers my passphrase") reads as that option's value.
            message = message.replace("'" + e.getValue() + "'", "the value on " + fromFile
                    + " (not shown, as it may be a secret)");
        }
        command.getErr().println(name + ": " + message);
        CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr());
        command.getErr().println("See '" + name + " --help'.");
        return 2;
    }

    /** An option's name as options are written: nothing of a value attached to it (-phunter2, --password:x). */
    private static final Pattern OPTION_NAME = Pattern.compile("--[a-z][a-z0-9-]*|-[A-Za-z]");

    /**
     * "Unknown option '--password' (1 value not shown, as it may be a
     * secret)": picocli's own message repeated every argument it did not know,
     * and `user add bob --password hunter2` put the password on standard
     * error, into a journal under systemd (docs audit). Only what has the form
     * of an option's name is shown, without what follows an '='; everything
     * else is counted (a mistyped command's name too: the "Did you mean" line
     * after it names the commands meant).
     */
    static String unmatched(List<String> arguments) {
        List<String> options = new ArrayList<>();
        int hidden = 0;
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            String name = equals < 0 ? argument : argument.substring(0, equals);
            if (OPTION_NAME.matcher(name).matches()) {
                options.add("'" + (equals < 0 ? name : name + "=...") + "'");
                hidden += equals < 0 ? 0 : 1;
            } else {
                hidden++;
            }
        }
        String notShown = hidden + (hidden == 1 ? " value" : " values") + " not shown, as " + (hidden == 1 ? "it" : "they")
                + " may be a secret";
        if (options.isEmpty()) {
            return "Unknown command or unexpected argument (" + notShown + ")";
        }
        return "Unknown option" + (options.size() == 1 ? " " : "s ") + String.join(", ", options)
                + (hidden == 0 ? "" : " (" + notShown + ")");
    }

    /** "xweb-server user list" for the arguments "user list ...": the command they name, before they are parsed. */
    private static String namedCommand(CommandLine top, String[] args) {
        CommandLine command = top;
        for (String arg : args) {
            CommandLine sub = command.getSubcommands().get(arg);
            if (sub == null) {
                break;
            }
            command = sub;
        }
        return command.getCommandSpec().qualifiedName();
    }

    /**
     * A bad option value or an unreachable database ends the command with one
     * line that says what is wrong, not a stack trace; the trace goes to the
     * debug log.
     */
    private static int reportFailure(Exception e, CommandLine command, ConfigurationDefaults defaults) {
        // The pool's and the driver's messages may quote the JDBC URL, and a URL may hold a password:
        // the debug log gets the trace under the masked description, not the messages themselves.
        String described = Texts.maskUrlSecrets(describe(e)) + source(e, command, defaults);
        Exception masked = new Exception(e.getClass().getName() + ": " + described);
        masked.setStackTrace(e.getStackTrace());
        LoggerFactory.getLogger(Main.class).debug("{} failed", command.getCommandName(), masked);
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + described); // xweb-server user list: ...
        return e instanceof IllegalArgumentException ? 2 : 1;
    }

    /**
     * " (from the environment variable XWEB_PORT)" where a bad value named its
     * option, and the value came from the environment or the --config file: the
     * option alone sent operators looking for it on a command line without it.
     */
    private static String source(Exception e, CommandLine command, ConfigurationDefaults defaults) {
        Matcher named = OPTION_FIRST.matcher(e.getMessage() == null ? "" : e.getMessage());
        if (!(e instanceof IllegalArgumentException) || !named.lookingAt()) {
            return "";
        }
        CommandLine.Model.OptionSpec option = command.getCommandSpec().findOption(named.group(1));
        if (option == null || command.getParseResult().hasMatchedOption(option)) {
            return "";
        }
        String source = defaults.sourceOf(option);
        return source == null ? "" : " (from " + source + ")";
    }

    /**
     * The message and its causes' on one line. Only each message's first line:
     * Flyway repeats the driver's message below its own in a framed block. An
     * unknown host is said in words: its exception's message is the bare name,
     * already in the URL, so it was dropped and the line ended in "The
     * connection attempt failed".
     */
    static String describe(Throwable e) {
        String first = firstLine(e.getMessage());
        StringBuilder text = new StringBuilder(first == null || first.isEmpty() ? e.getClass().getSimpleName() : first);
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String message = cause instanceof UnknownHostException
                    ? "unknown host '" + cause.getMessage() + "'" : firstLine(cause.getMessage());
            if (message != null && !text.toString().contains(message)) {
                text.append(": ").append(message);
            }
        }
        return text.toString();
    }

    private static String firstLine(String message) {
        return message == null ? null : message.strip().lines().findFirst().orElse("").strip();
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {describe()};
        }

        /** "xweb-server 1.2.0", or "xweb-server (development build)" when run from classes, not the jar. */
        static String describe() {
            String version = Main.class.getPackage().getImplementationVersion();
            return "xweb-server " + (version == null ? "(development build)" : version);
        }
    }
}
