package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xwebpreferences.support.Compression.deflate;
import static org.xwebpreferences.support.Compression.gzip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

class ContentCodingTest {

    private static final byte[] TEXT = "<soap:Envelope>caf\u00e9 \uD83D\uDE00</soap:Envelope>".repeat(50)
            .getBytes(StandardCharsets.UTF_8);
    private static final int LIMIT = 1024 * 1024;

    @Test
    void namesTheCodingOfTheHeadersTakenAsOneList() {
        assertThat(ContentCoding.of(null)).isEqualTo(ContentCoding.IDENTITY);
        assertThat(ContentCoding.of(List.of(" Identity "))).isEqualTo(ContentCoding.IDENTITY);
        assertThat(ContentCoding.of(List.of("GZIP"))).isEqualTo(ContentCoding.GZIP);
        assertThat(ContentCoding.of(List.of("x-gzip"))).isEqualTo(ContentCoding.GZIP);
        assertThat(ContentCoding.of(List.of("deflate"))).isEqualTo(ContentCoding.DEFLATE);
        assertThat(ContentCoding.of(List.of("br"))).isNull();
        assertThat(ContentCoding.of(List.of("gzip, gzip"))).isNull();
        assertThat(ContentCoding.of(List.of("identity", "gzip"))).as("two headers are one list").isNull();
    }

    @Test
    void decodesGzipAndDeflateWithOrWithoutTheZlibHeader() throws Exception {
        assertThat(ContentCoding.GZIP.decode(gzip(TEXT), LIMIT)).isEqualTo(TEXT);
        assertThat(ContentCoding.DEFLATE.decode(deflate(TEXT, false), LIMIT)).isEqualTo(TEXT);
        assertThat(ContentCoding.DEFLATE.decode(deflate(TEXT, true), LIMIT)).isEqualTo(TEXT);
        assertThat(ContentCoding.GZIP.decode(gzip(new byte[0]), LIMIT)).isEmpty();
    }

    @Test
    void readsTheOptionalFieldsOfAGzipHeader() throws Exception {
        byte[] plain = gzip(TEXT);
        ByteArrayOutputStream withFields = new ByteArrayOutputStream();
        withFields.write(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
        withFields.write(new byte[] {3, 0, 'a', 'b', 'c'}); // extra field of 3 bytes
        withFields.write("name.xml\0".getBytes(StandardCharsets.ISO_8859_1));
        withFields.write("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        withFields.write(new byte[] {0, 0}); // header CRC, not checked
        withFields.write(plain, 10, plain.length - 10);

        assertThat(ContentCoding.GZIP.decode(withFields.toByteArray(), LIMIT)).isEqualTo(TEXT);
    }

    /** An extra field alone, with zero bytes in it as subfield lengths have: skipped by its length, not as a name. */
    @Test
    void skipsAGzipExtraFieldByItsLength() throws Exception {
        byte[] plain = gzip(TEXT);
        ByteArrayOutputStream withExtra = new ByteArrayOutputStream();
        withExtra.write(new byte[] {0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, 3});
        withExtra.write(new byte[] {6, 0, 'A', 'B', 2, 0, 0, 0}); // one subfield "AB" of 2 zero bytes
        withExtra.write(plain, 10, plain.length - 10);

        assertThat(ContentCoding.GZIP.decode(withExtra.toByteArray(), LIMIT)).isEqualTo(TEXT);
    }

    @Test
    void manyEmptyGzipMembersAreReadWithoutRecursion() throws Exception {
        // GZIPInputStream reads each further member by calling itself: 11,000 of them overflowed the stack.
        byte[] empty = gzip(new byte[0]);
        ByteArrayOutputStream members = new ByteArrayOutputStream();
        for (int i = 0; i < 11_000; i++) {
            members.write(empty);
        }
        members.write(gzip(TEXT));

        assertThat(ContentCoding.GZIP.decode(members.toByteArray(), LIMIT)).isEqualTo(TEXT);
    }

    /** Several members are valid gzip (cat a.gz b.gz): only the first was taken, the rest called invalid (audit). */
    @Test
    void gzipMembersOneAfterAnotherAreJoinedWithinTheLimit() throws Exception {
        byte[] first = Arrays.copyOf(TEXT, TEXT.length / 2);
        byte[] second = Arrays.copyOfRange(TEXT, TEXT.length / 2, TEXT.length);
        byte[] both = concat(gzip(first), gzip(second));
        byte[] badSecondCrc = both.clone();
        badSecondCrc[badSecondCrc.length - 6] ^= 1;
        byte[] half = new byte[LIMIT / 2 + 1];

        assertThat(ContentCoding.GZIP.decode(both, LIMIT)).isEqualTo(TEXT);
        assertThatThrownBy(() -> ContentCoding.GZIP.decode(badSecondCrc, LIMIT)).hasMessageEndingWith(
                "its checksum or length does not match its data");
        assertThat(ContentCoding.GZIP.decode(concat(gzip(half), gzip(half)), LIMIT)).as("the limit counts them all")
                .isNull();
        assertThatThrownBy(() -> ContentCoding.GZIP.decode(concat(gzip(TEXT), deflate(TEXT, true)), LIMIT))
                .hasMessageEndingWith("it has data after the end of its compressed data that is not another gzip"
                        + " member");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void refusesWhatFollowsTheStreamACorruptChecksumAndATruncatedStream() throws Exception {
        byte[] gzip = gzip(TEXT);
        byte[] trailing = Arrays.copyOf(gzip, gzip.length + 7);
        byte[] badCrc = gzip.clone();
        badCrc[badCrc.length - 6] ^= 1;
        byte[] truncated = Arrays.copyOf(gzip, gzip.length / 2);
        byte[] deflateTrailing = Arrays.copyOf(deflate(TEXT, true), deflate(TEXT, true).length + 3);

        assertThatThrownBy(() -> ContentCoding.GZIP.decode(trailing, LIMIT)).hasMessageEndingWith(
                "it has data after the end of its compressed data that is not another gzip member");
        assertThatThrownBy(() -> ContentCoding.GZIP.decode(badCrc, LIMIT)).hasMessageEndingWith(
                "its checksum or length does not match its data");
        assertThatThrownBy(() -> ContentCoding.GZIP.decode(truncated, LIMIT)).hasMessageEndingWith(
                "it ends before the end of its compressed data");
        assertThatThrownBy(() -> ContentCoding.GZIP.decode(TEXT, LIMIT)).hasMessageEndingWith(
                "it does not start with a gzip header");
        assertThatThrownBy(() -> ContentCoding.DEFLATE.decode(deflateTrailing, LIMIT)).hasMessageStartingWith(
                "The request body is not valid deflate (Content-Encoding: deflate): ");
    }

    @Test
    void refusesAZlibStreamThatNeedsAPresetDictionary() throws Exception {
        Deflater deflater = new Deflater();
        deflater.setDictionary("dictionary".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater)) {
            stream.write(TEXT);
        } finally {
            deflater.end();
        }

        assertThatThrownBy(() -> ContentCoding.DEFLATE.decode(out.toByteArray(), LIMIT))
                .hasMessageEndingWith("it needs a preset dictionary");
    }

    @Test
    void aBodyThatDecodesBeyondTheLimitIsNull() throws Exception {
        byte[] spaces = new byte[8 * LIMIT];
        Arrays.fill(spaces, (byte) ' ');

        assertThat(ContentCoding.GZIP.decode(gzip(spaces), LIMIT)).isNull();
        assertThat(ContentCoding.DEFLATE.decode(deflate(spaces, false), LIMIT)).isNull();
        assertThat(ContentCoding.GZIP.decode(gzip(Arrays.copyOf(spaces, LIMIT)), LIMIT)).hasSize(LIMIT);
    }

    @Test
    void aGzipHeaderWithReservedFlagsIsRefused() throws Exception {
        byte[] gzip = gzip(TEXT);
        gzip[3] = (byte) 0x20;

        assertThatThrownBy(() -> ContentCoding.GZIP.decode(gzip, LIMIT)).hasMessageEndingWith(
                "its header sets reserved flags");
    }
}
