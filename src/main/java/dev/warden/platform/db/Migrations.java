package dev.warden.platform.db;

import com.fasterxml.jackson.databind.type.TypeFactory;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Brings the schema to the current version. Flyway alone owns the schema. */
public final class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    private Migrations() {
    }

    /**
     * The common migrations, plus on PostgreSQL those only it can run (META-INF/db/postgresql)
     * and on H2 those only it needs (META-INF/db/h2), both versioned between the common
     * ones, e.g. 10.1, so that a later common version never collides with them.
     */
    public static void migrate(DataSource dataSource, ClassLoader classLoader) {
        List<String> locations = new ArrayList<>(List.of("classpath:META-INF/db/migration"));
        if (postgres(dataSource)) {
            locations.add("classpath:META-INF/db/postgresql");
        } else {
            locations.add("classpath:META-INF/db/h2");
        }
        try {
            Flyway flyway = Flyway.configure(classLoader)
                    .dataSource(dataSource)
                    .locations(locations.toArray(String[]::new))
                    .validateMigrationNaming(true)
                    .load();
            int applied = flyway.migrate().migrationsExecuted;
            var current = flyway.info().current();
            LOG.info(() -> "Database schema at version " + (current == null ? "none" : current.getVersion())
                    + " (" + applied + " migrations applied now)");
        } finally {
            forgetFlywaysTypes();
        }
    }

    /**
     * Flyway reads its configuration extensions with Jackson, which the WAR does not bring
     * (PLATFORM-NOTES 11): the server's. Jackson's default type factory is static, one for the
     * whole server, and caches each class it was asked about; on Payara Server every
     * redeploy left the previous deployment's Flyway classes there, and with them its class
     * loader (5,500 classes, ~4 MB of metaspace, and all they hold) for as long as the server
     * ran (seen in a heap dump, 2026-12-07). Its cache is emptied once Flyway is done (other
     * applications' types are just read again).
     */
    static void forgetFlywaysTypes() {
        try {
            TypeFactory.defaultInstance().clearCache();
        } catch (LinkageError noJackson) {
            LOG.log(Level.FINE, "No Jackson type cache to empty", noJackson);
        }
    }

    private static boolean postgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database to migrate it", e);
        }
    }
}
