package org.xwebpreferences.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A request body's Content-Encoding, and undoing it within a size limit:
 * identity, gzip or deflate (zlib as HTTP defines it, or the raw stream some
 * clients send). Written on {@link Inflater} rather than on GZIPInputStream,
 * which reads a run of empty gzip members by calling itself once per member
 * (a 200 KB body overflowed a worker's stack) and ignores whatever follows
 * the last member; here anything after the data is refused, as it would be
 * in a body sent plain.
 */
enum ContentCoding {
    IDENTITY, GZIP, DEFLATE;

    /** The body could not be decoded; the message says why, for the client. */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null);
        }
    }

    private static final int GZIP_FLAG_HEADER_CRC = 2;
    private static final int GZIP_FLAG_EXTRA = 4;
    private static final int GZIP_FLAG_NAME = 8;
    private static final int GZIP_FLAG_COMMENT = 16;
    private static final int GZIP_RESERVED_FLAGS = 0xe0;
    private static final int BUFFER_BYTES = 16 * 1024;

    /**
     * The coding the Content-Encoding headers name (all of them, as one list);
     * null for a coding, or a list of codings, this server does not decode.
     */
    static ContentCoding of(List<String> headers) {
        String joined = headers == null ? "" : String.join(",", headers).strip().toLowerCase(Locale.ROOT);
        return switch (joined) {
            case "", "identity" -> IDENTITY;
            case "gzip", "x-gzip" -> GZIP;
            case "deflate" -> DEFLATE;
            default -> null;
        };
    }

    /** The decoded body, or null when it decodes to more than {@code maxBytes}. */
    byte[] decode(byte[] body, int maxBytes) throws Malformed {
        return switch (this) {
            case IDENTITY -> body;
            case GZIP -> gunzip(body, maxBytes);
            case DEFLATE -> inflate(body, maxBytes);
        };
    }

    /**
     * gzip (RFC 1952): members one after another, each a header, deflate
     * data, and the CRC-32 and length of its data; their data joined. Several
     * members are valid gzip (what {@code cat a.gz b.gz} makes): only one was
     * taken, and the rest called invalid (audit). Read in a loop, with one
     * inflater, so that a run of empty members costs no stack.
     */
    private byte[] gunzip(byte[] data, int maxBytes) throws Malformed {
        Inflater inflater = new Inflater(true);
        try {
            ByteArrayOutputStream out = outputFor(data, maxBytes);
            // One buffer for all members: one each made a 1 MiB body of empty members allocate 860 MB (review).
            byte[] buffer = new byte[BUFFER_BYTES];
            int member = 0;
            do {
                int start = out.size();
                CRC32 crc = new CRC32();
                inflater.reset();
                int deflated = afterHeader(data, member);
                inflater.setInput(data, deflated, data.length - deflated);
                if (!inflateInto(inflater, buffer, out, crc, maxBytes)) {
                    return null;
                }
                int trailer = data.length - inflater.getRemaining();
                if (inflater.getRemaining() < 8) {
                    throw malformed("it ends before its trailer");
                }
                if ((int) crc.getValue() != littleEndian32(data, trailer)
                        || out.size() - start != littleEndian32(data, trailer + 4)) {
                    throw malformed("its checksum or length does not match its data");
                }
                member = trailer + 8;
            } while (member < data.length);
            return out.toByteArray();
        } finally {
            inflater.end(); // its native memory, at once rather than when collected
        }
    }

    /** Where the deflate data of the gzip member at {@code member} starts, after its header. */
    private int afterHeader(byte[] data, int member) throws Malformed {
        if (data.length - member < 18 || (data[member] & 0xff) != 0x1f || (data[member + 1] & 0xff) != 0x8b
                || data[member + 2] != 8) {
            throw malformed(member == 0 ? "it does not start with a gzip header"
                    : "it has data after the end of its compressed data that is not another gzip member");
        }
        int flags = data[member + 3] & 0xff;
        if ((flags & GZIP_RESERVED_FLAGS) != 0) {
            throw malformed("its header sets reserved flags");
        }
        int position = member + 10;
        if ((flags & GZIP_FLAG_EXTRA) != 0) {
            position += 2 + (position + 1 < data.length ? littleEndian16(data, position) : 0);
        }
        if ((flags & GZIP_FLAG_NAME) != 0) {
            position = afterZeroByte(data, position);
        }
        if ((flags & GZIP_FLAG_COMMENT) != 0) {
            position = afterZeroByte(data, position);
        }
        if ((flags & GZIP_FLAG_HEADER_CRC) != 0) {
            position += 2;
        }
        if (position > data.length - 8) {
            throw malformed("it ends inside its header");
        }
        return position;
    }

    /** deflate: zlib as HTTP defines it, or the raw stream some clients send; nothing after it. */
    private byte[] inflate(byte[] data, int maxBytes) throws Malformed {
        Inflater inflater = new Inflater(!hasZlibHeader(data));
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = outputFor(data, maxBytes);
            if (!inflateInto(inflater, new byte[BUFFER_BYTES], out, null, maxBytes)) {
                return null;
            }
            if (inflater.getRemaining() != 0) {
                throw malformed("it has data after the end of its compressed data");
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    /**
     * Inflates the inflater's input to the end of its stream into {@code out},
     * through {@code buffer} (and into {@code crc}, where given); false when
     * {@code out} would then hold more than {@code maxBytes}.
     */
    private boolean inflateInto(Inflater inflater, byte[] buffer, ByteArrayOutputStream out, CRC32 crc, int maxBytes)
            throws Malformed {
        try {
            while (!inflater.finished()) {
                int produced = inflater.inflate(buffer);
                if (produced == 0 && inflater.needsDictionary()) {
                    throw malformed("it needs a preset dictionary");
                }
                if (produced == 0 && inflater.needsInput()) {
                    throw malformed("it ends before the end of its compressed data");
                }
                out.write(buffer, 0, produced);
                if (crc != null) {
                    crc.update(buffer, 0, produced);
                }
                if (out.size() > maxBytes) {
                    return false;
                }
            }
            return true;
        } catch (DataFormatException e) {
            throw malformed("its compressed data is corrupt");
        }
    }

    /** Room for the decoded body: a guess from the compressed size, never more than the limit allows. */
    private static ByteArrayOutputStream outputFor(byte[] data, int maxBytes) {
        return new ByteArrayOutputStream((int) Math.min(maxBytes, data.length * 4L) + 16);
    }

    private Malformed malformed(String why) {
        String name = name().toLowerCase(Locale.ROOT);
        return new Malformed("The request body is not valid " + name + " (Content-Encoding: " + name + "): " + why);
    }

    /** A zlib header (RFC 1950): deflate method, and the check bits that make the first two bytes a multiple of 31. */
    private static boolean hasZlibHeader(byte[] data) {
        return data.length >= 2 && (data[0] & 0x0f) == 8 && ((data[0] & 0xff) << 8 | data[1] & 0xff) % 31 == 0;
    }

    private static int afterZeroByte(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == 0) {
                return i + 1;
            }
        }
        return data.length;
    }

    private static int littleEndian16(byte[] data, int at) {
        return data[at] & 0xff | (data[at + 1] & 0xff) << 8;
    }

    private static int littleEndian32(byte[] data, int at) {
        return littleEndian16(data, at) | littleEndian16(data, at + 2) << 16;
    }
}
