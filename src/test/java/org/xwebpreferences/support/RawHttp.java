package org.xwebpreferences.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP/1.1 request over a plain socket, for what java.net.http cannot do:
 * the whole request is written, the sending side is shut down (the server
 * sees the end of the stream), and the answer is read to the end while the
 * request is still being written.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * POSTs the body with the given headers (name, value, name, value ...) and
     * a Content-Length, then half-closes the connection and reads the answer.
     */
    public static JsonResponse postAndHalfClose(String url, byte[] body, String... headers) {
        URI uri = URI.create(url);
        StringBuilder head = new StringBuilder("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getRawAuthority()).append("\r\n")
                .append("Connection: close\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("\r\n");
        return sendAndHalfClose(url, head.toString(), body);
    }

    /**
     * Writes the request exactly as given (the head: request line, headers and
     * the empty line; then the body), for requests no client library would
     * send, half-closes the connection and reads the answer.
     */
    public static JsonResponse sendAndHalfClose(String url, String head, byte[] body) {
        URI uri = URI.create(url);
        byte[] start = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[start.length + body.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            // Written on another thread while this one reads, as curl does: a server may answer and close
            // before it has read the whole body, and then the rest of the body cannot be written.
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    socket.shutdownOutput();
                } catch (IOException closedByTheServer) {
                    // the answer, if there is one, is read below
                }
            });
            byte[] answer = readAnswer(socket.getInputStream());
            sent.join();
            return parse(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads to the end of the stream. A server that closes with request bytes
     * unread makes the connection end in a reset; an answer that was complete
     * by then is kept, as a browser or curl keeps it.
     */
    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                answer.write(buffer, 0, read);
            }
        } catch (SocketException reset) {
            if (!isComplete(answer.toByteArray())) {
                throw reset;
            }
        }
        return answer.toByteArray();
    }

    private static boolean isComplete(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return answer.length - end - 4 >= Integer.parseInt(line.substring(15).strip());
            }
        }
        return false;
    }

    private static JsonResponse parse(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("No complete HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(answer, end + 4, answer.length - end - 4);
        return new JsonResponse(status, HttpHeaders.of(headers, (name, value) -> true),
                body.toString(StandardCharsets.UTF_8));
    }
}
