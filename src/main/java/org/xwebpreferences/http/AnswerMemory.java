package org.xwebpreferences.http;

import java.util.LinkedHashSet;
import java.util.Set;
import org.xwebpreferences.core.AnswerRoom;
import org.xwebpreferences.core.XwebError;

/**
 * The memory that large answers hold while they are made and sent, bounded.
 * Each request gets a {@link Room}: while its answer is made, the read claims
 * room for the settings it answers with; once made, the answer holds its own
 * size until the client has read it, for up to the request timeout. Without
 * the bound, 64 clients that asked for 3 MB answers and never read them ran
 * the shipped 256 MiB heap out, and so did 32 GetAlls being made at once of a
 * customer with 5,000 lists (resource-exhaustion audit). An answer that finds
 * no room is refused at once, not made to wait: a waiting answer is held too,
 * which is what the bound is for.
 */
public final class AnswerMemory {

    static final String PROPERTY = "xweb.answerMemoryBytes";
    /** What the client is told when there is no room. */
    public static final String NO_ROOM = "the server is making and sending as many large answers as its memory allows";
    /** Answers below this are not counted: one per worker at most, 4 MiB with 64 workers. */
    static final int COUNTED_FROM = 64 * 1024;

    /**
     * What a claim takes beyond what it needs, for the next claims: a claim is
     * made for each setting read, and 64 answers of 1,000 settings each taking
     * the lock for every one made them take several times as long.
     */
    static final long CLAIMED_AHEAD = 256 * 1024;

    private final long capacity;
    private final long claimedAhead;
    private long held;
    /** The rooms whose answers are being made and hold some, oldest first, and what they hold. */
    private final Set<Room> makers = new LinkedHashSet<>();
    private long heldByMakers;

    public AnswerMemory(long capacityBytes) {
        this(capacityBytes, CLAIMED_AHEAD);
    }

    AnswerMemory(long capacityBytes, long claimedAhead) {
        this.capacity = capacityBytes;
        this.claimedAhead = claimedAhead;
    }

    /**
     * A quarter of the heap (64 MiB with the shipped -Xmx256m), as H2's cache
     * takes another quarter: 21 answers of 3 MB, the largest 1,000 lists make.
     * The system property {@value #PROPERTY} (bytes) sets another amount.
     */
    public static AnswerMemory quarterOfHeap() {
        return new AnswerMemory(Long.getLong(PROPERTY, Runtime.getRuntime().maxMemory() / 4));
    }

    /** The room of one request's answer, holding nothing yet; to be closed once the answer is sent. */
    public Room room() {
        return new Room();
    }

    synchronized long held() {
        return held;
    }

    /**
     * Makes what the room holds this much, or leaves it and answers false where
     * that would pass the capacity. A room may grow past the capacity alone,
     * when no other holds any, so that every answer can be made and sent at
     * some time. And the answer that has been made the longest may grow past
     * what other answers being made hold, though not past what answers being
     * sent leave: answers made at once claim their room bit by bit, and without
     * it each could be refused for what the others hold, and none be made. So
     * at most the capacity and one answer are held.
     */
    private synchronized boolean resize(Room room, long wanted, boolean making) {
        boolean maker = makers.contains(room);
        long others = held - room.held;
        long sent = held - heldByMakers - (maker ? 0 : room.held);
        boolean oldestMaker = maker ? makers.iterator().next() == room : making && makers.isEmpty();
        if (wanted > room.held && others > 0 && others + wanted > capacity
                && !(oldestMaker && sent + wanted <= capacity)) {
            return false;
        }
        held = others + wanted;
        if (maker) {
            heldByMakers -= room.held;
        }
        room.held = wanted;
        if (making && wanted > 0) {
            makers.add(room); // where it was: the order is the order they began
            heldByMakers += wanted;
        } else {
            makers.remove(room);
        }
        return true;
    }

    /** The memory of one request's answer. Not for use by two threads at once. */
    public final class Room implements AnswerRoom, AutoCloseable {

        private long claimed;
        private long held;

        private Room() {
        }

        /**
         * While the answer is made: more memory for it, counted once it reaches
         * {@value #COUNTED_FROM} bytes, and held ahead where there is room.
         */
        @Override
        public void claim(long bytes) {
            long total = claimed + bytes;
            if (total >= COUNTED_FROM && total > held
                    && !resize(this, total + claimedAhead, true) && !resize(this, total, true)) {
                throw XwebError.shedding(NO_ROOM);
            }
            claimed = total;
        }

        /**
         * The made answer (null: none) holds its own size from now on, in place
         * of what its making claimed; false where there is no room for it.
         */
        public boolean settle(byte[] answer) {
            return settle(answer == null ? 0 : answer.length);
        }

        /** The same for an answer of the given size. */
        public boolean settle(long size) {
            claimed = size;
            long wanted = claimed < COUNTED_FROM ? 0 : claimed;
            return wanted == 0 && held == 0 || resize(this, wanted, false); // most answers never hold any
        }

        /** Gives the room back; closing it again gives back nothing more. */
        @Override
        public void close() {
            claimed = 0;
            if (held > 0) {
                resize(this, 0, false);
            }
        }
    }
}
