package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResponseBodyTest {

    @Test
    void writesTheWholeBodyInPiecesOfAtMost64KiB() throws Exception {
        byte[] body = new byte[150_001];
        new Random(7).nextBytes(body);
        List<Integer> writes = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writes.add(len);
                super.write(b, off, len);
            }
        };

        ResponseBody.write(out, body);

        assertThat(out.toByteArray()).isEqualTo(body);
        assertThat(writes).containsExactly(65_536, 65_536, 18_929);
    }

    /**
     * The JDK's server hands every write of a body to the socket, a system call
     * each: an answer in parts (a SOAP answer's declaration, then Metro's bytes)
     * goes in one write (the second cost a SOAP GetAll 6 % of the server's CPU).
     */
    @Test
    void anAnswerInPartsReachesTheSocketInOneWrite() throws Exception {
        List<Integer> writes = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            ResponseBody.send(exchange, 200, 13, out -> {
                out.write("<?xml?>".getBytes(StandardCharsets.US_ASCII));
                out.write("<a/>".getBytes(StandardCharsets.US_ASCII));
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            });
            exchange.close();
        }).getFilters().add(countingWrites(writes));
        server.start();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.body()).isEqualTo("<?xml?><a/>\r\n");
            assertThat(writes).containsExactly(13);
        } finally {
            server.stop(0);
        }
    }

    /** Counts the writes the handler makes to the exchange's own body stream. */
    private static Filter countingWrites(List<Integer> writes) {
        return new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                OutputStream body = exchange.getResponseBody();
                exchange.setStreams(null, new FilterOutputStream(body) {
                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        writes.add(length);
                        body.write(bytes, offset, length);
                    }
                });
                chain.doFilter(exchange);
            }

            @Override
            public String description() {
                return "counts the body's writes";
            }
        };
    }

    @Test
    void anEmptyBodyWritesNothing() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResponseBody.write(out, new byte[0]);
        assertThat(out.size()).isZero();
    }
}
