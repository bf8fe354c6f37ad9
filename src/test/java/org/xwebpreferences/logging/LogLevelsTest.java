package org.xwebpreferences.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The levels logback.xml reads from the environment: a word it does not know stops the start. */
class LogLevelsTest {

    @Test
    void aLevelInAnyCaseOrUnsetIsNoProblem() {
        assertThat(LogLevels.problem(Map.of())).isNull();
        assertThat(LogLevels.problem(Map.of("XWEB_LOG_LEVEL", " warn ", "XWEB_ACCESS_LOG_LEVEL", "Off"))).isNull();
    }

    /** Logback's default applies only where the variable is not set: an empty one meant DEBUG for every library. */
    @Test
    void anEmptyLogLevelIsRefusedAndAnEmptyAccessLogLevelFollowsTheRoot() {
        assertThat(LogLevels.problem(Map.of("XWEB_LOG_LEVEL", ""))).isEqualTo("XWEB_LOG_LEVEL: is set but empty,"
                + " which logback would read as DEBUG: unset it, or use TRACE, DEBUG, INFO, WARN, ERROR or OFF");
        assertThat(LogLevels.problem(Map.of("XWEB_ACCESS_LOG_LEVEL", ""))).isNull();
    }

    @Test
    void aWordThatIsNoLevelIsNamedWithItsVariable() {
        assertThat(LogLevels.problem(Map.of("XWEB_LOG_LEVEL", "info", "XWEB_ACCESS_LOG_LEVEL", "WARNING")))
                .isEqualTo("XWEB_ACCESS_LOG_LEVEL: 'WARNING' is not a log level: use TRACE, DEBUG, INFO, WARN, ERROR"
                        + " or OFF");
    }
}
