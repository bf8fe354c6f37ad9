package org.xwebpreferences.soap;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The exchange Metro works on: the request body the gate already read and
 * checked, the request headers the gate chose, and a response that is kept
 * in memory instead of sent. The gate then sends it with a Content-Length, or
 * replaces a fault with its own.
 */
final class CapturedExchange extends HttpExchange {

    private final HttpExchange real;
    private final InputStream requestBody;
    private final Headers requestHeaders;
    private final AnswerBuffer responseBody = new AnswerBuffer();
    private int status;

    CapturedExchange(HttpExchange real, byte[] requestBody, Headers requestHeaders) {
        this.real = real;
        this.requestBody = new ByteArrayInputStream(requestBody);
        this.requestHeaders = requestHeaders;
    }

    int status() {
        return status;
    }

    /** The answer Metro wrote. */
    AnswerBuffer response() {
        return responseBody;
    }

    @Override
    public void sendResponseHeaders(int code, long length) {
        status = code;
    }

    @Override
    public OutputStream getResponseBody() {
        return responseBody;
    }

    @Override
    public InputStream getRequestBody() {
        return requestBody;
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public void close() {
        // The gate sends the response and closes the real exchange.
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
        throw new UnsupportedOperationException("streams are fixed by the gate");
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return real.getResponseHeaders();
    }

    @Override
    public URI getRequestURI() {
        return real.getRequestURI();
    }

    @Override
    public String getRequestMethod() {
        return real.getRequestMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return real.getHttpContext();
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return real.getRemoteAddress();
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return real.getLocalAddress();
    }

    @Override
    public String getProtocol() {
        return real.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return real.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        real.setAttribute(name, value);
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return real.getPrincipal();
    }
}
