package org.xwebpreferences;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.xwebpreferences.auth.PasswordHasher;
import org.xwebpreferences.auth.User;
import org.xwebpreferences.auth.UserService;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.store.Database;
import org.xwebpreferences.store.JdbcTokenStore;
import org.xwebpreferences.store.JdbcUserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Manages xWeb users: the programs allowed to call the service. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manages xWeb users.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Disable.class,
                UserCommand.Enable.class, UserCommand.Passwd.class})
final class UserCommand {

    /** Adds a user; the password is read from a prompt or standard input, never from an argument. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds an xWeb user. The password is read from the terminal, or from the first line"
                    + " of standard input when that is not a terminal.")
    static final class Add implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "The user name.")
        String name;

        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() throws IOException {
            String password = readPassword();
            try (Database db = open(database)) {
                UserService users = userService(db);
                if (!users.add(name, password)) {
                    System.err.println("User '" + name + "' exists already");
                    return 1;
                }
                System.out.println("Added user '" + name + "'");
                return 0;
            } catch (XwebError e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the xWeb users.")
    static final class ListUsers implements Callable<Integer> {

        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            try (Database db = open(database)) {
                for (User user : userService(db).list()) {
                    System.out.println(user.name() + (user.enabled() ? "" : " (disabled)"));
                }
                return 0;
            }
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disables an xWeb user and revokes their tokens. Basic credentials a node verified"
                    + " in the last minute may work on that node for up to a minute more.")
    static final class Disable implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "The user name.")
        String name;

        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            try (Database db = open(database)) {
                return report(userService(db).disable(name), "Disabled user '" + name + "'", name);
            }
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enables a disabled xWeb user again.")
    static final class Enable implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "The user name.")
        String name;

        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            try (Database db = open(database)) {
                return report(userService(db).enable(name), "Enabled user '" + name + "'", name);
            }
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Sets a new password for an xWeb user and revokes their tokens. The password is read"
                    + " from the terminal, or from the first line of standard input when that is not a terminal.")
    static final class Passwd implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "The user name.")
        String name;

        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() throws IOException {
            String password = readPassword();
            try (Database db = open(database)) {
                return report(userService(db).changePassword(name, password), "Changed the password of '" + name + "'",
                        name);
            } catch (XwebError e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
    }

    private static int report(boolean done, String success, String name) {
        if (!done) {
            System.err.println("No user '" + name + "'");
            return 1;
        }
        System.out.println(success);
        return 0;
    }

    static Database open(DatabaseOptions options) {
        return options.settings().open();
    }

    static UserService userService(Database db) {
        SecureRandom random = new SecureRandom();
        return new UserService(new JdbcUserStore(db.dataSource()), new JdbcTokenStore(db.dataSource()),
                new PasswordHasher(PasswordHasher.OWASP_ITERATIONS, random), Clock.systemUTC(), random);
    }

    private static String readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Password again: ");
            try {
                if (first == null || !Arrays.equals(first, second)) {
                    throw new IOException("The passwords differ");
                }
                return new String(first);
            } finally {
                Arrays.fill(first == null ? new char[0] : first, '\0');
                Arrays.fill(second == null ? new char[0] : second, '\0');
            }
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IOException("No password on standard input");
        }
        return line;
    }
}
