package org.xwebpreferences.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a PostgreSQL database must offer before the server uses it, and the
 * settings each of its sessions starts with, whatever the role, the database
 * or the configuration file say.
 */
final class PostgresSession {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSession.class);

    /**
     * A role or database whose synchronous_commit is off has PostgreSQL answer a
     * commit before it is on the disk, and a crash of PostgreSQL then takes back
     * acknowledged writes: each session turns it on. Only off: local and the
     * stronger remote_* an operator chose for replicas are kept. Asked in each
     * session, so that a role changed while the server runs is covered too;
     * and always set in the session, even to the value it has, because a value
     * from the configuration file follows a reload: a reload that turned it off
     * under open sessions lost acknowledged writes to a crash (multi-node audit).
     */
    private static final String DURABLE_COMMITS = "DO $$BEGIN PERFORM set_config('synchronous_commit',"
            + " CASE current_setting('synchronous_commit') WHEN 'off' THEN 'on'"
            + " ELSE current_setting('synchronous_commit') END, false); END$$";

    /**
     * Sessions of migrations and commands: no limits from the role or
     * database. An export that a role's statement_timeout or
     * idle_in_transaction_session_timeout cut off, or a migration stopped half
     * way, helps nobody; a server's own statements get its statement_timeout.
     */
    static final String FOR_COMMANDS = firstSql(0);

    private PostgresSession() {
    }

    /** A server's sessions: each statement limited to {@code statementTimeout}. */
    static String forServer(Duration statementTimeout) {
        return firstSql(statementTimeout.toMillis());
    }

    /**
     * A session's first SQL: this statement limit (0: none), half of it
     * as the limit of a transaction's idle time, no lock limit, read committed and
     * no asynchronous commit, whatever the
     * role, the database or the configuration file set, then or at a reload
     * (a setting made in the session outranks them all). The pool sets the
     * isolation only where its first connection's differed, so a reload that
     * made the default serializable reached the sessions, and writes of one
     * customer failed with serialization errors (multi-node audit).
     */
    private static String firstSql(long statementTimeoutMillis) {
        // A server's transaction never waits on its own node between statements but for a pause of its JVM:
        // one left open longer (a node frozen, or cut off, in the middle) is ended by PostgreSQL, which frees
        // its customer's locks. Without a limit, every node's writes of that customer failed for as long as
        // the one node stayed frozen (multi-node audit). Half the statement limit, so that a write waiting
        // behind such a transaction still gets through. Commands (an export writing a slow pipe) have none.
        return "SET statement_timeout = " + statementTimeoutMillis + "; SET lock_timeout = 0;"
                + " SET idle_in_transaction_session_timeout = " + statementTimeoutMillis / 2 + ";"
                + " SET default_transaction_isolation = 'read committed'; " + DURABLE_COMMITS;
    }

    /**
     * What PostgreSQL must offer before anything is made in it. Text is
     * Unicode: a LATIN1 database refused other characters with an error that
     * read as an outage ("try again later", forever). And a user whose
     * search_path names no schema that exists had Flyway make a schema named
     * "" in the production database, then fail. A connection that fails here
     * is left to the migration to report, as it always was.
     * Settings that put acknowledged writes at risk are said once in the log:
     * synchronous_commit off, which each session then turns on
     * ({@link #DURABLE_COMMITS}), and fsync off, which no session can mend.
     */
    static void checkDatabase(String url, String user, String password) {
        String encoding;
        String schema;
        String synchronousCommit;
        String fsync;
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_setting('server_encoding'), current_schema(),"
                     + " current_setting('synchronous_commit', true), current_setting('fsync', true)")) {
            row.next();
            encoding = row.getString(1);
            schema = row.getString(2);
            synchronousCommit = row.getString(3);
            fsync = row.getString(4);
        } catch (SQLException e) {
            return;
        }
        if (!"UTF8".equals(encoding)) {
            throw new IllegalArgumentException("The PostgreSQL database's encoding is " + encoding + ", not UTF8,"
                    + " so it cannot store every character clients send: make the database with ENCODING 'UTF8'"
                    + " (createdb -E UTF8 -T template0)");
        }
        if (schema == null && url.contains("currentSchema=")) {
            // The advice below told those who had done so to add ?currentSchema= (docs audit).
            throw new IllegalArgumentException("The PostgreSQL user has no schema to keep the tables in: the URL's"
                    + " currentSchema names none that exists, or none the user may use: create it, or name one");
        }
        if (schema == null) {
            throw new IllegalArgumentException("The PostgreSQL user has no schema to keep the tables in (its"
                    + " search_path names none that exists): add ?currentSchema=NAME to the URL, with a schema the"
                    + " user may create tables in, or set the user's search_path");
        }
        if ("off".equals(fsync)) {
            LOG.warn("PostgreSQL runs with fsync = off: a crash of its machine can lose acknowledged writes and"
                    + " damage the database. Turn it on in postgresql.conf");
        }
        if ("off".equals(synchronousCommit)) {
            LOG.warn("PostgreSQL's synchronous_commit is off for this user or database: this process's sessions"
                    + " turn it on, so that a crash of PostgreSQL takes back no acknowledged write");
        }
    }
}
