package org.xwebpreferences.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** The JDK's embedded HTTP server, set up for a production service. */
public final class HttpServers {

    /** How long a keep-alive connection may sit idle before the server closes it. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(120);

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
        // Idle keep-alive connections are closed after 120 s, as IIS does, not the JDK's
        // 30: .NET Framework clients keep a pooled connection for 100 s, and one that
        // sends a POST on a connection the server has closed fails ("a connection that
        // was expected to be kept alive was closed by the server"). Newer JDKs also
        // close connections beyond 200 idle ones at once, without a word; keep more.
        setUnlessGiven("sun.net.httpserver.idleInterval", Long.toString(IDLE_TIMEOUT.toSeconds()));
        setUnlessGiven("sun.net.httpserver.maxIdleConnections", "4096");
    }

    /** A -D option on the command line wins. */
    private static void setUnlessGiven(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /**
     * A server on a {@link WorkerPool} of {@code workers} threads, HTTPS where
     * {@code tls} is not null; not listening yet: {@link #listen} binds it to
     * the port held for it once it can answer.
     */
    public static HttpServer create(int workers, TlsSettings tls, Duration requestTimeout) throws IOException {
        configureJdkServer(requestTimeout);
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create();
        } else {
            SSLContext context = tls.sslContext(); // first: a bad keystore leaves no server's sockets open
            HttpsServer https = HttpsServer.create();
            https.setHttpsConfigurator(TlsSettings.configurator(context));
            server = https;
        }
        server.setExecutor(new WorkerPool(workers));
        return server;
    }

    /** Lets the port go and listens on it straight away. */
    public static void listen(HttpServer server, PortReservation port, int backlog) throws IOException {
        port.close();
        try {
            server.bind(port.address(), backlog);
        } catch (BindException e) { // taken by another process in the moment it was free
            throw new IOException("--host/--port: cannot listen on " + port.address() + ": " + e.getMessage(), e);
        }
    }
}
