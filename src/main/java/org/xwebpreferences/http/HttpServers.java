package org.xwebpreferences.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The JDK's embedded HTTP server, set up for a production service. */
public final class HttpServers {

    private HttpServers() {
    }

    /**
     * Sets the JDK HTTP server's system properties. They are read once, when
     * the server classes load, so this runs before the first server is made;
     * a later call in the same JVM changes nothing.
     */
    public static void configureJdkServer(Duration requestTimeout) {
        // Without TCP_NODELAY each keep-alive response waits ~40 ms for the
        // client's delayed ACK (Nagle): 1,400 instead of 30,000 requests/s.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // A client that sends its request, or reads the answer, slower than
        // this is cut off: it cannot hold a worker (or a connection) forever.
        long seconds = Math.max(1, requestTimeout.toSeconds());
        System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(seconds));
        System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(seconds));
    }

    /**
     * A server on a {@link WorkerPool} of {@code workers} threads; HTTPS where
     * {@code tls} is not null.
     */
    public static HttpServer create(String host, int port, int workers, int backlog, TlsSettings tls,
                                    Duration requestTimeout) throws IOException {
        configureJdkServer(requestTimeout);
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("--host: '" + host + "' is neither an address nor a name that resolves");
        }
        HttpServer server;
        try {
            if (tls == null) {
                server = HttpServer.create(address, backlog);
            } else {
                HttpsServer https = HttpsServer.create(address, backlog);
                https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
                server = https;
            }
        } catch (BindException e) { // the port is taken, or the address is not this machine's
            throw new IOException("--host/--port: cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.setExecutor(new WorkerPool(workers));
        return server;
    }
}
