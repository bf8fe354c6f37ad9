package org.xwebpreferences.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema's migrations, where the database's record of them is not what this build expects. */
class MigrationsTest {

    @TempDir
    Path dir;

    /** The error line said only "Validate failed: Migrations have failed validation" (storage audit). */
    @Test
    void aMigrationChangedSinceItWasAppliedIsNamedWithItsChecksums() throws Exception {
        String url = migratedThenChanged("UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345"
                + " WHERE \"version\" = '1'");

        assertThatThrownBy(() -> Migrations.run(url, "xweb", "", SqlDialect.H2, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The database's record of its migrations does not match this build's"
                        + " (Migration checksum mismatch for migration version 1; Applied to database : 12345;"
                        + " Resolved locally : ")
                .hasMessageEndingWith("): a migration failed part-way, or the schema was changed by another build of"
                        + " xweb-server or by hand. Run the build that migrated it, or restore the database from a"
                        + " backup")
                .hasNoCause();
    }

    /** Every error Flyway lists, and none of its advice to run a repair this server does not have (review). */
    @Test
    void aFailedMigrationAndASecondMismatchAreNamedToo() throws Exception {
        String url = migratedThenChanged(
                "UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345 WHERE \"version\" = '1'",
                "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '2'");

        assertThatThrownBy(() -> Migrations.run(url, "xweb", "", SqlDialect.H2, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Migration checksum mismatch for migration version 1")
                .hasMessageContaining("Detected failed migration to version 2")
                .message().doesNotContain("repair");
    }

    /** A new H2 database's URL, migrated, then the statements run on it. */
    private String migratedThenChanged(String... statements) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("xweb");
        Migrations.run(url, "xweb", "", SqlDialect.H2, true);
        try (Connection connection = DriverManager.getConnection(url, "xweb", "");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
        return url;
    }
}
