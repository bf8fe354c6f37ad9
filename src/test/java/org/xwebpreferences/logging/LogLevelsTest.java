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

    @Test
    void aWordThatIsNoLevelIsNamedWithItsVariable() {
        assertThat(LogLevels.problem(Map.of("XWEB_LOG_LEVEL", "info", "XWEB_ACCESS_LOG_LEVEL", "WARNING")))
                .isEqualTo("XWEB_ACCESS_LOG_LEVEL: 'WARNING' is not a log level: use TRACE, DEBUG, INFO, WARN, ERROR"
                        + " or OFF");
    }
}
