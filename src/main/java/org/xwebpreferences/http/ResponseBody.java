package org.xwebpreferences.http;

import java.io.IOException;
import java.io.OutputStream;

/** Writes an answer's body to the client. */
public final class ResponseBody {

    /**
     * The most handed to the socket at once. The JDK copies each write into a
     * direct buffer of the write's size, and keeps one such buffer per thread:
     * one write of a 37 MB answer left 37 MB of memory outside the heap behind
     * in its worker, until the JVM's direct memory was used up.
     */
    static final int PIECE = 64 * 1024;

    private ResponseBody() {
    }

    public static void write(OutputStream out, byte[] body) throws IOException {
        for (int offset = 0; offset < body.length; offset += PIECE) {
            out.write(body, offset, Math.min(PIECE, body.length - offset));
        }
    }
}
