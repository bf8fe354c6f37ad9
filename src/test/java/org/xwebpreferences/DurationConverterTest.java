package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsSecondsMinutesHoursAndDays() {
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("2d")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void readsIso8601InAnyCase() {
        assertThat(converter.convert("PT30M")).isEqualTo(Duration.ofMinutes(30));
        assertThat(converter.convert("pt1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(converter.convert("P1D")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void ignoresLetterCaseAndSurroundingSpaces() {
        assertThat(converter.convert(" 30M ")).isEqualTo(Duration.ofMinutes(30));
        assertThat(converter.convert("1H")).isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "", "m", "30", "1.5h", "h1", "thirty minutes", "PT", "P", "30 m"})
    void explainsWhatItCannotRead(String value) {
        assertThatThrownBy(() -> converter.convert(value))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'" + value + "' is not a duration: write e.g. 500ms, 90s, 30m, 1h, 2d or PT30M");
    }

    /** As the range errors name durations: the largest unit that holds it whole. */
    @Test
    void writesADurationInTheLargestUnitThatHoldsItWhole() {
        assertThat(DurationConverter.format(Duration.ofMillis(1_500))).isEqualTo("1500ms");
        assertThat(DurationConverter.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationConverter.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(DurationConverter.format(Duration.ofHours(25))).isEqualTo("25h");
        assertThat(DurationConverter.format(Duration.ofDays(8))).isEqualTo("8d");
        assertThat(DurationConverter.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(DurationConverter.format(Duration.ofNanos(1_500))).isEqualTo("PT0.0000015S");
    }

    @Test
    void explainsANumberTooLargeForADuration() {
        assertThatThrownBy(() -> converter.convert("9223372036854775807d"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageStartingWith("'9223372036854775807d' is not a duration");
    }
}
