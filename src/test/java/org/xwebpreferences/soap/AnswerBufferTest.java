package org.xwebpreferences.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An answer kept in pieces reads back, byte by byte and in stretches, as the one array it stands for. */
class AnswerBufferTest {

    /** Past the growing pieces (1 + 2 + ... + 32 KiB) and several of 64 KiB. */
    private static final int LARGE = 300_000;

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Written in writes of assorted sizes, single bytes among them, as Metro's writer does. */
    private static AnswerBuffer written(byte[] content) {
        AnswerBuffer buffer = new AnswerBuffer();
        Random sizes = new Random(7);
        int at = 0;
        while (at < content.length) {
            if (sizes.nextInt(4) == 0) {
                buffer.write(content[at++]);
            } else {
                int n = Math.min(content.length - at, sizes.nextInt(9000));
                buffer.write(content, at, n);
                at += n;
            }
        }
        return buffer;
    }

    @Test
    void everyByteIsWhereItWasWritten() {
        byte[] content = randomBytes(LARGE);
        AnswerBuffer buffer = written(content);

        assertThat(buffer.size()).isEqualTo(LARGE);
        assertThat(buffer.toByteArray()).isEqualTo(content);
        for (int i = 0; i < LARGE; i++) {
            if (buffer.byteAt(i) != content[i]) {
                throw new AssertionError("byte " + i + " is " + buffer.byteAt(i) + ", written " + content[i]);
            }
        }
    }

    @Test
    void aStretchAcrossPiecesIsWrittenOutWhole() throws IOException {
        byte[] content = randomBytes(LARGE);
        AnswerBuffer buffer = written(content);
        // Each piece boundary (1 KiB, 3 KiB, 7 KiB, ... 63 KiB, then every 64 KiB) and one byte either side.
        int[][] stretches = {{0, LARGE}, {1023, 1025}, {1024, 3072}, {3071, 64_513}, {64_511, 130_049}, {5, 6},
            {200_000, 200_000}, {LARGE - 1, LARGE}};
        for (int[] stretch : stretches) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            buffer.writeTo(out, stretch[0], stretch[1]);
            assertThat(out.toByteArray()).as("bytes %d to %d", stretch[0], stretch[1])
                    .isEqualTo(Arrays.copyOfRange(content, stretch[0], stretch[1]));
        }
    }

    @Test
    void aByteIsFoundInAnyPieceAndOnlyWithinTheStretchAsked() {
        byte[] content = new byte[LARGE];
        int[] places = {0, 1023, 1024, 64_511, 64_512, 130_047, 130_048, LARGE - 1};
        for (int place : places) {
            content[place] = 'S';
        }
        AnswerBuffer buffer = written(content);

        int found = -1;
        for (int place : places) {
            found = buffer.indexOf((byte) 'S', found + 1, LARGE);
            assertThat(found).isEqualTo(place);
        }
        assertThat(buffer.indexOf((byte) 'S', found + 1, LARGE)).isEqualTo(-1);
        assertThat(buffer.indexOf((byte) 'S', 1, 1023)).as("the end is not part of the stretch").isEqualTo(-1);
    }
}
