package dev.warden.it;

import dev.warden.LogCapture;
import dev.warden.passwords.control.PasswordHasher;
import dev.warden.platform.control.SecretTokens;
import dev.warden.platform.db.Migrations;
import dev.warden.platform.db.WardenDataSource;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An install of the first schema upgrades in place. A database at schema version 1 (the WAR's
 * own migrations, stopped there) holding what a Warden of then held (users with their bcrypt
 * hashes, a password history, an open session with its refresh token, a locked name) is
 * brought to the current version by the start of today's Warden: every later migration runs
 * over data, as on an operator's database. Afterwards the schema is exactly a new install's,
 * and the data works: the users log in, the session refreshes, the lock holds, search finds
 * the old users, and the history still refuses an old password. Every migration added later
 * runs over this data too.
 */
@OwnServers
class UpgradeIT {

    private static final String DATABASE = "upgrade_from_v1";
    private static final String REFERENCE = "upgrade_reference";
    private static final String PASSWORD = "Old#Install-Pass1";
    private static final String OLD_PASSWORD = "Older#Install-Pass0";

    @Test
    void aDatabaseOfTheFirstSchemaUpgradesInPlaceAndKeepsItsUsersSessionsAndLocks() throws Exception {
        try (Connection c = WardenServer.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + DATABASE);
            s.execute("create database " + REFERENCE);
        }
        String url = WardenServer.jdbcUrl().replace("/postgres", "/" + DATABASE);
        // a new install's schema, made as Warden's start makes it
        String reference = WardenServer.jdbcUrl().replace("/postgres", "/" + REFERENCE);
        PGSimpleDataSource fresh = new PGSimpleDataSource();
        fresh.setUrl(reference);
        fresh.setUser("postgres");
        Migrations.migrate(fresh, getClass().getClassLoader());
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:META-INF/db/migration")
                .target("1").load().migrate();
        String refreshToken = SecretTokens.random();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String admin = "oldadmin" + suffix;
        String viewer = "oldviewer" + suffix;
        String locked = "oldlocked" + suffix;
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            PasswordHasher hasher = new PasswordHasher(WardenServer.BCRYPT_COST);
            user(c, admin, "admin", hasher.hash(PASSWORD));
            UUID viewerId = user(c, viewer, "viewer", hasher.hash(PASSWORD));
            user(c, locked, "viewer", hasher.hash(PASSWORD));
            Instant now = Instant.now();
            insert(c, "insert into password_history (id, user_id, password_hash, created_at) values (?, ?, ?, ?)",
                    UUID.randomUUID(), viewerId, hasher.hash(OLD_PASSWORD), ts(now.minus(Duration.ofDays(40))));
            UUID session = UUID.randomUUID();
            insert(c, "insert into sessions (id, user_id, created_at, last_used_at, expires_at, ip_address, user_agent) "
                    + "values (?, ?, ?, ?, ?, '127.0.0.1', 'old-client')", session, viewerId,
                    ts(now.minus(Duration.ofHours(1))), ts(now.minus(Duration.ofHours(1))), ts(now.plus(Duration.ofDays(6))));
            insert(c, "insert into refresh_tokens (id, session_id, token_hash, created_at, expires_at) values (?, ?, ?, ?, ?)",
                    UUID.randomUUID(), session, SecretTokens.sha256(refreshToken), ts(now.minus(Duration.ofHours(1))),
                    ts(now.plus(Duration.ofDays(6))));
            insert(c, "insert into login_failures (login_key, failed_attempts, locked_until, last_failure_at) values (?, 5, ?, ?)",
                    locked, ts(now.plus(Duration.ofHours(1))), ts(now));
        }

        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "upgrade");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("warden.db.url", url);
        settings.put("warden.db.user", "postgres");
        settings.put("warden.encryption.key", WardenServer.ENCRYPTION_KEY);
        settings.put("warden.password.bcrypt-cost", String.valueOf(WardenServer.BCRYPT_COST));
        try (WardenProcess server = WardenProcess.start(folder, WardenProcess.freePort(), settings, Map.of())) {
            Api api = server.api();
            String version = currentVersion(reference);
            assertEquals(version, currentVersion(url), "upgraded to the version of a new install");
            assertTrue(server.logText().contains("Database schema at version " + version), server.logText());
            List<String> expected = schema(reference);
            assertTrue(expected.stream().anyMatch(line -> line.startsWith("warden_search_grams(")),
                    "the reference has PostgreSQL's own migrations too: " + expected);
            assertEquals(expected, schema(url), "the upgraded schema is a new install's");

            // the session of before refreshes, and its user is who they were
            JsonObject refreshed = api.post("/api/v1/auth/refresh",
                    Json.createObjectBuilder().add("refresh_token", refreshToken).build(), null).ok(200).json();
            assertNotEquals(refreshToken, refreshed.getString("refresh_token"));
            JsonObject me = api.get("/api/v1/auth/me", refreshed.getString("access_token")).ok(200).json().getJsonObject("user");
            assertEquals(viewer, me.getString("username"));
            assertEquals("viewer", me.getString("role"));

            // the passwords of before, the lock of before
            String viewerToken = api.accessToken(viewer, PASSWORD);
            api.login(locked, PASSWORD).problem(403, "account_locked");
            String adminToken = api.accessToken(admin, PASSWORD);

            // search finds users that were there before its indexes
            JsonObject found = api.get("/api/v1/users?search=" + viewer.substring(3), adminToken).ok(200).json();
            assertEquals(1, found.getJsonArray("items").size(), found.toString());
            assertEquals(viewer, found.getJsonArray("items").getJsonObject(0).getString("username"));

            // the history of before still refuses an old password
            JsonObject reused = api.post("/api/v1/users/me/change-password", Json.createObjectBuilder()
                    .add("current_password", PASSWORD).add("new_password", OLD_PASSWORD).build(), viewerToken)
                    .problem(400, "weak_password").json();
            assertEquals("must differ from your recent passwords",
                    reused.getJsonArray("errors").getJsonObject(0).getString("message"));
        }
    }

    private static UUID user(Connection c, String name, String role, String hash) throws Exception {
        UUID id = UUID.randomUUID();
        Timestamp created = ts(Instant.now().minus(Duration.ofDays(30)));
        insert(c, "insert into users (id, username, username_key, email, email_key, password_hash, role, is_active, "
                        + "email_verified, totp_enabled, created_at, updated_at, version) values (?, ?, ?, ?, ?, ?, ?, true, true, false, ?, ?, 0)",
                id, name, name, name + "@example.org", name + "@example.org", hash, role, created, created);
        return id;
    }

    /**
     * A statement timeout the DBA set for the database (here 1 ms, as a stand-in for the
     * 30 s that cancels a long migration on a big database) does not cancel the migrations:
     * they run without one. Before, Flyway's first statement was cancelled, and start-up,
     * which takes a cancelled statement for a database that does not answer, tried again
     * every few seconds for ever.
     */
    @Test
    void migrationsRunWhateverStatementTimeoutTheDatabaseSets() throws Exception {
        String database = "dba_timeout";
        try (Connection c = WardenServer.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + database);
            s.execute("alter database " + database + " set statement_timeout = '1ms'");
        }
        String url = WardenServer.jdbcUrl().replace("/postgres", "/" + database);
        Migrations.migrate(WardenDataSource.create(url, "postgres", ""), getClass().getClassLoader());
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("set statement_timeout = 0");
            try (var rs = s.executeQuery("select version from flyway_schema_history where success "
                    + "order by installed_rank desc limit 1")) {
                rs.next();
                assertEquals("14", rs.getString(1), "every migration ran");
            }
        }
    }

    /**
     * An upgrade while a long transaction reads a table that a pending migration alters (a
     * nightly {@code pg_dump}, a report, a DBA's open session). The migration's ALTER TABLE
     * asks for an exclusive lock and waits; every statement of the instances still serving
     * on that table then queued behind it, for as long as the long transaction ran, and
     * their requests ended 503 at Warden's 5 s statement timeout. Now the migration waits
     * at most {@link Migrations}' lock timeout, is rolled back and tried again once the long
     * transactions it found have ended: a serving instance's statements on the table keep
     * succeeding under their 5 s timeout, the log names the long transaction once, and when
     * it ends the migration completes.
     */
    @Test
    void aMigrationWaitingForALockDoesNotHoldUpTheInstancesStillServing() throws Exception {
        String database = "upgrade_behind_dump";
        try (Connection c = WardenServer.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        String url = WardenServer.jdbcUrl().replace("/postgres", "/" + database);
        Flyway.configure().dataSource(url, "postgres", "")
                .locations("classpath:META-INF/db/migration", "classpath:META-INF/db/postgresql")
                .target("12.3").load().migrate(); // the next one, V13, alters audit_events
        LogCapture log = LogCapture.of(Migrations.class.getName());
        ExecutorService upgrade = Executors.newSingleThreadExecutor();
        Properties dump = new Properties();
        dump.setProperty("user", "postgres");
        dump.setProperty("ApplicationName", "nightly-dump");
        try (Connection holder = DriverManager.getConnection(url, dump);
             Connection serving = DriverManager.getConnection(url, "postgres", "");
             Statement read = holder.createStatement(); Statement use = serving.createStatement()) {
            holder.setAutoCommit(false);
            read.executeQuery("select count(*) from audit_events").close(); // ACCESS SHARE until commit, as pg_dump holds
            var migrated = upgrade.submit(() -> {
                Migrations.migrate(WardenDataSource.create(url, "postgres", ""),
                        getClass().getClassLoader());
                return null;
            });
            // as Warden's pooled connections run: lock waits bounded by the statement timeout alone
            use.execute("set statement_timeout = " + WardenDataSource.DEFAULT_STATEMENT_TIMEOUT_MILLIS);
            use.execute("set lock_timeout = 0");
            // longer than the statement timeout: a statement queued behind the migration would be cancelled
            long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            int served = 0;
            while (System.nanoTime() < until) {
                // a serving instance writes its events and reads them: never cancelled by its timeout
                use.executeUpdate("insert into audit_events (id, type, outcome, details, created_at) values ('"
                        + UUID.randomUUID() + "', 'login_failed', 'failure', '{}', now())");
                use.executeQuery("select count(*) from audit_events").close();
                served++;
                Thread.sleep(200);
            }
            assertTrue(served > 5, "served " + served);
            assertTrue(!migrated.isDone(), "the migration waits while the long transaction holds its table");
            assertEquals("12.3", currentVersion(url));
            assertTrue(log.lines().stream().anyMatch(w -> w.startsWith("WARNING") && w.contains("could not get its lock")
                    && w.contains("application 'nightly-dump'")), log.lines().toString());
            holder.commit(); // the dump ends
            migrated.get(30, TimeUnit.SECONDS); // checked twice a second, not a minute later
        } finally {
            upgrade.shutdownNow();
            log.close();
        }
        List<String> warnings = log.lines();
        assertEquals("14", currentVersion(url));
        assertEquals(1, warnings.stream().filter(w -> w.contains("could not get its lock")).count(),
                () -> "said once a minute at most: " + warnings);
    }

    private static void insert(Connection c, String sql, Object... values) throws Exception {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            assertEquals(1, statement.executeUpdate());
        }
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static String currentVersion(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select version from flyway_schema_history where success "
                     + "order by installed_rank desc limit 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Tables, columns, indexes, constraints, functions and persistence of the public schema, one line each. */
    private static List<String> schema(String url) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            for (String query : List.of(
                    "select table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '')"
                            + " || ' ' || is_nullable || ' ' || coalesce(column_default, '') from information_schema.columns"
                            + " where table_schema = 'public'",
                    "select indexdef from pg_indexes where schemaname = 'public'",
                    "select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint"
                            + " where connamespace = 'public'::regnamespace",
                    "select proname || '(' || pg_get_function_identity_arguments(oid) || ') ' || coalesce(array_to_string(proconfig, ','), '')"
                            + " from pg_proc where pronamespace = 'public'::regnamespace",
                    "select relname || ' ' || relkind::text || ' ' || relpersistence::text from pg_class where relnamespace = 'public'::regnamespace")) {
                try (ResultSet rs = s.executeQuery(query)) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
        }
        lines.sort(null);
        return lines;
    }
}
