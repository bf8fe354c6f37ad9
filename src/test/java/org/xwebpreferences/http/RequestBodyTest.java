package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The body limit (--max-body-bytes) lets a body of exactly the limit through, its length declared or not. */
class RequestBodyTest {

    private static final int LIMIT = 1000;

    @Test
    void aBodyOfExactlyTheLimitIsReadWholeAndOneByteMoreIsRefused() throws Exception {
        byte[] atLimit = body(LIMIT);
        byte[] over = body(LIMIT + 1);

        assertThat(RequestBody.read(exchange(atLimit, "Content-Length", String.valueOf(LIMIT)), LIMIT))
                .as("declared").isEqualTo(atLimit);
        assertThat(RequestBody.read(exchange(over, "Content-Length", String.valueOf(LIMIT + 1)), LIMIT)).isNull();
        assertThat(RequestBody.read(exchange(atLimit, "Transfer-Encoding", "chunked"), LIMIT))
                .as("chunked: counted as read").isEqualTo(atLimit);
        assertThat(RequestBody.read(exchange(over, "Transfer-Encoding", "chunked"), LIMIT)).isNull();
    }

    /** What AmbiguousRequests refuses on a GET: a body announced by either header, but not by Content-Length: 0. */
    @Test
    void aBodyIsDeclaredByATransferEncodingOrANonZeroContentLength() {
        assertThat(RequestBody.isDeclared(exchange(new byte[0], "Transfer-Encoding", "chunked"))).isTrue();
        assertThat(RequestBody.isDeclared(exchange(new byte[0], "Content-Length", "5"))).isTrue();
        assertThat(RequestBody.isDeclared(exchange(new byte[0], "Content-Length", " 0 "))).isFalse();
        assertThat(RequestBody.isDeclared(exchange(new byte[0], "X-None", "x"))).isFalse();
    }

    private static byte[] body(int length) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

    /** The few parts of an exchange the body is read from. */
    private static HttpExchange exchange(byte[] body, String header, String value) {
        Headers request = new Headers();
        request.add(header, value);
        Headers response = new Headers();
        InputStream in = new ByteArrayInputStream(body);
        return new HttpExchange() {
            @Override public Headers getRequestHeaders() {
                return request;
            }

            @Override public Headers getResponseHeaders() {
                return response;
            }

            @Override public URI getRequestURI() {
                return URI.create("/xWeb/JSON/Authenticate");
            }

            @Override public String getRequestMethod() {
                return "POST";
            }

            @Override public HttpContext getHttpContext() {
                return null;
            }

            @Override public void close() {
            }

            @Override public InputStream getRequestBody() {
                return in;
            }

            @Override public OutputStream getResponseBody() {
                return new ByteArrayOutputStream();
            }

            @Override public void sendResponseHeaders(int code, long length) {
            }

            @Override public InetSocketAddress getRemoteAddress() {
                return null;
            }

            @Override public int getResponseCode() {
                return -1;
            }

            @Override public InetSocketAddress getLocalAddress() {
                return null;
            }

            @Override public String getProtocol() {
                return "HTTP/1.1";
            }

            @Override public Object getAttribute(String name) {
                return null;
            }

            @Override public void setAttribute(String name, Object value) {
            }

            @Override public void setStreams(InputStream i, OutputStream o) {
            }

            @Override public HttpPrincipal getPrincipal() {
                return null;
            }
        };
    }
}
