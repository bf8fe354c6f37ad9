package org.xwebpreferences.support;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.xwebpreferences.DatabaseSettings;
import org.xwebpreferences.ServerConfig;
import org.xwebpreferences.XwebServer;
import org.xwebpreferences.auth.TokenService;
import org.xwebpreferences.http.TlsSettings;

/**
 * The real server, in this JVM, on a free port over a fresh embedded database,
 * with one xWeb user; plus a JDBC view of that database to check what was stored.
 */
public final class TestServer implements AutoCloseable {

    public static final String USER = "integration";
    public static final String PASSWORD = "integration-password";

    private final XwebServer server;
    private final DatabaseSettings database;

    private TestServer(XwebServer server, DatabaseSettings database) {
        this.server = server;
        this.database = database;
    }

    public static TestServer start() throws IOException {
        return start(Duration.ofMinutes(30), false);
    }

    public static TestServer start(Duration tokenTtl, boolean singleUseTokens) throws IOException {
        return start(tokenTtl, singleUseTokens, 1000);
    }

    /** With the password hash as slow as {@code passwordIterations} of PBKDF2 make it (production: 600,000). */
    public static TestServer start(Duration tokenTtl, boolean singleUseTokens, int passwordIterations)
            throws IOException {
        Path dataDir = TempFiles.directory("xweb-test");
        return start(new DatabaseSettings(dataDir, null, null, null, 4), tokenTtl, singleUseTokens, passwordIterations,
                null);
    }

    /** On the given database, e.g. a PostgreSQL one. */
    public static TestServer start(DatabaseSettings database, Duration tokenTtl, boolean singleUseTokens)
            throws IOException {
        return start(database, tokenTtl, singleUseTokens, 1000, null);
    }

    /** Over HTTPS where {@code tls} is not null. */
    public static TestServer start(DatabaseSettings database, Duration tokenTtl, boolean singleUseTokens,
                                   TlsSettings tls) throws IOException {
        return start(database, tokenTtl, singleUseTokens, 1000, tls);
    }

    private static TestServer start(DatabaseSettings database, Duration tokenTtl, boolean singleUseTokens,
                                    int passwordIterations, TlsSettings tls) throws IOException {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, database, tokenTtl, singleUseTokens, 8,
                1024 * 1024, 1000, 1000, passwordIterations, USER, PASSWORD, false, tls, Duration.ofSeconds(30),
                Duration.ofSeconds(5));
        return new TestServer(XwebServer.start(config), database);
    }

    /** http(s)://127.0.0.1:PORT */
    public String baseAddress() {
        return server.baseAddress();
    }

    public String address() {
        return server.soapAddress();
    }

    public SoapClient client() {
        return new SoapClient(address());
    }

    /** Makes {@code token} a valid token of the test user, as Authenticate would have. */
    public void grantToken(String token, Instant expiresAt) throws SQLException {
        try (Connection connection = jdbc();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO xweb_token (token_hash, user_id,"
                     + " issued_at, expires_at) SELECT ?, id, ?, ? FROM xweb_user WHERE user_name = ?")) {
            insert.setString(1, TokenService.hash(token));
            insert.setObject(2, Instant.now().atOffset(ZoneOffset.UTC));
            insert.setObject(3, expiresAt.atOffset(ZoneOffset.UTC));
            insert.setString(4, USER);
            insert.executeUpdate();
        }
    }

    /** How many preference rows are stored, all customers together. */
    public int preferenceRows() throws SQLException {
        try (Connection connection = jdbc();
             PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM communication_preference");
             ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    public Connection jdbc() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.jdbcUser(), database.jdbcPassword());
    }

    @Override
    public void close() {
        server.close();
    }
}
