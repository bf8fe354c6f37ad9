package org.xwebpreferences;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.xwebpreferences.auth.PasswordHasher;
import org.xwebpreferences.auth.User;
import org.xwebpreferences.auth.UserService;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.store.Database;
import org.xwebpreferences.store.JdbcUserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Manages xWeb users: the programs allowed to call the service. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manages xWeb users.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Disable.class,
                UserCommand.Enable.class, UserCommand.Passwd.class})
final class UserCommand {

    private static final String PASSWORD_INPUT = " The password is read from the terminal, or from the first line"
            + " of standard input when that is not a terminal; never from an argument.";
    /** As CredentialCache keeps a checked pair: a minute, and one more while one request checks it again. */
    private static final String BASIC_WINDOW = " Basic credentials a node verified in the last minute may work on"
            + " that node for up to two minutes.";

    /** A command on one named user: opens the database, acts, and says what happened. */
    abstract static class OnUser implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "The user name.")
        String name;

        @Mixin
        DatabaseOptions database;

        @Spec
        CommandSpec spec;

        /** Does the work; false when it could not (no such user, or the name is taken). */
        abstract boolean act(UserService users) throws IOException;

        abstract String done();

        abstract String notDone();

        /** Only adding a user may make a new database (before the first start); the rest need one there. */
        boolean mayCreateDatabase() {
            return false;
        }

        /** Disabling and enabling hash nothing, so they take no hashing option (their --help listed one). */
        PasswordHasher hasher() {
            return new PasswordHasher(PasswordHasher.OWASP_ITERATIONS, new SecureRandom());
        }

        /** What the command reads from its input, before the database opens. */
        void readInput() throws IOException {
        }

        @Override
        public Integer call() throws IOException {
            PasswordHasher hasher = hasher(); // a bad count stops before the database opens
            try {
                readInput();
                DatabaseSettings settings = database.settings();
                String made = mayCreateDatabase() ? settings.whereANewDatabaseIsMade() : null;
                try (Database db = mayCreateDatabase() ? settings.open() : settings.openExistingToChange()) {
                    if (made != null) {
                        // Run from the wrong directory, the user went into a new database no server reads.
                        // Said once it is made: said before, it was claimed for one that could not be (review).
                        System.err.println(spec.qualifiedName() + ": created a new database " + made);
                    }
                    if (!act(userService(db, hasher))) {
                        System.err.println(spec.qualifiedName() + ": " + notDone()); // user disable: No user 'x'
                        return 1;
                    }
                    System.out.println(done());
                    return 0;
                }
            } catch (XwebError e) {
                if (e.kind() == ErrorKind.UNAVAILABLE) {
                    throw e; // the database failed, not the input: exit 1, the cause in the debug log
                }
                System.err.println(spec.qualifiedName() + ": " + e.getMessage());
                return 2;
            }
        }
    }

    /** A command that hashes a new password, with the count the server is given. */
    abstract static class SetsPassword extends OnUser {

        @Mixin
        PasswordHashOptions passwordHash;

        String password;

        @Override
        PasswordHasher hasher() {
            return passwordHash.hasher(new SecureRandom());
        }

        /**
         * Read and checked before the database opens: a user add that got no
         * password, or one too short, made a new, empty database.
         */
        @Override
        void readInput() throws IOException {
            password = readPassword();
            UserService.checkPassword(password);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds an xWeb user." + PASSWORD_INPUT)
    static final class Add extends SetsPassword {
        /** A name no user may have is refused before the password is asked for, and before a database is made. */
        @Override
        void readInput() throws IOException {
            UserService.checkName(name);
            super.readInput();
        }

        @Override
        boolean act(UserService users) throws IOException {
            return users.add(name, password);
        }

        @Override
        boolean mayCreateDatabase() {
            return true;
        }

        @Override
        String done() {
            return "Added user '" + name + "'";
        }

        @Override
        String notDone() {
            return "User " + Texts.quote(name) + " exists already";
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disables an xWeb user and revokes their tokens." + BASIC_WINDOW)
    static final class Disable extends OnUser {
        @Override
        boolean act(UserService users) {
            return users.disable(name);
        }

        @Override
        String done() {
            return "Disabled user '" + name + "'";
        }

        @Override
        String notDone() {
            return "No user " + Texts.quote(name);
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enables a disabled xWeb user again.")
    static final class Enable extends OnUser {
        @Override
        boolean act(UserService users) {
            return users.enable(name);
        }

        @Override
        String done() {
            return "Enabled user '" + name + "'";
        }

        @Override
        String notDone() {
            return "No user " + Texts.quote(name);
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Sets a new password for an xWeb user and revokes their tokens." + BASIC_WINDOW
                    + PASSWORD_INPUT)
    static final class Passwd extends SetsPassword {
        @Override
        boolean act(UserService users) throws IOException {
            return users.changePassword(name, password);
        }

        @Override
        String done() {
            return "Changed the password of '" + name + "'";
        }

        @Override
        String notDone() {
            return "No user " + Texts.quote(name);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the xWeb users.")
    static final class ListUsers implements Callable<Integer> {

        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() throws IOException {
            try (Database db = database.settings().openExisting()) {
                for (User user : new JdbcUserStore(db).list()) { // listing hashes nothing: no service needed
                    System.out.println(user.name() + (user.enabled() ? "" : " (disabled)"));
                }
            }
            // System.out keeps its write failures to itself: `user list > users.txt` on a full disk left an
            // empty file and said nothing, exit code 0 (code review). Exit code 1, as export's.
            System.out.flush();
            if (System.out.checkError()) {
                throw new IOException("writing to standard output failed");
            }
            return 0;
        }
    }

    static UserService userService(Database db, PasswordHasher hasher) {
        return new UserService(new JdbcUserStore(db), hasher, Clock.systemUTC(),
                new SecureRandom());
    }

    /**
     * Whether standard input is a terminal (a pseudo-terminal, a virtual console
     * or the console), where Linux's /proc says; false where it does not.
     */
    private static boolean standardInputIsATerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static String readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Password again: ");
            try {
                if (first == null || !Arrays.equals(first, second)) {
                    throw new IllegalArgumentException("The passwords differ"); // exit code 2
                }
                return new String(first);
            } finally {
                Arrays.fill(first == null ? new char[0] : first, '\0');
                Arrays.fill(second == null ? new char[0] : second, '\0');
            }
        }
        if (standardInputIsATerminal()) {
            // The JDK gives no console once standard output is redirected, and reading the
            // terminal as a stream would show the password as it is typed, and ask once.
            throw new IllegalArgumentException("standard output is not a terminal, so the password would show as"
                    + " it is typed: run the command without redirecting its output, or give the password on"
                    + " standard input (printf '%s\\n' \"$PASSWORD\" | ...)");
        }
        // Strictly UTF-8: a Latin-1 'é' read leniently would become U+FFFD in the
        // stored hash, and the password the user meant would never match it.
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String line;
        try {
            line = new BufferedReader(new InputStreamReader(System.in, utf8)).readLine();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("The password on standard input is not UTF-8 text"); // exit code 2
        }
        if (line == null) {
            throw new IllegalArgumentException("No password on standard input"); // exit code 2
        }
        return line;
    }
}
