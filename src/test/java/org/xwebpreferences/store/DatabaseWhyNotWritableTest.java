package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.DatabaseSettings;

/** What the readiness probe is told when the database cannot be checked. */
class DatabaseWhyNotWritableTest {

    @TempDir
    Path dataDir;

    /** It was a NullPointerException, and the probe said "unreachable (NullPointerException)" (review). */
    @Test
    void aFailureWithoutAnSqlStateIsRethrownAsIs() {
        try (Database database = Database.open(DatabaseSettings.embedded(dataDir).jdbcUrl(), "xweb", "", 1)) {
            Connection broken = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        throw new SQLException("socket closed"); // no SQL state, as a wrapper or driver may throw
                    });
            assertThatThrownBy(() -> database.whyNotWritable(broken, 2)).isInstanceOf(SQLException.class)
                    .hasMessage("socket closed");
        }
    }
}
