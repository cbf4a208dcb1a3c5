package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Settings that are not valid stop the deployment before anything touches the database,
 * every one of them named with its value and what it must be (README, Settings). Until
 * 2026-12-07 each of these started Warden: Payara Micro injected the default for a value it
 * could not convert, and the others were used (already-expired access tokens, every
 * request answered 500, every login through a proxy answered 500, no password could be set).
 * Runs on Payara Micro and, in the WildFly run, on WildFly.
 */
@OwnServers
class SettingsCheckIT {

    @Test
    void settingsThatAreNotValidStopTheDeploymentNamingEachBeforeTheDatabaseIsTouched() throws Exception {
        String database = "bad_settings_" + (WardenServer.onWildFly() ? "wildfly" : "payara");
        try (Connection c = WardenServer.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        Map<String, String> settings = on(database, "postgres");
        settings.put("warden.jwt.algorithm", "HS256");
        settings.put("warden.jwt.access-token-ttl", "PT0S");
        settings.put("warden.trusted-proxies", "10.0.0.0/abc");
        settings.put("warden.password.min-length", "200");
        List<String> expected = new java.util.ArrayList<>(List.of(
                "warden.jwt.algorithm is 'HS256': must be RS256 or ES256",
                "warden.jwt.access-token-ttl is 'PT0S': must be an ISO-8601 duration longer than zero, such as PT15M, PT12H or P7D",
                "warden.trusted-proxies is '10.0.0.0/abc': '10.0.0.0/abc' is not an IP address or a CIDR range",
                "warden.password.min-length (200) is above warden.password.max-length (128): no password could be set"));
        if (!WardenServer.onWildFly()) {
            // a value Payara's MicroProfile Config cannot convert: it injected the default
            // (WildFly's refuses it itself, in its own words, before Warden's check runs)
            settings.put("warden.lockout.duration", "30m");
            expected.add(3, "warden.lockout.duration is '30m': must be an ISO-8601 duration of zero or more");
        }
        String log = failingStartLog("settings", settings);
        String heading = "Warden does not start: " + expected.size() + " settings are not valid (README, Settings):";
        assertTrue(log.contains(heading), log);
        String listed = log.substring(log.indexOf(heading));
        int at = 0;
        for (String problem : expected) {
            int found = listed.indexOf("\n  " + problem, at);
            assertTrue(found > 0, "listed in order: " + problem + "\n" + log);
            at = found;
        }
        assertFalse(log.contains("Signing access tokens with"), "no signing key was made or opened");
        assertEquals(0L, tablesIn(settings.get("warden.db.url")), "no migration ran: the check comes first");
    }

    /**
     * A database user that may not create tables (PostgreSQL 15 and later: any user but the
     * database's owner, unless granted) stops the deployment with one message naming the
     * user, the database and both fixes; Payara logged Flyway's script failure instead.
     */
    @Test
    void aDatabaseUserThatMayNotCreateTablesStopsTheDeploymentNamingTheFix() throws Exception {
        String suffix = WardenServer.onWildFly() ? "wildfly" : "payara";
        String database = "not_owned_" + suffix;
        String user = "warden_app_" + suffix;
        try (Connection c = WardenServer.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + database);
            s.execute("create role " + user + " login");
        }
        Map<String, String> settings = on(database, user);
        String log = failingStartLog("not-owned", settings);
        String expected = "Warden does not start: the database user '" + user + "' may not create Warden's tables in "
                + "schema public of database '" + database + "' (PostgreSQL: ERROR: permission denied for schema public). "
                + "Since PostgreSQL 15 only the database's owner may create in schema public. Make the user the owner "
                + "(ALTER DATABASE \"" + database + "\" OWNER TO \"" + user + "\") or grant it the right (GRANT CREATE ON "
                + "SCHEMA public TO \"" + user + "\")";
        assertTrue(log.contains(expected), log);
        assertFalse(log.contains("FlywaySqlScriptException"), "one message, not Flyway's script failure");
    }

    /**
     * A PostgreSQL database that does not store text as UTF-8 stops the deployment before any
     * migration, naming the encoding and how to create one that does: on a LATIN1 database an
     * API key named in Cyrillic, a report named in Japanese answered 500.
     */
    @Test
    void aDatabaseThatIsNotUtf8StopsTheDeploymentBeforeAnyMigration() throws Exception {
        String database = "latin1_" + (WardenServer.onWildFly() ? "wildfly" : "payara");
        try (Connection c = WardenServer.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + database + " encoding 'LATIN1' lc_collate 'C' lc_ctype 'C' template template0");
        }
        Map<String, String> settings = on(database, "postgres");
        String log = failingStartLog("latin1", settings);
        assertTrue(log.contains("Warden does not start: database '" + database + "' stores text as LATIN1, not UTF8"), log);
        assertTrue(log.contains("CREATE DATABASE warden OWNER warden ENCODING 'UTF8' TEMPLATE template0"), log);
        assertEquals(0L, tablesIn(settings.get("warden.db.url")), "no migration ran");
    }

    /**
     * Least privilege: the user of the requests may read and write Warden's rows and nothing
     * else, while another user (the database's owner, {@code warden.db.migration-user})
     * migrates. Warden starts, grants the request user the tables' use, and serves every kind
     * of request (logins, refresh, user search with its functions, API keys, the audit
     * trail); the request user may not drop, alter, truncate or create a table, nor write
     * the migrations' history, nor rewrite or delete an audit event, nor lower the retention
     * the purge keeps. The retention purge still runs (as the request user, through the
     * owner's function), and that function deletes nothing younger than the retention
     * whatever it is asked, and only for the users Warden granted it to. Before, the request
     * user had to own the schema: a query run as Warden could drop the audit trail. The
     * server's start and stop log no error.
     */
    @Test
    void aRequestUserThatMayOnlyUseTheRowsServesWhileAnotherUserMigrates() throws Exception {
        String suffix = WardenServer.onWildFly() ? "wildfly" : "payara";
        String database = "least_privilege_" + suffix;
        String owner = "warden_owner_" + suffix;
        String user = "warden_requests_" + suffix;
        try (Connection c = WardenServer.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("create role " + owner + " login");
            s.execute("create role " + user + " login");
            s.execute("create database " + database + " owner " + owner);
        }
        Map<String, String> settings = on(database, user);
        settings.put("warden.db.migration-user", owner);
        settings.put("warden.password.bcrypt-cost", String.valueOf(WardenServer.BCRYPT_COST));
        settings.put("warden.bootstrap.admin.username", WardenServer.ADMIN_USERNAME);
        settings.put("warden.bootstrap.admin.email", WardenServer.ADMIN_EMAIL);
        settings.put("warden.bootstrap.admin.password", WardenServer.ADMIN_PASSWORD);
        settings.put("warden.audit.purge-interval", "PT1S");
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "least-privilege");
        Instance server = Instance.start("least-privilege", folder, settings, List.of());
        try {
            Api api = server.api();
            String admin = api.adminToken();
            Api.TestUser viewer = api.createUser("viewer");
            JsonObject tokens = api.tokens(viewer.username(), viewer.password());
            api.post("/api/v1/auth/refresh", Json.createObjectBuilder()
                    .add("refresh_token", tokens.getString("refresh_token")).build(), null).ok(200);
            api.login(viewer.username(), "Wrong#Password-1").problem(401, "invalid_credentials");
            JsonArray found = api.get("/api/v1/users?search=" + viewer.username().substring(2, 9), admin).ok(200)
                    .json().getJsonArray("items");
            assertEquals(viewer.id(), found.getJsonObject(0).getString("id"));
            String key = api.createKey(tokens.getString("access_token"), "least privilege").getString("api_key");
            assertEquals(viewer.username(), api.withKey("GET", "/api/v1/auth/me", null, key).ok(200).json()
                    .getJsonObject("user").getString("username"));
            assertEquals(1, api.get("/api/v1/audit-events?type=login&outcome=failure&user_id=" + viewer.id(), admin)
                    .ok(200).json().getJsonArray("items").size(), "the failed login's event");
            // the retention purge still runs, as the request user, through the owner's function
            String url = settings.get("warden.db.url");
            insertEvents(url, "192.0.2.91", 91, 3);
            insertEvents(url, "192.0.2.89", 89, 2);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && eventsFrom(url, "192.0.2.91") > 0) {
                Thread.sleep(200);
            }
            assertEquals(0L, eventsFrom(url, "192.0.2.91"), "the events past warden.audit.retention (P90D) purged");
            assertEquals(2L, eventsFrom(url, "192.0.2.89"), "the younger ones kept");
        } finally {
            server.close();
        }
        // a start and a stop log no error (WildFly logged one when a task of its scheduler
        // came due while it suspended for the shutdown, as Warden's did every second)
        assertEquals(List.of(), server.logLines().stream().filter(l -> l.contains(" ERROR ") || l.contains("SEVERE"))
                .toList());
        String url = settings.get("warden.db.url");
        try (Connection c = java.sql.DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            for (String change : List.of("drop table audit_events", "alter table users add column extra int",
                    "truncate sessions", "create table extra (id int)", "delete from flyway_schema_history",
                    "update audit_events set outcome = 'success'", "delete from audit_events",
                    "update audit_retention set retention = interval '1 second'", "delete from audit_retention")) {
                java.sql.SQLException refused = assertThrows(java.sql.SQLException.class, () -> s.execute(change), change);
                assertEquals("42501", refused.getSQLState(), change + ": " + refused.getMessage());
            }
            // the purge's function, called by hand, deletes nothing younger than the retention
            // the owner recorded, whatever cutoff it is given
            insertEvents(url, "192.0.2.92", 92, 4);
            long before = eventsFrom(url, null);
            try (var rs = s.executeQuery("select warden_purge_audit_events(now() + interval '1 day', 100000)")) {
                rs.next();
                assertEquals(4, rs.getInt(1), "only the four events older than 90 days");
            }
            assertEquals(before - 4, eventsFrom(url, null));
            assertTrue(before - 4 > 5, "the server's own events stay: " + before);
        }
        // nor may a role Warden did not grant it to run it
        try (Connection c = WardenServer.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("create role warden_other_" + suffix + " login");
        }
        try (Connection c = java.sql.DriverManager.getConnection(url, "warden_other_" + suffix, "");
             Statement s = c.createStatement()) {
            java.sql.SQLException refused = assertThrows(java.sql.SQLException.class,
                    () -> s.execute("select warden_purge_audit_events(now(), 1)"));
            assertEquals("42501", refused.getSQLState(), refused.getMessage());
        }
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             var rs = s.executeQuery("select count(*) from pg_tables where schemaname = 'public' and tableowner <> '"
                     + owner + "'")) {
            rs.next();
            assertEquals(0L, rs.getLong(1), "every table belongs to the migrations' user");
        }
        assertTrue(tablesIn(url) > 10, "migrated");
    }

    /** Writes {@code count} login failures from {@code address}, {@code daysAgo} days old, as the superuser. */
    private static void insertEvents(String url, String address, int daysAgo, int count) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
             java.sql.PreparedStatement s = c.prepareStatement("insert into audit_events (id, type, outcome, ip_address, "
                     + "details, created_at) select gen_random_uuid(), 'login', 'failure', ?, '{}', "
                     + "now() - make_interval(days => ?) from generate_series(1, ?)")) {
            s.setString(1, address);
            s.setInt(2, daysAgo);
            s.setInt(3, count);
            s.executeUpdate();
        }
    }

    /** How many events the database holds from this address (every event, for null). */
    private static long eventsFrom(String url, String address) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
             java.sql.PreparedStatement s = c.prepareStatement("select count(*) from audit_events"
                     + (address == null ? "" : " where ip_address = ?"))) {
            if (address != null) {
                s.setString(1, address);
            }
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The settings of a Warden on this database of the shared PostgreSQL, as this user. */
    private static Map<String, String> on(String database, String user) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("warden.db.url", WardenServer.jdbcUrl().replace("/postgres", "/" + database));
        settings.put("warden.db.user", user);
        settings.put("warden.encryption.key", WardenServer.ENCRYPTION_KEY);
        return settings;
    }

    /** How many tables the database's schema public holds. */
    private static long tablesIn(String url) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement();
             var rs = s.executeQuery("select count(*) from information_schema.tables where table_schema = 'public'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Starts a server that must fail to deploy Warden; answers its log. */
    private static String failingStartLog(String name, Map<String, String> settings) throws Exception {
        if (WardenServer.onWildFly()) {
            WildFlyProcess server = WildFlyProcess.startFailing(name, settings);
            try {
                assertNotWarden(server.api());
                return server.logText();
            } finally {
                server.close();
            }
        }
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), name);
        try (WardenProcess server = WardenProcess.startFailing(folder, WardenProcess.freePort(), settings, Map.of())) {
            assertNotWarden(server.api());
            return server.logText();
        }
    }

    /** What answers is the server's own page, not Warden's API (which answers 401 or 503). */
    private static void assertNotWarden(Api api) throws Exception {
        int status = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(api.base() + "/api/v1/auth/me")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        assertTrue(status != 401 && status != 503 && status != 200, "Warden is not deployed: " + status);
    }
}
