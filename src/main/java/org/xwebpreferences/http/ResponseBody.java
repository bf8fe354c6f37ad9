package org.xwebpreferences.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
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

    /**
     * The status, the headers, then the body; to HEAD the same headers without
     * the body, its Content-Length included, as HTTP has it (the JDK's server
     * leaves that header to the handler for HEAD).
     */
    public static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (headers(exchange, status, body.length)) {
            write(exchange.getResponseBody(), body);
        }
    }

    /** A body written a piece at a time, no piece over {@link #PIECE} bytes. */
    public interface Pieces {
        void writeTo(OutputStream out) throws IOException;
    }

    /** As {@link #send(HttpExchange, int, byte[])}, for a body of the given length held in pieces. */
    public static void send(HttpExchange exchange, int status, int length, Pieces body) throws IOException {
        if (!headers(exchange, status, length)) {
            return;
        }
        // The JDK's server hands each write of a body to the socket as it comes, a
        // system call each: the parts of an answer (a SOAP answer's declaration, then
        // Metro's bytes) are gathered into writes of up to PIECE bytes. The second
        // write of each SOAP GetAll answer was 6 % of the server's CPU (async-profiler).
        OutputStream gathered = new BufferedOutputStream(exchange.getResponseBody(),
                Math.max(1, Math.min(length, PIECE)));
        body.writeTo(gathered);
        gathered.flush();
    }

    /** Sends the status and headers; whether a body is to follow (not to HEAD). */
    private static boolean headers(HttpExchange exchange, int status, int length) throws IOException {
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(length));
            exchange.sendResponseHeaders(status, -1);
            return false;
        }
        exchange.sendResponseHeaders(status, length);
        return true;
    }

    public static void write(OutputStream out, byte[] body) throws IOException {
        for (int offset = 0; offset < body.length; offset += PIECE) {
            out.write(body, offset, Math.min(PIECE, body.length - offset));
        }
    }
}
