package org.xwebpreferences;

import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar xweb-server.jar serve|user ...} */
@Command(name = "xweb-server", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A SOAP server for the communication-preference methods of the netFORUM xWeb API.",
        subcommands = {ServeCommand.class, UserCommand.class, ExportCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        // Metro and H2 log through java.util.logging: send it where everything else goes.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(run(args, System.getenv()));
    }

    /** Runs a command with option defaults from the environment and the --config file; returns the exit code. */
    static int run(String[] args, Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(Main::reportFailure);
        try {
            ConfigurationDefaults defaults = new ConfigurationDefaults(environment,
                    ConfigurationDefaults.loadFile(args, environment));
            defaults.checkFileKeys(commandLine.getSubcommands().get("serve"));
            commandLine.setDefaultValueProvider(defaults);
        } catch (IllegalArgumentException e) {
            commandLine.getErr().println("xweb-server: " + e.getMessage());
            return 2;
        }
        return commandLine.execute(args);
    }

    /**
     * A bad option value or an unreachable database ends the command with one
     * line that says what is wrong, not a stack trace; the trace goes to the
     * debug log.
     */
    private static int reportFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        LoggerFactory.getLogger(Main.class).debug("{} failed", command.getCommandName(), e);
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + describe(e)); // xweb-server user list: ...
        return e instanceof IllegalArgumentException ? 2 : 1;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"xweb-server " + (version == null ? "(development build)" : version)};
        }
    }
}
