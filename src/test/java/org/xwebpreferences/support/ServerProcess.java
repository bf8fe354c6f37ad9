package org.xwebpreferences.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as an operator runs it: {@code java -jar target/xweb-server.jar serve}
 * in a child JVM, on a free port, ready once it prints its "listening on" line.
 */
public final class ServerProcess implements AutoCloseable {

    public static final String USER = "integration";
    public static final String PASSWORD = "integration-password";

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    private final Process process;
    private final String address;
    private final Path log;

    private ServerProcess(Process process, String address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** Starts the packaged jar on the data directory, with a bootstrap user {@value #USER}. */
    public static ServerProcess start(Path dataDir, String... extraArgs) throws IOException, InterruptedException {
        return start(dataDir, Map.of(), extraArgs);
    }

    /** As {@link #start(Path, String...)}, with more environment variables (e.g. XWEB_DB_PASSWORD). */
    public static ServerProcess start(Path dataDir, Map<String, String> extraEnv, String... extraArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", serverJar(), "serve",
                "--data-dir", dataDir.toString()));
        if (!List.of(extraArgs).contains("--port")) {
            command.addAll(List.of("--port", "0"));
        }
        command.addAll(List.of(extraArgs));
        Path log = TempFiles.file("xweb-server", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("XWEB_BOOTSTRAP_USER", USER);
        env.put("XWEB_BOOTSTRAP_PASSWORD", PASSWORD);
        env.put("XWEB_PASSWORD_ITERATIONS", "1000");
        env.putAll(extraEnv);
        Process process = builder.start();
        String address = awaitAddress(process, log);
        return new ServerProcess(process, address, log);
    }

    private static String awaitAddress(Process process, Path log) throws IOException, InterruptedException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> address = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        return matcher.group(1);
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String found = address.get(60, TimeUnit.SECONDS);
            if (found != null) {
                return found;
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // reported below with the server's log
        }
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("The server did not start; its log:\n" + Files.readString(log));
    }

    /** http://127.0.0.1:PORT/xWeb/Secure/netForumXML.asmx */
    public String address() {
        return address;
    }

    public long pid() {
        return process.pid();
    }

    /** What the server wrote to standard error so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Kills the process as {@code kill -9} does: no shutdown hooks, no flushing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM and waits for the process to end; returns its exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }

    private static String serverJar() {
        String jar = System.getProperty("xweb.server.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("System property xweb.server.jar must name the packaged server jar"
                    + " (failsafe sets it; run 'mvn verify')");
        }
        return jar;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
