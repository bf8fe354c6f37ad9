package org.xwebpreferences.logging;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The levels logback.xml reads from the environment. Logback takes a word it
 * does not know as DEBUG: "verbose" or "WARNING" would have turned on every
 * library's debug lines, which is the opposite of what was meant.
 */
public final class LogLevels {

    static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    private static final String[] VARIABLES = {"XWEB_LOG_LEVEL", "XWEB_ACCESS_LOG_LEVEL"};

    private LogLevels() {
    }

    /**
     * What is wrong with a level set in the environment, or null when nothing is.
     * An empty XWEB_LOG_LEVEL is wrong too: logback's default applies only to a
     * variable not set at all, and took the empty level as DEBUG (a compose or
     * .env file's {@code XWEB_LOG_LEVEL=}: review). An empty access-log level
     * follows the root's, as its logger then has none of its own.
     */
    public static String problem(Map<String, String> environment) {
        if ("".equals(environment.get(VARIABLES[0]))) {
            return VARIABLES[0] + ": is set but empty, which logback would read as DEBUG: unset it, or use TRACE,"
                    + " DEBUG, INFO, WARN, ERROR or OFF";
        }
        for (String variable : VARIABLES) {
            String value = environment.get(variable);
            if (value != null && !value.isEmpty() && !LEVELS.contains(value.strip().toUpperCase(Locale.ROOT))) {
                return variable + ": '" + value + "' is not a log level: use TRACE, DEBUG, INFO, WARN, ERROR or OFF";
            }
        }
        return null;
    }
}
