package org.xwebpreferences.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.DatabaseSettings;

/** The store contract on the embedded default: an H2 file database, opened as the server opens it. */
class H2StoreTest extends StoreContract {

    @TempDir
    Path dataDir;

    @Override
    protected Database openDatabase() {
        return Database.open(DatabaseSettings.embedded(dataDir).jdbcUrl(), "xweb", "", 4);
    }
}
