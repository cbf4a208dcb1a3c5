package dev.warden.platform.db;

import com.fasterxml.jackson.databind.type.TypeFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Brings the schema to the current version. Flyway alone owns the schema. */
public final class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    private Migrations() {
    }

    /**
     * How long one statement of a migration waits for a lock on PostgreSQL before the
     * migration gives up and is tried again ({@code lock_timeout}). A migration that alters a
     * table asks for an exclusive lock; while it waits behind a long transaction (a
     * {@code pg_dump}, a report, a DBA's open session), every statement on that table of the
     * instances still serving queues behind it, so without a bound their requests stalled
     * for as long as that transaction ran (each ending 503 at its statement timeout).
     */
    static final long LOCK_TIMEOUT_MILLIS = 2_000;
    /** The longest wait before a migration that could not get its lock is tried again. */
    static final long LOCK_RETRY_MAX_PAUSE_MILLIS = 60_000;
    /**
     * The wait when no long transaction is to be seen: the database user sees other users'
     * transactions only as a member of {@code pg_read_all_stats}.
     */
    static final long LOCK_RETRY_BLIND_PAUSE_MILLIS = 15_000;
    private static final long LOCK_POLL_MILLIS = 500;

    /**
     * The common migrations, plus on PostgreSQL those only it can run (META-INF/db/postgresql)
     * and on H2 those only it needs (META-INF/db/h2), both versioned between the common
     * ones, e.g. 10.1, so that a later common version never collides with them.
     *
     * @return whether the database held no Warden schema before (this call made it)
     */
    public static boolean migrate(DataSource dataSource, ClassLoader classLoader) {
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
                    .initSql(postgres ? "SET statement_timeout = 0; SET lock_timeout = " + LOCK_TIMEOUT_MILLIS : null)
                    .load();
            MigrateResult result = migrateWhenLocksAllow(flyway, dataSource);
            var current = flyway.info().current();
            LOG.info(() -> "Database schema at version " + (current == null ? "none" : current.getVersion())
                    + " (" + result.migrationsExecuted + " migrations applied now)");
            return result.initialSchemaVersion == null;
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

    /**
     * Runs the pending migrations; one that waited {@link #LOCK_TIMEOUT_MILLIS} for a lock
     * (lock_not_available, 55P03) was rolled back whole (each migration is one transaction,
     * PostgreSQL's DDL included) and is tried again once the transactions that were open
     * longer than the lock timeout at its failure have ended (checked twice a second), or
     * after {@link #LOCK_RETRY_MAX_PAUSE_MILLIS} if they have not, for as long as it takes:
     * the instances still serving go on meanwhile, held up at most the lock timeout per try,
     * and this one finishes its start when the lock is free. The log says so at once and
     * then once a minute at most, naming those sessions (never their statements); Flyway
     * logs each rolled-back try itself (SEVERE, "Changes successfully rolled back").
     */
    private static MigrateResult migrateWhenLocksAllow(Flyway flyway, DataSource dataSource) {
        long lastSaid = 0;
        long waitingSince = System.nanoTime();
        while (true) {
            try {
                return flyway.migrate();
            } catch (RuntimeException e) {
                if (sqlState(e, "55P03").isEmpty()) {
                    throw e;
                }
                List<LongTransaction> holders = longTransactions(dataSource);
                if (lastSaid == 0 || System.nanoTime() - lastSaid > TimeUnit.MINUTES.toNanos(1)) {
                    lastSaid = System.nanoTime();
                    LOG.warning(lockWait(holders, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - waitingSince)));
                }
                try {
                    awaitEnd(dataSource, holders);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String lockWait(List<LongTransaction> holders, long waitedSeconds) {
        String retry = holders.isEmpty()
                ? "no long transaction is visible to the database user (other users' show to members of "
                + "pg_read_all_stats): tried again every " + LOCK_RETRY_BLIND_PAUSE_MILLIS / 1000 + " s"
                : "tried again once these sessions' long transactions end (at least every "
                + LOCK_RETRY_MAX_PAUSE_MILLIS / 1000 + " s): "
                + String.join(", ", holders.stream().map(LongTransaction::toString).toList());
        return "A schema migration could not get its lock within " + LOCK_TIMEOUT_MILLIS + " ms and was rolled back, "
                + "so that the instances still serving are not held up behind it; " + retry + ". Waiting for "
                + waitedSeconds + " s. Said once a minute at most.";
    }

    /** A session's transaction open longer than the lock timeout: who, and since when (never its statement). */
    record LongTransaction(long pid, String user, String application, String client, long openSeconds,
                           java.sql.Timestamp since) {
        @Override
        public String toString() {
            return "pid " + pid + " (user " + user
                    + (application == null || application.isEmpty() ? "" : ", application '" + application + "'")
                    + (client == null ? "" : ", from " + client) + ", transaction open " + openSeconds + " s)";
        }
    }

    static List<LongTransaction> longTransactions(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return longTransactions(c);
        } catch (SQLException e) {
            LOG.log(Level.FINE, "Could not list the sessions in long transactions", e);
            return List.of();
        }
    }

    private static List<LongTransaction> longTransactions(Connection c) throws SQLException {
        List<LongTransaction> sessions = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pid, usename, application_name, client_addr,"
                     + " EXTRACT(EPOCH FROM now() - xact_start)::bigint, xact_start FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
                     + " AND xact_start < now() - make_interval(secs => " + LOCK_TIMEOUT_MILLIS / 1000.0 + ")"
                     + " ORDER BY xact_start LIMIT 5")) {
            while (rs.next()) {
                sessions.add(new LongTransaction(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getTimestamp(6)));
            }
        }
        return sessions;
    }

    /**
     * Until none of these transactions is open any more, or the longest pause has passed:
     * one connection looks for the whole wait (auto-commit, so each look sees the sessions
     * as they are now), not one per look.
     */
    private static void awaitEnd(DataSource dataSource, List<LongTransaction> holders) throws InterruptedException {
        if (holders.isEmpty()) {
            Thread.sleep(LOCK_RETRY_BLIND_PAUSE_MILLIS);
            return;
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOCK_RETRY_MAX_PAUSE_MILLIS);
        try (Connection c = dataSource.getConnection()) {
            do {
                Thread.sleep(LOCK_POLL_MILLIS);
            } while (System.nanoTime() < until && stillOpen(longTransactions(c), holders));
        } catch (SQLException e) {
            LOG.log(Level.FINE, "Could not look at the long transactions; trying the migration again", e);
        }
    }

    private static boolean stillOpen(List<LongTransaction> now, List<LongTransaction> holders) {
        return now.stream().anyMatch(session -> holders.stream()
                .anyMatch(then -> then.pid() == session.pid() && then.since().equals(session.since())));
    }

    /** PostgreSQL's insufficient_privilege (42501) in the failure's causes, if there. */
    static Optional<SQLException> insufficientPrivilege(Throwable failure) {
        return sqlState(failure, "42501");
    }

    /** The first SQL failure of this state among the failure's causes, if there. */
    static Optional<SQLException> sqlState(Throwable failure, String state) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 64; t = t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
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
                + role + "), or let another user migrate (warden.db.migration-user and warden.db.migration-password), "
                + "then start Warden again (README, \"Running against PostgreSQL\").";
    }
}
