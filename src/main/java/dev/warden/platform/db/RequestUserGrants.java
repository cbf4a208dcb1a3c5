package dev.warden.platform.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the migrations' user ({@code warden.db.migration-user}, {@link Database#forMigrations()})
 * lets the user of the requests do with the tables it owns.
 */
public final class RequestUserGrants {

    private RequestUserGrants() {
    }

    /**
     * Gives the user of the requests the use of every table the migrations' user owns, and no
     * more: read and write rows (never create, alter, drop or truncate; never the migrations'
     * own history; never rewrite or delete an audit event, nor the retention that bounds the
     * purge). Run at every start, after the migrations, so that a table a new version adds is
     * granted too. PostgreSQL only (H2 is embedded, one user). Two instances starting at once
     * would update the same catalog rows ("tuple concurrently updated"): a lock of the
     * transaction makes them take turns.
     */
    public static void grantUse(DataSource owner, String user) {
        try (Connection c = owner.getConnection()) {
            if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
                return;
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL statement_timeout = 0");
                s.execute("SET LOCAL lock_timeout = 0"); // another instance's grants take milliseconds
                s.execute("SELECT pg_advisory_xact_lock(" + GRANT_LOCK + ")");
                String schema;
                try (ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                    rs.next();
                    schema = identifier(rs.getString(1));
                }
                String grantee = identifier(user);
                s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + grantee);
                s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + grantee);
                s.execute("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE " + schema + ".flyway_schema_history FROM "
                        + grantee);
                // an event is written once and never changed; only the retention purge deletes,
                // through a function of the owner that keeps what is younger than the retention
                // the owner recorded (META-INF/db/postgresql/V13_2)
                s.execute("REVOKE UPDATE, DELETE ON TABLE " + schema + ".audit_events FROM " + grantee);
                s.execute("REVOKE INSERT, UPDATE, DELETE ON TABLE " + schema + ".audit_retention FROM " + grantee);
                s.execute("GRANT EXECUTE ON FUNCTION " + schema
                        + ".warden_purge_audit_events(TIMESTAMP WITH TIME ZONE, INTEGER) TO " + grantee);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if ("42704".equals(e.getSQLState())) { // undefined_object: no such role
                throw new IllegalStateException("Warden does not start: warden.db.user '" + user + "' is not a user of "
                        + "the database, so the tables cannot be granted to it (README, \"Running against PostgreSQL\").");
            }
            throw new IllegalStateException("Could not grant Warden's tables to warden.db.user '" + user + "'", e);
        }
    }

    private static final long GRANT_LOCK = 0x5741524445L; // "WARDE"

    /** A name as a PostgreSQL identifier, quoted: the exact name, whatever characters it holds. */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
