package dev.warden.platform.db;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** Brings the schema to the current version. Flyway alone owns the schema. */
public final class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    private Migrations() {
    }

    /**
     * The common migrations, plus on PostgreSQL those only it can run (META-INF/db/postgresql,
     * versioned between the common ones, e.g. 10.1, so that a later common version never
     * collides with them).
     */
    public static void migrate(DataSource dataSource, ClassLoader classLoader) {
        List<String> locations = new ArrayList<>(List.of("classpath:META-INF/db/migration"));
        if (postgres(dataSource)) {
            locations.add("classpath:META-INF/db/postgresql");
        }
        Flyway flyway = Flyway.configure(classLoader)
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .validateMigrationNaming(true)
                .load();
        int applied = flyway.migrate().migrationsExecuted;
        var current = flyway.info().current();
        LOG.info(() -> "Database schema at version " + (current == null ? "none" : current.getVersion())
                + " (" + applied + " migrations applied now)");
    }

    private static boolean postgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database to migrate it", e);
        }
    }
}
