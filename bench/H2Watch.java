import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.xwebpreferences.DatabaseSettings;

/**
 * Runs the server in this JVM and prints what the embedded H2 database's own
 * figures say every 10 s: how full its file and chunks are, how many file
 * reads and writes it made. H2 lets one process open the file, so this is the
 * way to watch its housekeeping while load runs against the server (wrk, as in
 * run.sh). The arguments are the server's; the data directory must be given.
 * From the repository root, after a build:
 *
 *   java -Xmx256m -XX:+UseSerialGC -cp target/xweb-server.jar bench/H2Watch.java \
 *        serve --port 8080 --data-dir /tmp/watch
 *
 * Lines go to standard output, prefixed "H2WATCH"; the server logs to standard error.
 */
public class H2Watch {

    private static final String FIGURES = "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
            + " WHERE SETTING_NAME LIKE 'info.%'";

    public static void main(String[] args) throws Exception {
        Path dataDir = dataDir(args);
        Thread server = new Thread(() -> org.xwebpreferences.Main.main(args), "h2watch-server");
        server.setDaemon(true);
        server.start();
        Path file = dataDir.resolve("xweb.mv.db");
        while (!Files.exists(file)) {
            Thread.sleep(200);
        }
        // Opening the same file in the same JVM joins the server's open database
        // (H2 shares it by name) instead of failing on its lock. A new file is
        // made by the server's first connection, with its user: let that happen
        // (and the migrations run) before joining as that user.
        Thread.sleep(3000);
        DatabaseSettings settings = DatabaseSettings.embedded(dataDir);
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.jdbcUser(),
                settings.jdbcPassword());
                Statement statement = connection.createStatement()) {
            while (server.isAlive()) {
                Map<String, String> info = new TreeMap<>();
                try (ResultSet rows = statement.executeQuery(FIGURES)) {
                    while (rows.next()) {
                        info.put(rows.getString(1), rows.getString(2));
                    }
                }
                System.out.printf("H2WATCH %s file %d MiB, file %s%% full, chunks %s%% full (rewritable ones %s%%),"
                                + " %s chunks, file reads %s, file writes %s%n",
                        LocalTime.now().truncatedTo(ChronoUnit.SECONDS), Files.size(file) >> 20,
                        info.get("info.FILL_RATE"), info.get("info.CHUNKS_FILL_RATE"),
                        info.get("info.CHUNKS_FILL_RATE_RW"), info.get("info.CHUNK_COUNT"),
                        info.get("info.FILE_READ"), info.get("info.FILE_WRITE"));
                Thread.sleep(10_000);
            }
        }
    }

    private static Path dataDir(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--data-dir")) {
                return Path.of(args[i + 1]).toAbsolutePath().normalize();
            }
        }
        throw new IllegalArgumentException("give the server's --data-dir: H2Watch opens its database");
    }
}
