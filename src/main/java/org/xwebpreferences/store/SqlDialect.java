package org.xwebpreferences.store;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Set;

/**
 * What differs between the databases we run on: the atomic upsert, how
 * writers of one customer and adders of users take turns (a lock in the
 * database on PostgreSQL, shared by every node; in memory on H2), whether a
 * customer's rows are read FOR UPDATE, how to ask whether it takes writes,
 * and which errors are worth a retry.
 */
public enum SqlDialect {

    /**
     * H2's MERGE ... KEY is its own atomic upsert; read through OLD TABLE it
     * tells whether the row was new (no old row).
     */
    H2("SELECT COUNT(*) = 0 FROM OLD TABLE (MERGE INTO communication_preference (" + Columns.ALL
            + ") KEY (customer_key, mailing_list_key) VALUES (" + Columns.PLACEHOLDERS + "))", null, "", null,
            "SELECT READONLY()"),

    /** PostgreSQL's INSERT ... ON CONFLICT is atomic under concurrent writers, unlike its MERGE. */
    POSTGRESQL("INSERT INTO communication_preference (" + Columns.ALL + ") VALUES (" + Columns.PLACEHOLDERS + ")"
            + " ON CONFLICT (customer_key, mailing_list_key) DO UPDATE SET"
            + " mailing_list_name = EXCLUDED.mailing_list_name,"
            + " mailing_list_category = EXCLUDED.mailing_list_category,"
            + " status = EXCLUDED.status,"
            + " email_key = EXCLUDED.email_key,"
            + " address_key = EXCLUDED.address_key,"
            + " phone_key = EXCLUDED.phone_key,"
            + " fax_key = EXCLUDED.fax_key,"
            + " changed_at = EXCLUDED.changed_at,"
            + " changed_by = EXCLUDED.changed_by"
            // xmax is 0 on a row version this statement inserted, not on one it updated.
            + " RETURNING (xmax = 0)",
            // Held to the end of the transaction, on every node. The first key is
            // ours ("xweb"), so that other users of advisory locks on the database
            // do not collide with customers; the second the customer key's hash.
            // A statement of its own: the next one must take its snapshot after
            // the lock, to see what the previous holder committed.
            "SELECT pg_advisory_xact_lock(2021090658, ?)",
            " FOR UPDATE",
            // One key for all user adds: PostgreSQL keeps single 64-bit keys
            // apart from the pairs of 32-bit keys the customers use.
            "SELECT pg_advisory_xact_lock(2021090658)",
            // On, in a standby, or with default_transaction_read_only (a failover's usual fence).
            "SELECT current_setting('transaction_read_only') = 'on'");

    /**
     * Serialization failure, deadlock, lock timeout, and the unique violation two
     * concurrent first inserts of one pair can raise: the transaction did nothing
     * and may simply run again.
     */
    private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01", "HYT00", "23505");
    /**
     * The classes of SQL states by which the database refuses a statement for
     * what it holds: 21 cardinality, 22 data, 23 integrity, 44 check option,
     * P0 a trigger's RAISE. Missing privileges and tables (42) are not among
     * them: an operator mends those, perhaps on one node only.
     */
    private static final Set<String> REFUSED_FOR_GOOD_CLASSES = Set.of("21", "22", "23", "44", "P0");

    private final String upsertPreference;
    private final String lockCustomer;
    private final String lockReadRows;
    private final String lockUsers;
    private final String isReadOnly;

    SqlDialect(String upsertPreference, String lockCustomer, String lockReadRows, String lockUsers,
               String isReadOnly) {
        this.upsertPreference = upsertPreference;
        this.lockCustomer = lockCustomer;
        this.lockReadRows = lockReadRows;
        this.lockUsers = lockUsers;
        this.isReadOnly = isReadOnly;
    }

    /** A query whose one row and column says whether the database refuses writes. */
    String isReadOnly() {
        return isReadOnly;
    }

    /**
     * The upsert of one preference row, as a query whose one row and column
     * says whether the row was inserted (true) or updated (false).
     */
    public String upsertPreference() {
        return upsertPreference;
    }

    /**
     * A statement that makes the rest of the transaction the only one changing
     * a customer's rows (its parameter: the customer key's hash code), or null
     * where the database has none: on H2, one server owns the database, and
     * {@link CustomerLocks} does it in memory.
     */
    String lockCustomer() {
        return lockCustomer;
    }

    /**
     * A statement that makes the rest of the transaction the only one adding a
     * user, so that checking for a look-alike name and inserting are one step;
     * null on H2, where {@link JdbcUserStore} does it in memory.
     */
    String lockUsers() {
        return lockUsers;
    }

    /**
     * What a SELECT ends with to lock the rows it reads until the transaction
     * ends. On PostgreSQL FOR UPDATE, against writers that skip the advisory
     * lock (a change made by hand). On H2 nothing: the in-memory customer lock
     * is the guard, as one server owns an H2 database, and H2 never caches a
     * FOR UPDATE query: it parsed and planned it anew on every Set, 4 % of the
     * Set's CPU.
     */
    String lockReadRows() {
        return lockReadRows;
    }

    /**
     * What a SELECT of a user's row ends with to keep the row from changing
     * (a password change, a disable) until the transaction ends. PostgreSQL's
     * FOR SHARE lets concurrent logins of the user through; H2 has only FOR
     * UPDATE, and there the one server is the only writer anyway.
     */
    String lockUserRow() {
        return this == H2 ? " FOR UPDATE" : " FOR SHARE";
    }

    /**
     * A DELETE of at most {@code batch} tokens that expired before its one
     * parameter, and by the database's clock too: a node whose clock runs
     * ahead would otherwise delete every node's live tokens (every client
     * logged out). PostgreSQL has no limit on a DELETE, so it deletes the
     * rows a limited SELECT names; H2 has one, and ran that form 50 times
     * slower, scanning the whole table for each batch: 32,000 expired tokens
     * beside as many live ones took 25 s of a core instead of 0.5 s (a store
     * harness, 2026-11-29).
     */
    String purgeExpiredTokens(int batch) {
        String expired = " WHERE expires_at < ? AND expires_at < CURRENT_TIMESTAMP FETCH FIRST " + batch + " ROWS ONLY";
        return this == H2 ? "DELETE FROM xweb_token" + expired
                : "DELETE FROM xweb_token WHERE token_hash IN (SELECT token_hash FROM xweb_token" + expired + ")";
    }

    public static SqlDialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            if (!driverReads(jdbcUrl)) {
                // Not quoted: the URL may hold a password.
                throw new IllegalArgumentException("--db-url: the PostgreSQL driver cannot read it: write"
                        + " jdbc:postgresql://HOST[:PORT]/DATABASE[?PARAMETERS], with a port from 1 to 65535");
            }
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("--db-url: only jdbc:h2: and jdbc:postgresql: URLs are supported");
    }

    /**
     * Whether a driver takes the URL: the PostgreSQL driver takes none it
     * cannot parse. Such a URL (a port of 99999 or "abc") failed at the first
     * connection as an unreachable database, exit code 1, which a supervisor
     * restarts for ever, not as the bad setting it is (operations audit).
     */
    private static boolean driverReads(String jdbcUrl) {
        try {
            return DriverManager.getDriver(jdbcUrl) != null;
        } catch (SQLException e) {
            return false;
        }
    }

    static boolean isRetryable(SQLException e) {
        for (SQLException link = e; link != null; link = link.getNextException()) {
            if (link.getSQLState() != null && RETRYABLE_STATES.contains(link.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Whether sending the statement again would be refused again: refused for what it holds, and not retryable. */
    static boolean isRefusedForGood(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.length() == 5 && REFUSED_FOR_GOOD_CLASSES.contains(state.substring(0, 2))
                && !isRetryable(e);
    }

    /** The preference columns, in the order the statements bind them. */
    static final class Columns {
        static final String ALL = "customer_key, mailing_list_key, mailing_list_name, mailing_list_category, status,"
                + " email_key, address_key, phone_key, fax_key, changed_at, changed_by";
        static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

        private Columns() {
        }
    }
}
