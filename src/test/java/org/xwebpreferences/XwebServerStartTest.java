package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.support.CapturedLogs;

/** A start that fails leaves nothing behind: no new database when it cannot listen, no port held when it cannot open its database. */
class XwebServerStartTest {

    @TempDir
    Path dir;

    private static ServerConfig config(int port, Path dataDir) {
        return config("127.0.0.1", port, dataDir);
    }

    private static ServerConfig config(String host, int port, Path dataDir) {
        return config(host, port, new DatabaseSettings(dataDir, null, null, null, 4));
    }

    private static ServerConfig config(String host, int port, DatabaseSettings database) {
        return new ServerConfig(host, port, database,
                Duration.ofMinutes(30), false, 4, 1_048_576, 1_000, 1_000, 1_000, null, null, false, null,
                Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    /**
     * The pool check waiting to run 45 s after the start held a stop soon after it for the housekeeping's
     * 10 s grace, said that a token purge still ran, and then ran on the closed pool (review).
     */
    @Test
    void aServerStoppedRightAfterItsStartLeavesNothingWaitingToRun() throws Exception {
        try (CapturedLogs logs = new CapturedLogs(XwebServer.class.getName())) {
            XwebServer.start(config(0, dir.resolve("data"))).close();

            assertThat(logs.lines()).noneMatch(line -> line.contains("still runs"));
        }
    }

    /**
     * Customers' writers take turns in one server's memory on H2: two servers on one H2 server database broke
     * the history's chain and the list limit, silently (storage audit). Said at the start; an embedded one is not.
     */
    @Test
    void aServerOnAnH2ServerDatabaseIsToldToBeItsOnlyOne() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("shared") + ";AUTO_SERVER=TRUE";
        try (CapturedLogs logs = new CapturedLogs(XwebServer.class.getName())) {
            XwebServer.start(config("127.0.0.1", 0, new DatabaseSettings(dir.resolve("data"), url, null, null, 4)))
                    .close();
            XwebServer.start(config(0, dir.resolve("data"))).close();

            assertThat(logs.lines()).filteredOn(line -> line.contains("H2 server"))
                    .singleElement(InstanceOfAssertFactories.STRING)
                    .contains("run one xweb-server on it").contains("Several nodes need PostgreSQL");
        }
    }

    /**
     * The first user's random password was shown only once the whole start was done: a SIGTERM in the seconds
     * between left the user stored and its password never shown (operations audit). It is handed out as soon as
     * the user is stored, before the server answers a call; a later start makes none.
     */
    @Test
    void theFirstUsersPasswordIsHandedOutBeforeTheServerAnswers() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        List<String> passwords = new ArrayList<>();
        List<Boolean> answeredThen = new ArrayList<>();
        Path dataDir = dir.resolve("data");
        try (XwebServer server = XwebServer.start(config(port, dataDir), password -> {
            passwords.add(password);
            answeredThen.add(answers(port));
        })) {
            assertThat(passwords).singleElement(InstanceOfAssertFactories.STRING).hasSizeGreaterThanOrEqualTo(16);
            assertThat(answeredThen).as("whether the server answered when the password was handed out")
                    .containsExactly(false);
            assertThat(answers(port)).as("it answers once started").isTrue();
        }
        try (XwebServer again = XwebServer.start(config(0, dataDir), passwords::add)) {
            assertThat(passwords).as("none made at the next start").hasSize(1);
        }
    }

    /** Whether /health/live answers within a second. */
    private static boolean answers(int port) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                    .timeout(Duration.ofSeconds(1)).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A first start stopped before it restricted the new file left it rw-r--r-- for good (operations audit). */
    @Test
    void aDatabaseFileOthersMayReadIsSaidAtTheStart() throws Exception {
        Path dataDir = dir.resolve("data");
        XwebServer.start(config(0, dataDir)).close();
        Path file = dataDir.resolve("xweb.mv.db");
        try (CapturedLogs logs = new CapturedLogs(XwebServer.class.getName())) {
            XwebServer.start(config(0, dataDir)).close();
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            XwebServer.start(config(0, dataDir)).close();

            assertThat(logs.lines()).filteredOn(line -> line.contains("may read")).containsExactly(
                    XwebServer.class.getName() + " Users other than its owner may read the database file " + file
                            + ", which holds password hashes and every customer's preferences: 'chmod 600' it");
        }
        assertThat(Files.getPosixFilePermissions(file)).as("left as it is")
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void aPortInUseStopsTheStartBeforeADatabaseIsCreated() throws Exception {
        Path dataDir = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> XwebServer.start(config(taken.getLocalPort(), dataDir)))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("--host/--port: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        assertThat(dataDir).as("no database made for a server that could not listen").doesNotExist();
    }

    /** The "listening on" line is for people and scripts: the host as asked for, a URL as one is written. */
    @Test
    void theAddressOnAllInterfacesIsTheHostAsGivenAndAnIpv6OneIsInBrackets() throws Exception {
        try (XwebServer server = XwebServer.start(config("0.0.0.0", 0, dir.resolve("data")))) {
            assertThat(server.baseAddress()).isEqualTo("http://0.0.0.0:" + server.port());
        }
        if (hasIpv6Loopback()) { // a container may have none
            try (XwebServer server = XwebServer.start(config("::1", 0, dir.resolve("data")))) {
                assertThat(server.baseAddress()).isEqualTo("http://[0:0:0:0:0:0:0:1]:" + server.port());
            }
        }
    }

    private static boolean hasIpv6Loopback() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aDatabaseThatCannotBeOpenedGivesThePortBack() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "not a directory");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        assertThatThrownBy(() -> XwebServer.start(config(port, notADirectory)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--data-dir");

        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the port is free again").isEqualTo(port);
        }
    }
}
