package org.xwebpreferences;

import java.security.SecureRandom;
import org.xwebpreferences.auth.PasswordHasher;
import picocli.CommandLine.Option;

/**
 * How new password hashes are made: shared by the server and the user
 * commands, so that one setting (the environment variable or the file) makes
 * every hash the same way. A server checks an unknown name against a decoy
 * hash of its own count: users hashed with another count would take another
 * time to refuse, and so tell that the name exists.
 */
final class PasswordHashOptions {

    static final int MAX_ITERATIONS = 100_000_000;

    @Option(names = "--password-iterations", paramLabel = "N",
            defaultValue = "" + PasswordHasher.OWASP_ITERATIONS,
            description = "PBKDF2 iterations for new password hashes (default: ${DEFAULT-VALUE}, OWASP's"
                    + " recommendation; env XWEB_PASSWORD_ITERATIONS). Give the server and the user commands the"
                    + " same value.")
    int iterations;

    /** The hasher for the user commands; the server's settings are checked with the rest of its configuration. */
    PasswordHasher hasher(SecureRandom random) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("--password-iterations: " + iterations + " is outside 1.."
                    + MAX_ITERATIONS);
        }
        return new PasswordHasher(iterations, random);
    }
}
