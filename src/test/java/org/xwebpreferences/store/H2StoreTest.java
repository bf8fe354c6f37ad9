package org.xwebpreferences.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded default: an H2 file database, opened as the server opens it. */
class H2StoreTest extends StoreContract {

    @TempDir
    Path dataDir;

    @Override
    protected Database openDatabase() {
        return Database.open("jdbc:h2:file:" + dataDir.resolve("xweb") + ";RETENTION_TIME=1000;DB_CLOSE_ON_EXIT=FALSE",
                "xweb", "", 4);
    }
}
