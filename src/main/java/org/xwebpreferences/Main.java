package org.xwebpreferences;

import org.slf4j.bridge.SLF4JBridgeHandler;
import org.xwebpreferences.http.HttpServers;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar xweb-server.jar serve|user ...} */
@Command(name = "xweb-server", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A SOAP server for the communication-preference methods of the netFORUM xWeb API.",
        subcommands = {ServeCommand.class, UserCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        HttpServers.configureJdkServer();
        // Metro and H2 log through java.util.logging: send it where everything else goes.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
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
