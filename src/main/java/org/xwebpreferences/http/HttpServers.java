package org.xwebpreferences.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK's embedded HTTP server, set up for a production service. */
public final class HttpServers {

    private HttpServers() {
    }

    /**
     * Sets the JDK HTTP server's system properties. They are read once, when
     * the server classes load, so this runs before the first server is made.
     */
    public static void configureJdkServer() {
        // Without TCP_NODELAY each keep-alive response waits ~40 ms for the
        // client's delayed ACK (Nagle): 1,400 instead of 30,000 requests/s.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * A server on a fixed pool of {@code workers} threads with a bounded queue;
     * HTTPS where {@code tls} is not null.
     */
    public static HttpServer create(String host, int port, int workers, int backlog, TlsSettings tls)
            throws IOException {
        configureJdkServer();
        InetSocketAddress address = new InetSocketAddress(host, port);
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(address, backlog);
        } else {
            HttpsServer https = HttpsServer.create(address, backlog);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
            server = https;
        }
        server.setExecutor(workerPool(workers));
        return server;
    }

    /**
     * Fixed threads and a bounded queue: when both are full the connection is
     * refused rather than queued without end.
     */
    static ExecutorService workerPool(int workers) {
        return new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(workers * 64), namedThreads(), new ThreadPoolExecutor.AbortPolicy());
    }

    private static ThreadFactory namedThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "xweb-worker-" + count.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        };
    }
}
