package org.xwebpreferences.store;

import org.xwebpreferences.support.PostgresServer;

/**
 * The store contract on PostgreSQL, unchanged: a real server (Debian's
 * binaries, started by the test) and a fresh database for every test.
 */
class PostgresStoreTest extends StoreContract {

    @Override
    protected Database openDatabase() throws Exception {
        PostgresServer server = PostgresServer.shared();
        return Database.open(server.createDatabase(), server.user(), server.password(), 4);
    }
}
