package org.xwebpreferences;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** Where the data lives, and the configuration file: shared by every command that opens the database. */
final class DatabaseOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file: one option per line as name=value (port=8080, db-url=...)."
                    + " Also from XWEB_CONFIG. Precedence: command line, environment, file, built-in default.")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "Directory of the embedded H2 database: ${DEFAULT-VALUE} by default (env XWEB_DATA_DIR).")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC-URL",
            description = "JDBC URL of the database (env XWEB_DB_URL), e.g. jdbc:postgresql://dbhost/xweb."
                    + " Default: the embedded H2 database under --data-dir.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER",
            description = "Database user (env XWEB_DB_USER; default: xweb). The password comes from the"
                    + " environment variable XWEB_DB_PASSWORD only.")
    String dbUser;

    @Option(names = "--db-pool-size", paramLabel = "N",
            description = "Database connections in the pool (env XWEB_DB_POOL_SIZE). Default for serve: as many"
                    + " as --workers on H2, " + DatabaseSettings.DEFAULT_POOL_SIZE + " on PostgreSQL; for the other"
                    + " commands 1.")
    Integer dbPoolSize;

    /**
     * The settings for a command that is not a server: its work runs on one
     * connection at a time, and a pool of one opens no connections in the
     * background that could still be starting when the command ends.
     */
    DatabaseSettings settings() {
        refuseAnUnclearDatabase();
        int poolSize = dbPoolSize != null ? dbPoolSize : 1;
        return new DatabaseSettings(dataDir, dbUrl, dbUser, System.getenv("XWEB_DB_PASSWORD"), poolSize);
    }

    /**
     * The settings, with the password from the environment: never from an
     * argument, where ps would show it.
     *
     * @param workers the threads that will use the pool, for its default size
     */
    DatabaseSettings settings(int workers) {
        refuseAnUnclearDatabase();
        int poolSize = dbPoolSize != null ? dbPoolSize : DatabaseSettings.defaultPoolSize(dbUrl, workers);
        return new DatabaseSettings(dataDir, dbUrl, dbUser, System.getenv("XWEB_DB_PASSWORD"), poolSize);
    }

    /**
     * An empty --db-url, and --data-dir on the command line with a URL from the
     * environment or the file: the first would be taken for the embedded
     * database, and the URL would otherwise win over the second, so that a
     * user command meant for one database would change another.
     */
    private void refuseAnUnclearDatabase() {
        if (dbUrl != null && dbUrl.isBlank()) {
            // --db-url "$DB_URL" with the variable empty, or db-url= in the file: it meant a database,
            // and a production node started on a new embedded one (review).
            throw new IllegalArgumentException("--db-url: is empty: give the database's JDBC URL, or leave the option"
                    + " out for the embedded database");
        }
        ParseResult parsed = command == null || command.commandLine() == null ? null
                : command.commandLine().getParseResult();
        if (parsed != null && dbUrl != null && parsed.hasMatchedOption("--data-dir")
                && !parsed.hasMatchedOption("--db-url")) {
            throw new IllegalArgumentException("--data-dir: names the embedded database, but a database URL is set"
                    + " (XWEB_DB_URL, or db-url in the configuration file) and would be used instead: give"
                    + " --db-url on the command line, or unset the other");
        }
    }
}
