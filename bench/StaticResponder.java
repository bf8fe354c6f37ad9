import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's ceiling: the JDK's embedded HTTP server, set up as the real
 * server sets it up (TCP_NODELAY, a backlog of 1024, a fixed pool of workers
 * with a bounded queue), answering every request with one fixed response: no
 * SOAP, no database. It reads the request body as the server does, then sends
 * the recorded body and headers of a real answer, so the bytes on the wire are
 * the same.
 *
 * Run from source, as bench/run.sh does (start with -Dsun.net.httpserver.nodelay=true):
 *   java -Dsun.net.httpserver.nodelay=true bench/StaticResponder.java PORT BODY_FILE [HEADERS_FILE] [WORKERS]
 * PORT 0 picks a free port; the address is printed on standard output when ready.
 * HEADERS_FILE holds "Name: value" lines to send besides Date and Content-length.
 */
public final class StaticResponder {

    private static final int BACKLOG = 1024; // as XwebServer

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: StaticResponder PORT BODY_FILE [HEADERS_FILE] [WORKERS]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        List<String[]> headers = args.length > 2 ? headers(Path.of(args[2])) : List.of();
        int workers = args.length > 3 ? Integer.parseInt(args[3]) : 64; // as the server's --workers

        HttpServer server = setUpAsTheServer(port, workers, "static-worker-");
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                for (String[] header : headers) {
                    exchange.getResponseHeaders().set(header[0], header[1]);
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        System.out.println("static responder listening on http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /**
     * The JDK's HTTP server on 127.0.0.1 as XwebServer sets it up; also used by
     * BareMetro, so that the two references cannot drift apart.
     */
    static HttpServer setUpAsTheServer(int port, int workers, String threadPrefix) throws IOException {
        // Read when the server classes load; the command line should set it too.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), BACKLOG);
        // The shape of HttpServers.workerPool: fixed threads, a queue of 64 per worker, refuse when full.
        AtomicInteger count = new AtomicInteger();
        server.setExecutor(new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(workers * 64),
                runnable -> new Thread(runnable, threadPrefix + count.incrementAndGet()),
                new ThreadPoolExecutor.AbortPolicy()));
        return server;
    }

    private static List<String[]> headers(Path file) throws IOException {
        List<String[]> headers = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {line.substring(0, colon).strip(), line.substring(colon + 1).strip()});
            }
        }
        return headers;
    }
}
