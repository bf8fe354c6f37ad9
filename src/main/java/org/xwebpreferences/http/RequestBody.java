package org.xwebpreferences.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body into memory, up to a limit, without ever holding more than the limit. */
public final class RequestBody {

    /**
     * How much of an over-long body is read and thrown away so that the client,
     * still sending, gets to read the 413. Beyond this the connection is closed
     * unread: a client may then see a reset instead of the answer.
     */
    private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

    private RequestBody() {
    }

    /**
     * The body could not be read to its end: the client stopped sending before
     * its Content-Length, or sent chunks that are not valid chunked encoding.
     * The caller answers 400 on a closing connection, for a client still listening.
     */
    public static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message, IOException cause) {
            super(message, cause);
        }
    }

    /**
     * The body, or null when it is longer than {@code maxBytes}; the caller then
     * answers 413. Where the rest could not be drained, the response is marked
     * to close the connection.
     */
    public static byte[] read(HttpExchange exchange, int maxBytes) throws IOException {
        long declared = declaredLength(exchange);
        InputStream in = exchange.getRequestBody();
        if (declared > maxBytes) {
            drainOrClose(exchange, in, declared);
            return null;
        }
        byte[] body;
        try {
            body = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            exchange.getResponseHeaders().set("Connection", "close");
            throw new Unreadable(declared >= 0
                    ? "The request body ended before the " + declared + " bytes its Content-Length announced"
                    : "The request body is not valid chunked transfer encoding, or ended before its last chunk", e);
        }
        if (body.length > maxBytes) {
            drainOrClose(exchange, in, -1);
            return null;
        }
        return body;
    }

    /**
     * Reads and drops a body the handler will not use, before it answers early
     * (401, 404, 405, 415): a client still sending would otherwise see the
     * connection reset instead of the answer. Beyond the drain limit the
     * connection is closed instead.
     */
    public static void discard(HttpExchange exchange) {
        drainOrClose(exchange, exchange.getRequestBody(), declaredLength(exchange));
    }

    private static void drainOrClose(HttpExchange exchange, InputStream in, long declared) {
        boolean drained;
        try {
            drained = declared <= DRAIN_LIMIT && drained(in);
        } catch (IOException e) {
            drained = false; // a body that breaks off: the answer still goes out, on a closing connection
        }
        if (!drained) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
    }

    /**
     * Reads and drops up to {@link #DRAIN_LIMIT} bytes; true when the body ended.
     * Not InputStream.skip: the JDK server's request stream inherits it from
     * FilterInputStream, which skips on the socket beneath the body's own length
     * and then waits for bytes the client never sends.
     */
    private static boolean drained(InputStream in) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        for (long total = 0; total <= DRAIN_LIMIT; ) {
            int read = in.read(buffer);
            if (read < 0) {
                return true;
            }
            total += read;
        }
        return false;
    }

    private static long declaredLength(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
