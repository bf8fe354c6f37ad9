package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.XwebError;

class AnswerMemoryTest {

    private static final int MB = 1_000_000;

    /** Room for 10 MB, a claim taking no more than it needs (as if the memory had none to spare). */
    private final AnswerMemory memory = new AnswerMemory(10 * MB, 0);

    @Test
    void largeAnswersGetRoomUntilTheCapacityIsHeldThenAreRefusedUntilOneIsSent() {
        AnswerMemory.Room first = memory.room();
        AnswerMemory.Room second = memory.room();
        assertThat(first.settle(new byte[4 * MB])).isTrue();
        assertThat(second.settle(new byte[4 * MB])).isTrue();
        assertThat(memory.room().settle(new byte[3 * MB])).as("4 + 4 + 3 MB is over 10").isFalse();
        assertThat(memory.held()).as("a refusal holds nothing").isEqualTo(8 * MB);

        first.close();
        assertThat(memory.room().settle(new byte[3 * MB])).isTrue();
        assertThat(memory.held()).isEqualTo(7 * MB);
    }

    /** Answers that fill the capacity exactly get their room; a byte more does not. */
    @Test
    void answersThatFillTheCapacityExactlyGetRoom() {
        assertThat(memory.room().settle(6 * MB)).isTrue();
        assertThat(memory.room().settle(4L * MB + 1)).as("one byte over 10 MB").isFalse();
        assertThat(memory.room().settle(4 * MB)).isTrue();
        assertThat(memory.held()).isEqualTo(10 * MB);
    }

    /** Without the property, a quarter of the heap: two answers of an eighth each fill it, and a third is refused. */
    @Test
    void theDefaultCapacityIsAQuarterOfTheHeap() {
        assertThat(System.getProperty(AnswerMemory.PROPERTY)).isNull();
        AnswerMemory quarter = AnswerMemory.quarterOfHeap();
        long eighth = Runtime.getRuntime().maxMemory() / 8;

        assertThat(quarter.room().settle(eighth)).isTrue();
        assertThat(quarter.room().settle(eighth)).isTrue();
        assertThat(quarter.room().settle(8 * MB)).as("past a quarter of the heap").isFalse();
    }

    @Test
    void closingTwiceGivesTheRoomBackOnce() {
        AnswerMemory.Room held = memory.room();
        held.settle(new byte[2 * MB]);
        memory.room().settle(new byte[3 * MB]);

        held.close();
        held.close();

        assertThat(memory.held()).isEqualTo(3 * MB);
    }

    @Test
    void anAnswerLargerThanTheCapacityIsMadeAndSentWhenNoOtherIsHeld() {
        AnswerMemory.Room huge = memory.room();
        huge.claim(6 * MB);
        huge.claim(6 * MB);
        assertThat(huge.settle(new byte[11 * MB])).isTrue();
        assertThat(memory.room().settle(new byte[MB])).as("nothing more while it is held").isFalse();

        huge.close();
        assertThat(memory.room().settle(new byte[MB])).isTrue();
    }

    @Test
    void anAnswerBeingMadeIsRefusedOnceItsClaimsPassWhatOthersLeaveAndHoldsNothingMore() {
        memory.room().claim(6 * MB);

        AnswerMemory.Room growing = memory.room();
        growing.claim(3 * MB);
        assertThatThrownBy(() -> growing.claim(2 * MB))
                .isInstanceOfSatisfying(XwebError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                    assertThat(e.isShedding()).isTrue();
                    assertThat(e.getMessage()).isEqualTo(AnswerMemory.NO_ROOM);
                });
        assertThat(memory.held()).as("the refused claim added nothing").isEqualTo(9 * MB);

        growing.close();
        assertThat(memory.held()).isEqualTo(6 * MB);
    }

    @Test
    void theAnswerMadeTheLongestGrowsPastWhatOthersBeingMadeHoldSoThatNoneStarves() {
        AnswerMemory.Room first = memory.room();
        AnswerMemory.Room second = memory.room();
        first.claim(4 * MB);
        second.claim(5 * MB);

        first.claim(4 * MB);
        assertThat(memory.held()).isEqualTo(13 * MB);
        assertThatThrownBy(() -> second.claim(MB)).as("not the oldest").isInstanceOf(XwebError.class);
        assertThat(first.settle(new byte[11 * MB])).as("larger than the capacity: only when alone").isFalse();
        assertThat(first.settle(new byte[9 * MB])).isTrue();
        assertThat(memory.held()).isEqualTo(14 * MB);

        first.close();
        AnswerMemory.Room third = memory.room();
        third.claim(MB);
        second.claim(5 * MB);
        assertThat(memory.held()).as("the second is the oldest being made now").isEqualTo(11 * MB);
        assertThatThrownBy(() -> third.claim(MB)).as("the third is not").isInstanceOf(XwebError.class);
    }

    @Test
    void anAnswerBeingSentIsNotTheOneThatMayGrowPastTheCapacityWhileOthersAreMade() {
        AnswerMemory.Room unread = memory.room();
        unread.claim(3 * MB);
        assertThat(unread.settle(new byte[3 * MB])).isTrue();
        AnswerMemory.Room first = memory.room();
        AnswerMemory.Room second = memory.room();
        first.claim(3 * MB);
        second.claim(3 * MB);

        first.claim(3 * MB);
        assertThat(memory.held()).as("the oldest being made grows past the others being made").isEqualTo(12 * MB);
        assertThatThrownBy(() -> second.claim(MB)).isInstanceOf(XwebError.class);
        assertThatThrownBy(() -> first.claim(2 * MB)).as("not past what the answer being sent leaves")
                .isInstanceOf(XwebError.class);
        assertThat(first.settle(new byte[4 * MB])).as("its answer is smaller than its making").isTrue();
        assertThat(memory.held()).isEqualTo(10 * MB);
    }

    @Test
    void aClaimTakesMoreThanItNeedsWhereThereIsRoomSoThatTheNextClaimsNeedNoLock() {
        AnswerMemory withRoomAhead = new AnswerMemory(10 * MB, MB);
        AnswerMemory.Room room = withRoomAhead.room();

        room.claim(2 * MB);
        assertThat(withRoomAhead.held()).as("what the claim needs, and a megabyte ahead").isEqualTo(3 * MB);
        room.claim(MB / 2);
        assertThat(withRoomAhead.held()).as("within what it took ahead").isEqualTo(3 * MB);

        withRoomAhead.room().settle(new byte[6 * MB]);
        room.claim(MB);
        assertThat(withRoomAhead.held()).as("no room ahead: what it needs only").isEqualTo(6 * MB + 3 * MB + MB / 2);
        assertThat(room.settle(new byte[2 * MB])).isTrue();
        assertThat(withRoomAhead.held()).as("the answer's own size").isEqualTo(8 * MB);
    }

    @Test
    void aMadeAnswerHoldsItsOwnSizeInPlaceOfWhatItsMakingClaimed() {
        AnswerMemory.Room room = memory.room();
        room.claim(8 * MB);

        assertThat(room.settle(new byte[2 * MB])).isTrue();
        assertThat(memory.held()).isEqualTo(2 * MB);
        assertThat(memory.room().settle(new byte[7 * MB])).as("the room its making gave back").isTrue();
    }

    @Test
    void smallAnswersAndClaimsAndNoAnswerAreNotCountedAndAlwaysGetRoom() {
        memory.room().settle(new byte[10 * MB]);

        AnswerMemory.Room small = memory.room();
        small.claim(AnswerMemory.COUNTED_FROM - 1);
        assertThat(small.settle(new byte[AnswerMemory.COUNTED_FROM - 1])).isTrue();
        assertThat(memory.room().settle(null)).isTrue();
        assertThat(memory.room().settle(new byte[AnswerMemory.COUNTED_FROM])).isFalse();
        assertThatThrownBy(() -> small.claim(1)).as("its claims reach the size that counts").isInstanceOf(XwebError.class);
        assertThat(memory.held()).isEqualTo(10 * MB);
    }
}
