package org.xwebpreferences.auth;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.core.Texts;
import org.xwebpreferences.core.XwebError;

/** Adds and lists xWeb users, and creates the first one when the server starts. */
public final class UserService {

    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);

    public static final String DEFAULT_USER = "xweb";
    public static final int MIN_PASSWORD_LENGTH = 8;
    private static final int MAX_NAME_LENGTH = 100;

    private final UserStore users;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final SecureRandom random;

    public UserService(UserStore users, PasswordHasher hasher, Clock clock, SecureRandom random) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
        this.random = random;
    }

    /** Adds a user; false when the name is taken. Throws an invalid-input error for a bad name or password. */
    public boolean add(String name, String password) {
        checkName(name);
        checkPassword(password);
        Optional<String> existing = users.insertUnlessLookalike(name, hasher.hash(password), clock.instant(),
                UserService::lookalikeKey);
        if (existing.isPresent() && !existing.get().equals(name)) {
            throw XwebError.invalid("userName", Texts.quote(name) + " looks the same as the existing user "
                    + Texts.quote(existing.get()) + " (it differs only in case, width, ligatures or Unicode form):"
                    + " choose another name");
        }
        return existing.isEmpty();
    }

    /**
     * What two names that look the same share: two such users look the same in
     * every listing and log, and a client that types one may be sending the
     * other. Compatibility form (full-width letters, ligatures, the Kelvin
     * sign), then case: lower, upper, lower again folds what one step does
     * not (ß and SS, final and medial sigma, dotless i).
     */
    static String lookalikeKey(String name) {
        String compatible = Normalizer.normalize(name, Normalizer.Form.NFKC);
        String folded = compatible.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    public List<User> list() {
        return users.list();
    }

    /**
     * Disables a user and revokes their tokens; false when there is no such user.
     * Nodes that verified the user's Basic credentials a moment ago accept them
     * for at most {@link CredentialCache#MAX_AGE} more.
     */
    public boolean disable(String name) {
        return users.setEnabled(name, false); // which revokes the user's tokens with it
    }

    /** Enables a disabled user again; false when there is no such user. */
    public boolean enable(String name) {
        return users.setEnabled(name, true);
    }

    /** Sets a new password and revokes the user's tokens; false when there is no such user. */
    public boolean changePassword(String name, String password) {
        checkPassword(password);
        Optional<User> user = users.findByName(name);
        if (user.isEmpty()) {
            return false;
        }
        users.changePassword(user.get().id(), hasher.hash(password));
        return true;
    }

    /**
     * Creates the start-up user: the one named by the bootstrap settings when it
     * is absent, or, when none is named and no user exists, user {@value #DEFAULT_USER}
     * with a random password, which is returned so that it can be shown once.
     */
    public Optional<String> bootstrap(String name, String password) {
        if (name != null || password != null) {
            checkBootstrapSettings(name, password);
            Optional<User> existing = users.findByName(name);
            if (existing.isEmpty()) {
                addFromSettings(name, password);
            } else {
                // Said, as an operator who changed XWEB_BOOTSTRAP_PASSWORD may expect it to have taken effect.
                LOG.info("XWEB_BOOTSTRAP_USER '{}' exists{}: left as it is, XWEB_BOOTSTRAP_PASSWORD not applied"
                        + " (change a password with 'user passwd')", name, existing.get().enabled() ? "" : " and is disabled");
            }
            return Optional.empty();
        }
        if (!users.isEmpty()) {
            return Optional.empty();
        }
        String generated = randomPassword();
        return add(DEFAULT_USER, generated) ? Optional.of(generated) : Optional.empty();
    }

    /**
     * Checks the bootstrap settings with no database, so that a bad one stops
     * the start as a configuration error before a database is created: both or
     * neither, and a name and password that {@link #add} would take. The error
     * names the setting that gave the value.
     */
    public static void checkBootstrapSettings(String name, String password) {
        if (name == null && password == null) {
            return;
        }
        if (name == null || password == null) {
            throw XwebError.invalid("XWEB_BOOTSTRAP_USER", "XWEB_BOOTSTRAP_USER and XWEB_BOOTSTRAP_PASSWORD go together");
        }
        try {
            checkName(name);
            checkPassword(password);
        } catch (XwebError e) {
            throw e.asInvalid("password".equals(e.field()) ? "XWEB_BOOTSTRAP_PASSWORD" : "XWEB_BOOTSTRAP_USER");
        }
    }

    /** Adds the bootstrap user; a bad name or password is reported as the setting that gave it. */
    private void addFromSettings(String name, String password) {
        try {
            add(name, password);
        } catch (XwebError e) {
            throw e.asInvalid("password".equals(e.field()) ? "XWEB_BOOTSTRAP_PASSWORD" : "XWEB_BOOTSTRAP_USER");
        }
    }

    private String randomPassword() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * False for a name no user can have, whatever rules a name had to follow
     * when it was added: longer than the column holds, or with a character no
     * database stores (a NUL, which PostgreSQL refuses with an error).
     */
    static boolean couldBeAName(String name) {
        return !name.isEmpty() && name.length() <= MAX_NAME_LENGTH && Texts.firstUnstorableChar(name) < 0;
    }

    /** Refuses a name no user may have (too long, a ':', invisible characters ...), naming the field. */
    public static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw XwebError.invalid("userName", "is required");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw XwebError.invalid("userName", "is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name.indexOf('\uFFFD') >= 0) {
            // Java reads non-ASCII arguments as U+FFFD under the C or POSIX locale (cron, small containers).
            throw XwebError.invalid("userName", Texts.quote(name) + " contains U+FFFD, the replacement character:"
                    + " it was read in the wrong charset (run the command under a UTF-8 locale, e.g. LC_ALL=C.UTF-8)");
        }
        // A colon would split the name in HTTP Basic authentication.
        if (name.indexOf(':') >= 0 || hasHiddenCharacter(name) || Texts.firstUnstorableChar(name) >= 0
                || !name.strip().equals(name)) {
            throw XwebError.invalid("userName", Texts.quote(name)
                    + " may not contain ':', control or invisible characters or surrounding spaces");
        }
    }

    /**
     * Control characters, tabs and line breaks too (a line break could fake lines
     * in logs and listings); spaces other than the plain one (a no-break space);
     * format characters (zero-width, right-to-left overrides, tags); and the
     * other characters that show as nothing: the default-ignorable ones Unicode
     * names (variation selectors, the combining grapheme joiner, Hangul fillers)
     * and the blank braille pattern. Any of them makes a name look like another.
     * By code point: a tag character is two UTF-16 units.
     */
    private static boolean hasHiddenCharacter(String name) {
        return name.codePoints().anyMatch(c -> Texts.isHidden(c) || isDefaultIgnorable(c) || c == 0x2800);
    }

    /** Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties), which Java has no query for. */
    private static boolean isDefaultIgnorable(int c) {
        return c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160 || c == 0x17B4
                || c == 0x17B5 || c >= 0x180B && c <= 0x180F || c >= 0x200B && c <= 0x200F
                || c >= 0x202A && c <= 0x202E || c >= 0x2060 && c <= 0x206F || c == 0x3164
                || c >= 0xFE00 && c <= 0xFE0F || c == 0xFEFF || c == 0xFFA0 || c >= 0xFFF0 && c <= 0xFFF8
                || c >= 0x1BCA0 && c <= 0x1BCA3 || c >= 0x1D173 && c <= 0x1D17A || c >= 0xE0000 && c <= 0xE0FFF;
    }

    /** Refuses a password too short to be one, naming the field. */
    public static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw XwebError.invalid("password", "must be at least " + MIN_PASSWORD_LENGTH + " characters long");
        }
        if (password.indexOf('\0') >= 0) {
            throw XwebError.invalid("password", "may not contain a NUL character (U+0000): the password hash"
                    + " cannot tell a password from the same one with NULs at its end");
        }
    }
}
