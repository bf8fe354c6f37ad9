package org.xwebpreferences.soap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An answer to send: fixed bytes and stretches of the buffer Metro wrote, in
 * order, never joined into one array, so that a large answer is held once.
 */
final class SoapAnswer {

    /** Either fixed bytes, or the stretch [from, to) of Metro's buffer. */
    private record Part(byte[] fixed, int from, int to) {
        int size() {
            return fixed != null ? fixed.length : to - from;
        }
    }

    private final AnswerBuffer metro;
    private final List<Part> parts = new ArrayList<>(6);
    private int size;

    SoapAnswer(AnswerBuffer metro) {
        this.metro = metro;
    }

    static SoapAnswer whole(AnswerBuffer metro) {
        return new SoapAnswer(metro).add(0, metro.size());
    }

    SoapAnswer add(byte[] fixed) {
        return add(new Part(fixed, 0, 0));
    }

    /** The stretch [from, to) of Metro's buffer. */
    SoapAnswer add(int from, int to) {
        return add(new Part(null, from, to));
    }

    private SoapAnswer add(Part part) {
        parts.add(part);
        size += part.size();
        return this;
    }

    int size() {
        return size;
    }

    void writeTo(OutputStream out) throws IOException {
        for (Part part : parts) {
            if (part.fixed() != null) {
                out.write(part.fixed());
            } else {
                metro.writeTo(out, part.from(), part.to());
            }
        }
    }

    /** All of it in one array: for logs and tests, never on the way to the client. */
    byte[] toByteArray() {
        ByteArrayOutputStream all = new ByteArrayOutputStream(size);
        try {
            writeTo(all);
        } catch (IOException e) {
            throw new IllegalStateException("an array takes every write", e);
        }
        return all.toByteArray();
    }
}
