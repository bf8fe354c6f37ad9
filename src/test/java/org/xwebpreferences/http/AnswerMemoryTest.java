package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerMemoryTest {

    private static final int MB = 1_000_000;

    @Test
    void largeAnswersGetRoomUntilTheCapacityIsHeldThenAreRefusedUntilOneIsSent() {
        AnswerMemory memory = new AnswerMemory(10 * MB);

        AnswerMemory.Reservation first = memory.reserve(new byte[4 * MB]);
        AnswerMemory.Reservation second = memory.reserve(new byte[4 * MB]);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(memory.reserve(new byte[3 * MB])).as("4 + 4 + 3 MB is over 10").isNull();
        assertThat(memory.held()).as("a refusal holds nothing").isEqualTo(8 * MB);

        first.close();
        assertThat(memory.reserve(new byte[3 * MB])).isNotNull();
        assertThat(memory.held()).isEqualTo(7 * MB);
    }

    @Test
    void closingTwiceGivesTheRoomBackOnce() {
        AnswerMemory memory = new AnswerMemory(10 * MB);
        AnswerMemory.Reservation held = memory.reserve(new byte[2 * MB]);
        memory.reserve(new byte[3 * MB]);

        held.close();
        held.close();

        assertThat(memory.held()).isEqualTo(3 * MB);
    }

    @Test
    void anAnswerLargerThanTheCapacityIsSentWhenNoOtherIsHeld() {
        AnswerMemory memory = new AnswerMemory(10 * MB);

        AnswerMemory.Reservation huge = memory.reserve(new byte[12 * MB]);
        assertThat(huge).isNotNull();
        assertThat(memory.reserve(new byte[MB])).as("nothing more while it is held").isNull();

        huge.close();
        assertThat(memory.reserve(new byte[MB])).isNotNull();
    }

    @Test
    void smallAnswersAndNoAnswerAreNotCountedAndAlwaysGetRoom() {
        AnswerMemory memory = new AnswerMemory(10 * MB);
        memory.reserve(new byte[10 * MB]);

        assertThat(memory.reserve(new byte[AnswerMemory.COUNTED_FROM - 1])).isNotNull();
        assertThat(memory.reserve(null)).isNotNull();
        assertThat(memory.reserve(new byte[AnswerMemory.COUNTED_FROM])).isNull();
        assertThat(memory.held()).isEqualTo(10 * MB);
    }
}
