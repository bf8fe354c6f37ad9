package org.xwebpreferences.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, with no set-up by hand: a throwaway
 * cluster made with Debian's PostgreSQL binaries (package postgresql) in a
 * temporary directory, on a free port, stopped when the JVM ends. As root,
 * the binaries run as the postgres user, since PostgreSQL refuses root.
 * Where XWEB_TEST_POSTGRES_URL names a server (with XWEB_TEST_POSTGRES_USER
 * and XWEB_TEST_POSTGRES_PASSWORD), that one is used instead.
 */
public final class PostgresServer {

    private static final String SUPERUSER = "xweb_test";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final String host;
    private final int port;
    private final String adminUrl;
    private final String user;
    private final String password;
    private final Path dataDir;
    private final Path binDir;

    private PostgresServer(String adminUrl, String user, String password, Path dataDir, Path binDir, int port) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.dataDir = dataDir;
        this.binDir = binDir;
        this.host = "127.0.0.1";
        this.port = port;
    }

    /** The server all tests of this JVM share; skips the calling test where none can be had. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            String url = System.getenv("XWEB_TEST_POSTGRES_URL");
            shared = url != null && !url.isBlank()
                    ? new PostgresServer(url, System.getenv("XWEB_TEST_POSTGRES_USER"),
                            System.getenv("XWEB_TEST_POSTGRES_PASSWORD"), null, null, -1)
                    : startPrivate();
        }
        return shared;
    }

    /** A cluster of this test's own, which it may stop and start again; skips where none can be had. */
    public static PostgresServer startPrivate() {
        Path binDir = findBinaries();
        Prerequisite.require(binDir != null, "PostgreSQL tests skipped: no PostgreSQL server binaries found."
                + " Install Debian's 'postgresql' package (as .ci/run does) or set XWEB_TEST_POSTGRES_URL.");
        try {
            Path dataDir = Files.createTempDirectory("xweb-pg");
            int port = freePort();
            PostgresServer server = new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                    SUPERUSER, "", dataDir, binDir, port);
            server.initialise();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly));
            return server;
        } catch (IOException | InterruptedException e) {
            throw Prerequisite.missing("PostgreSQL tests skipped: could not start a PostgreSQL server: "
                    + e.getMessage());
        }
    }

    /** A new, empty database on this server; returns its JDBC URL. */
    public String createDatabase() throws SQLException {
        String name = "xweb_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password == null ? "" : password;
    }

    /** Stops the server as an outage would: connections are cut. */
    public void stop() throws IOException, InterruptedException {
        requirePrivate();
        run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"));
    }

    public void start() throws IOException, InterruptedException {
        requirePrivate();
        run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-l", dataDir.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + dataDir + " -c listen_addresses=" + host + " -c fsync=on", "-w",
                "-t", "60", "start"));
    }

    private void initialise() throws IOException, InterruptedException {
        if (isRoot()) {
            giveToPostgres(dataDir);
        }
        run(List.of(bin("initdb"), "-D", dataDir.toString(), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8", "--no-instructions"));
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (IOException | InterruptedException | RuntimeException e) {
            // already stopped, or stopping failed: its files go all the same
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // the JVM is ending: what is left is in the temporary directory
        }
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path log = Files.createTempFile("pg-command", ".log");
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean succeeded = process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0;
        if (!succeeded) {
            process.destroyForcibly();
        }
        String output = succeeded ? "" : Files.readString(log, StandardCharsets.ISO_8859_1); // any bytes read
        Files.delete(log);
        if (!succeeded) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private String bin(String name) {
        return binDir.resolve(name).toString();
    }

    private void requirePrivate() {
        if (dataDir == null) {
            throw new IllegalStateException("Only a private cluster can be stopped and started");
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void giveToPostgres(Path dir) throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName("postgres");
        GroupPrincipal group = lookup.lookupPrincipalByGroupName("postgres");
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        view.setOwner(owner);
        view.setGroup(group);
    }

    /** The newest /usr/lib/postgresql/N/bin holding initdb, or null. */
    private static Path findBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparing(bin -> versionOf(bin.getParent())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
