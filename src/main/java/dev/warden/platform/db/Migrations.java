package dev.warden.platform.db;

import com.fasterxml.jackson.databind.type.TypeFactory;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        boolean postgres = postgresInUtf8(dataSource);
        if (postgres) {
            locations.add("classpath:META-INF/db/postgresql");
        } else {
            locations.add("classpath:META-INF/db/h2");
        }
        try {
            Flyway flyway = Flyway.configure(classLoader)
                    .dataSource(dataSource)
                    .locations(locations.toArray(String[]::new))
                    .validateMigrationNaming(true)
                    // A migration may run long (V12_2: ~26 s at a million users): a statement
                    // timeout the DBA set for the database or the role would cancel it, and
                    // start-up would try again and again (a cancelled statement counts as the
                    // database not answering). The request paths keep theirs (WardenDataSource).
                    .initSql(postgres ? "SET statement_timeout = 0" : null)
                    .load();
            int applied = flyway.migrate().migrationsExecuted;
            var current = flyway.info().current();
            LOG.info(() -> "Database schema at version " + (current == null ? "none" : current.getVersion())
                    + " (" + applied + " migrations applied now)");
        } catch (RuntimeException e) {
            Optional<SQLException> denied = insufficientPrivilege(e);
            if (denied.isEmpty()) {
                throw e;
            }
            throw new IllegalStateException(privilegeProblem(dataSource, denied.get()));
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

    /**
     * Whether the database is PostgreSQL, which is refused if it does not store text as
     * UTF-8. Warden stores what people write in any script (API key and report names, user
     * agents, audit details): a LATIN1 database answered a key named in Cyrillic with a 500
     * (22P05, no equivalent in LATIN1), and SQL_ASCII counts bytes, not characters, against
     * column lengths that Warden checks in characters.
     */
    static boolean postgresInUtf8(DataSource dataSource) {
        String encoding;
        String database;
        try (Connection c = dataSource.getConnection()) {
            if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
                return false;
            }
            try (Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = 0"); // as Flyway's own connections (migrate)
                try (ResultSet rs = s.executeQuery("SELECT current_setting('server_encoding'), current_database()")) {
                    rs.next();
                    encoding = rs.getString(1);
                    database = rs.getString(2);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database to migrate it", e);
        }
        if (!"UTF8".equalsIgnoreCase(encoding)) {
            throw new IllegalStateException("Warden does not start: database '" + database + "' stores text as "
                    + encoding + ", not UTF8, so names, user agents and audit details in other scripts could not be "
                    + "stored. Create Warden's database with UTF-8 (CREATE DATABASE warden OWNER warden ENCODING 'UTF8' "
                    + "TEMPLATE template0) and point warden.db.url at it; to keep existing data, dump this one and "
                    + "restore it there (README, \"Running against PostgreSQL\").");
        }
        return true;
    }

    /** PostgreSQL's insufficient_privilege (42501) in the failure's causes, if there. */
    static Optional<SQLException> insufficientPrivilege(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 64; t = t.getCause()) {
            if (t instanceof SQLException sql && "42501".equals(sql.getSQLState())) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    /**
     * What to tell the operator when the database user may not create Warden's tables: who
     * and where, PostgreSQL's words, and the two ways to give the right. Without it Payara
     * logged Flyway's script failure twice, 40 lines each, and went on without Warden.
     * Since PostgreSQL 15 only the database's owner may create in schema {@code public}.
     */
    static String privilegeProblem(DataSource dataSource, SQLException denied) {
        String user = "the database user";
        String database = "its database";
        String schema = "public";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet who = s.executeQuery("SELECT current_user, current_database(), current_schema()")) {
            if (who.next()) {
                user = "'" + who.getString(1) + "'";
                database = "'" + who.getString(2) + "'";
                schema = who.getString(3) == null ? schema : who.getString(3);
            }
        } catch (SQLException e) {
            LOG.log(Level.FINE, "Could not ask who the database user is", e);
        }
        String first = denied.getMessage() == null ? "" : denied.getMessage().lines().findFirst().orElse("");
        String plain = database.replace("'", "\"");
        String role = user.replace("'", "\"");
        return "Warden does not start: the database user " + user + " may not create Warden's tables in schema "
                + schema + " of database " + database + " (PostgreSQL: " + first + "). Since PostgreSQL 15 only "
                + "the database's owner may create in schema public. Make the user the owner (ALTER DATABASE "
                + plain + " OWNER TO " + role + ") or grant it the right (GRANT CREATE ON SCHEMA " + schema + " TO "
                + role + "), then start Warden again (README, \"Running against PostgreSQL\").";
    }
}
