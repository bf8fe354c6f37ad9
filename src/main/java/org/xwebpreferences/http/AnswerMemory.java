package org.xwebpreferences.http;

/**
 * The memory that large answers hold while they are sent, bounded. An answer is
 * held whole until the client has read it, for up to the request timeout: 64
 * clients that asked for 3 MB answers and never read them ran the shipped
 * 256 MiB heap out (resource-exhaustion audit). An answer that finds no room is
 * refused at once, not made to wait: a waiting answer is held too, which is
 * what the bound is for.
 */
public final class AnswerMemory {

    static final String PROPERTY = "xweb.answerMemoryBytes";
    /** What the client is told when there is no room. */
    public static final String NO_ROOM = "the server is sending as many large answers as its memory allows";
    /** Answers below this are not counted: one per worker at most, 4 MiB with 64 workers. */
    static final int COUNTED_FROM = 64 * 1024;
    private static final Reservation UNCOUNTED = new Reservation(null, 0);

    private final long capacity;
    private long held;

    public AnswerMemory(long capacityBytes) {
        this.capacity = capacityBytes;
    }

    /**
     * A quarter of the heap (64 MiB with the shipped -Xmx256m), as H2's cache
     * takes another quarter: 21 answers of 3 MB, the largest 1,000 lists make.
     * The system property {@value #PROPERTY} (bytes) sets another amount.
     */
    public static AnswerMemory quarterOfHeap() {
        return new AnswerMemory(Long.getLong(PROPERTY, Runtime.getRuntime().maxMemory() / 4));
    }

    /**
     * Room for an answer of this body (null: none), to be closed once it is
     * sent; or null when other answers hold too much. One larger than the whole
     * capacity gets room when no other is held, so that every answer can be
     * sent at some time.
     */
    public Reservation reserve(byte[] body) {
        if (body == null || body.length < COUNTED_FROM) {
            return UNCOUNTED;
        }
        synchronized (this) {
            if (held > 0 && held + body.length > capacity) {
                return null;
            }
            held += body.length;
        }
        return new Reservation(this, body.length);
    }

    synchronized long held() {
        return held;
    }

    private synchronized void release(long bytes) {
        held -= bytes;
    }

    /** Room held for one answer; closing it more than once gives it back once. */
    public static final class Reservation implements AutoCloseable {

        private final AnswerMemory memory;
        private long bytes;

        private Reservation(AnswerMemory memory, long bytes) {
            this.memory = memory;
            this.bytes = bytes;
        }

        @Override
        public void close() {
            if (bytes > 0) {
                memory.release(bytes);
                bytes = 0;
            }
        }
    }
}
