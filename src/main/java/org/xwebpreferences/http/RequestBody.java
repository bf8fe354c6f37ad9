package org.xwebpreferences.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.xwebpreferences.core.Texts;

/**
 * Reads a request body into memory, up to a limit, without ever holding more
 * than the limit; a compressed body (Content-Encoding: gzip or deflate) is
 * decompressed, and the limit applies to what it decompresses to as well.
 */
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
     * The body could not be read: the client stopped sending before its
     * Content-Length, sent chunks that are not valid chunked encoding, or a
     * gzip body that does not decompress (400), or a Content-Encoding this
     * server does not decode (415, naming the header). {@link #status()} is
     * the HTTP status for it (JSON answers with it; SOAP with 500, as SOAP 1.1 does).
     */
    public static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String field;

        Unreadable(String message, Exception cause) {
            this(400, message, null, cause);
        }

        private Unreadable(int status, String message, String field, Exception cause) {
            super(message, cause);
            this.status = status;
            this.field = field;
        }

        public int status() {
            return status;
        }

        /** The header at fault (Content-Encoding), or null when it is the body. */
        public String field() {
            return field;
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
        ContentCoding coding = coding(exchange);
        if (declared > maxBytes) {
            drainOrClose(exchange, in, declared);
            return null;
        }
        byte[] body;
        try {
            body = in.readNBytes(maxBytes + 1);
        } catch (IOException | IndexOutOfBoundsException e) {
            // (the JDK's chunked stream reads a chunk size of 2^31 or more as negative, and fails so)
            abandon(exchange, in);
            throw new Unreadable(declared >= 0
                    ? "The request body ended before the " + declared + " bytes its Content-Length announced"
                    : "The request body is not valid chunked transfer encoding, or ended before its last chunk", e);
        }
        if (body.length > maxBytes) {
            drainOrClose(exchange, in, -1);
            return null;
        }
        try {
            return coding.decode(body, maxBytes);
        } catch (ContentCoding.Malformed e) {
            throw new Unreadable(400, e.getMessage(), "Content-Encoding", e);
        }
    }

    /**
     * The body's Content-Encoding; a coding this server does not decode is
     * refused (after the body is drained, so that the client reads the answer).
     */
    private static ContentCoding coding(HttpExchange exchange) throws Unreadable {
        List<String> headers = exchange.getRequestHeaders().get("Content-Encoding");
        ContentCoding coding = ContentCoding.of(headers);
        if (coding == null) {
            discard(exchange);
            throw new Unreadable(415, "Content-Encoding " + Texts.quote(String.join(", ", headers).strip())
                    + " is not supported: send the body as it is, or compressed with gzip or deflate",
                    "Content-Encoding", null);
        }
        return coding;
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
        } catch (IOException | IndexOutOfBoundsException e) {
            abandon(exchange, in); // a body that breaks off: the answer still goes out, on a closing connection
            return;
        }
        if (!drained) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
    }

    /**
     * Gives up on a broken body: the answer closes the connection, and the body
     * stream is closed here, so that the JDK does not try to read the rest of
     * it when the exchange closes (on a chunk size it read as negative that
     * failed again, out of the exchange's close, and left the connection open).
     */
    private static void abandon(HttpExchange exchange, InputStream in) {
        exchange.getResponseHeaders().set("Connection", "close");
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // it is closed as far as the exchange is concerned: that is all that was wanted
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

    /** Whether the request says a body follows: a Transfer-Encoding, or a Content-Length other than 0. */
    public static boolean isDeclared(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return exchange.getRequestHeaders().containsKey("Transfer-Encoding")
                || length != null && !length.strip().equals("0");
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
