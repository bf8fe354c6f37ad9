package org.xwebpreferences.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void everyTimeHasSixDigitsOfFractionSoThatTextSortsAsTime() {
        List<Instant> times = List.of(Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:04:05.864Z"),
                Instant.parse("2026-01-02T03:04:05.864267Z"), Instant.parse("2026-01-02T03:04:05.9Z"));

        List<String> texts = times.stream().map(Timestamps::format).toList();

        assertThat(texts).containsExactly("2026-01-02T03:04:05.000000Z", "2026-01-02T03:04:05.864000Z",
                "2026-01-02T03:04:05.864267Z", "2026-01-02T03:04:05.900000Z");
        assertThat(Stream.of("2026-01-02T03:04:05.864267Z", "2026-01-02T03:04:05.864Z").sorted().toList())
                .as("what Instant's own text did").containsExactly("2026-01-02T03:04:05.864267Z",
                        "2026-01-02T03:04:05.864Z");
        assertThat(texts.stream().sorted().toList()).isEqualTo(texts);
        assertThat(texts.stream().map(Instant::parse).toList()).isEqualTo(times);
    }
}
