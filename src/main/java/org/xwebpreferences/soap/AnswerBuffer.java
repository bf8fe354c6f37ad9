package org.xwebpreferences.soap;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The answer Metro writes, kept in pieces that are never copied into one
 * another. A growing array is copied at each doubling and again to be sent: a
 * 19 MB answer peaked at about 2.5 times its size. Here it is held once, with
 * at most one piece (64 KiB) unused. The first pieces are small, so that the
 * usual answer of a kilobyte takes a kilobyte.
 */
final class AnswerBuffer extends OutputStream {

    private static final int FIRST_SHIFT = 10; // the first piece: 1 KiB
    private static final int LARGEST_SHIFT = 16; // no piece over 64 KiB
    private static final int LARGEST = 1 << LARGEST_SHIFT;
    /** What the growing pieces (1, 2, 4 ... 32 KiB) hold together; after them every piece is the largest. */
    private static final int GROWING_TOTAL = (1 << LARGEST_SHIFT) - (1 << FIRST_SHIFT);
    private static final int GROWING_PIECES = LARGEST_SHIFT - FIRST_SHIFT;

    private final List<byte[]> pieces = new ArrayList<>();
    private byte[] last;
    private int usedOfLast;
    private int size;

    @Override
    public void write(int b) {
        if (last == null || usedOfLast == last.length) {
            addPiece();
        }
        last[usedOfLast++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        while (length > 0) {
            if (last == null || usedOfLast == last.length) {
                addPiece();
            }
            int n = Math.min(length, last.length - usedOfLast);
            System.arraycopy(bytes, offset, last, usedOfLast, n);
            usedOfLast += n;
            size += n;
            offset += n;
            length -= n;
        }
    }

    private void addPiece() {
        int n = pieces.size();
        last = new byte[n < GROWING_PIECES ? 1 << (FIRST_SHIFT + n) : LARGEST];
        pieces.add(last);
        usedOfLast = 0;
    }

    int size() {
        return size;
    }

    byte byteAt(int index) {
        Objects.checkIndex(index, size);
        return pieceHolding(index)[index - startOf(index)];
    }

    /** Where the next byte b is in [from, to), or -1: a piece at a time, as answers may be megabytes. */
    int indexOf(byte b, int from, int to) {
        int at = from;
        while (at < to) {
            byte[] piece = pieceHolding(at);
            int start = startOf(at);
            int end = Math.min(to - start, piece.length);
            for (int i = at - start; i < end; i++) {
                if (piece[i] == b) {
                    return start + i;
                }
            }
            at = start + end;
        }
        return -1;
    }

    /** Bytes [from, to) to out, a piece (at most 64 KiB) at a write. */
    void writeTo(OutputStream out, int from, int to) throws IOException {
        int at = from;
        while (at < to) {
            byte[] piece = pieceHolding(at);
            int start = startOf(at);
            int n = Math.min(to - at, piece.length - (at - start));
            out.write(piece, at - start, n);
            at += n;
        }
    }

    /** All of it in one array: for logs and tests, never on the way to the client. */
    byte[] toByteArray() {
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] piece : pieces) {
            int n = Math.min(piece.length, size - at);
            System.arraycopy(piece, 0, all, at, n);
            at += n;
        }
        return all;
    }

    private byte[] pieceHolding(int index) {
        return pieces.get(pieceNumber(index));
    }

    private static int pieceNumber(int index) {
        if (index < GROWING_TOTAL) {
            // Piece k, of 1 KiB << k, starts at 1 KiB * (2^k - 1).
            return 31 - Integer.numberOfLeadingZeros((index >> FIRST_SHIFT) + 1);
        }
        return GROWING_PIECES + ((index - GROWING_TOTAL) >> LARGEST_SHIFT);
    }

    /** Where the piece holding index starts. */
    private static int startOf(int index) {
        if (index < GROWING_TOTAL) {
            return (1 << (FIRST_SHIFT + pieceNumber(index))) - (1 << FIRST_SHIFT);
        }
        return GROWING_TOTAL + ((index - GROWING_TOTAL) & ~(LARGEST - 1));
    }
}
