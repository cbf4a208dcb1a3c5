package dev.warden.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The database going away under a running Warden, and Warden starting without it
 * (issue 7). A PostgreSQL and a server of their own (Payara Micro; WildFly in the
 * WildFly run), so that stopping this database (pg_ctl stop -m fast, as an operator or a
 * failover would) disturbs no other test. The acquire timeout is 2 s here; "bounded" below means a request answers well
 * within a few multiples of it instead of hanging (a liveness check, not a speed test).
 */
class DatabaseOutageIT {

    private static final long ACQUIRE_TIMEOUT_MS = 2000;
    private static final long BOUND_MS = 15_000;
    /** What a request may answer while the database comes and goes: never a 500. */
    private static final Set<Integer> ALLOWED = Set.of(200, 201, 204, 401, 503);

    private static Path folder;
    private static int pgPort;
    private static EmbeddedPostgres postgres;
    private Instance server;

    @BeforeAll
    static void database() throws Exception {
        folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "outage");
        pgPort = WardenProcess.freePort();
        startDatabase();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database late_start");
        }
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (postgres == null) {
            startDatabase();
        }
    }

    /** Starts (or restarts) the same cluster on the same port, keeping its data. */
    private static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(new File(System.getProperty("java.io.tmpdir"), "pg"))
                .setDataDirectory(folder.resolve("pgdata"))
                .setCleanDataDirectory(false)
                .setPort(pgPort)
                .start();
    }

    private static void killDatabase() throws IOException {
        postgres.close(); // pg_ctl stop -m fast: open connections are cut, new ones refused
        postgres = null;
    }

    /** Warden on this database, in the server this run tests: Payara Micro, or WildFly in the WildFly run. */
    private Instance startWarden(String database) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("warden.db.url", "jdbc:postgresql://localhost:" + pgPort + "/" + database);
        settings.put("warden.db.user", "postgres");
        settings.put("warden.db.acquire-timeout-ms", String.valueOf(ACQUIRE_TIMEOUT_MS));
        settings.put("warden.encryption.key", WardenServer.ENCRYPTION_KEY);
        settings.put("warden.password.bcrypt-cost", String.valueOf(WardenServer.BCRYPT_COST));
        settings.put("warden.password.max-queued-hashes", "500");
        settings.put("warden.bootstrap.admin.username", WardenServer.ADMIN_USERNAME);
        settings.put("warden.bootstrap.admin.email", WardenServer.ADMIN_EMAIL);
        settings.put("warden.bootstrap.admin.password", WardenServer.ADMIN_PASSWORD);
        return Instance.start("outage", folder, settings, List.of());
    }

    @Test
    void answers503WhileTheDatabaseIsDownAndRecoversWithoutARestart() throws Exception {
        server = startWarden("postgres");
        Api api = server.api();
        String admin = api.adminToken();
        Api.TestUser user = api.createUser("viewer");
        JsonObject tokens = api.tokens(user.username(), user.password());
        String access = tokens.getString("access_token");
        String key = api.createKey(access, "outage key").getString("api_key");

        OutageLoad load = new OutageLoad(api, user, BOUND_MS);
        load.start();
        Thread.sleep(1500);
        int logBefore = server.logLines().size();

        killDatabase();
        load.await503();
        for (Supplier<Api.Reply> request : List.<Supplier<Api.Reply>>of(
                () -> api.get("/api/v1/auth/me", access),
                () -> api.withKey("GET", "/api/v1/auth/me", null, key),
                () -> api.login(user.username(), user.password()),
                () -> api.post("/api/v1/auth/refresh", Json.createObjectBuilder()
                        .add("refresh_token", tokens.getString("refresh_token")).build(), null),
                () -> api.get("/api/v1/users?page=1&size=5", admin),
                () -> api.post("/api/v1/users", Json.createObjectBuilder().add("username", "during-outage")
                        .add("email", "during-outage@warden.test").add("password", "Outage#Pass-2026")
                        .add("role", "viewer").build(), admin))) {
            long started = System.nanoTime();
            Api.Reply reply = request.get();
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            reply.problem(503, "service_unavailable");
            assertTrue(reply.header("Retry-After").matches("[1-9][0-9]*"), "Retry-After in seconds");
            assertTrue(tookMs < BOUND_MS, "answered in " + tookMs + " ms, not hanging");
        }
        api.get("/health/ready", null).ok(503);
        api.get("/health/live", null).ok(200);

        startDatabase();
        // The first requests after the database is back succeed without a restart: the pool
        // validates connections before handing them out and drops the dead ones. One that
        // races the pool's clean-up may still get a 503 (README, "When the database goes
        // away"), which a client retries after Retry-After; the next try must succeed.
        afterRecovery(() -> api.get("/api/v1/auth/me", access));
        afterRecovery(() -> api.withKey("GET", "/api/v1/auth/me", null, key));
        JsonObject again = afterRecovery(() -> api.login(user.username(), user.password())).json();
        afterRecovery(() -> api.post("/api/v1/auth/refresh", Json.createObjectBuilder()
                .add("refresh_token", again.getString("refresh_token")).build(), null));
        afterRecovery(() -> api.get("/api/v1/users?page=1&size=5", admin));
        awaitReady(api);

        load.stop();
        assertTrue(load.statuses.keySet().stream().allMatch(ALLOWED::contains),
                () -> "answers during the outage: " + load.statuses + "\n" + server.logText());
        assertTrue(load.statuses.containsKey(503), "the load saw the outage");
        assertTrue(load.statuses.containsKey(200), "the load saw the service");

        server.awaitLog("Database reachable again", logBefore);
        List<String> outageLog = server.logSince(logBefore);
        assertEquals(1, outageLog.stream().filter(l -> l.contains("Database unavailable")).count(),
                () -> "one warning per outage:\n" + String.join("\n", outageLog));
        assertTrue(outageLog.stream().filter(l -> l.contains("Database unavailable")).allMatch(l -> l.contains("WARNING")));
        assertEquals(1, outageLog.stream().filter(l -> l.contains("Database reachable again")).count());
        assertEquals(0, outageLog.stream().filter(l -> l.startsWith("\tat ") || l.contains("SEVERE") || l.contains(" ERROR ")).count(),
                () -> "no stack traces or errors per request:\n" + String.join("\n", outageLog));

        assertNothingHalfWritten();
    }

    @Test
    void startsWithoutItsDatabaseAndFinishesStartUpWhenItAppears() throws Exception {
        killDatabase();
        server = startWarden("late_start");
        Api api = server.api();
        api.login(WardenServer.ADMIN_USERNAME, WardenServer.ADMIN_PASSWORD).problem(503, "service_unavailable");
        api.get("/api/v1/auth/me", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln").problem(503, "service_unavailable");
        api.get("/.well-known/jwks.json", null).problem(503, "service_unavailable");
        api.get("/health/ready", null).ok(503);
        api.get("/health/live", null).ok(200);

        startDatabase();
        awaitReady(api);
        // Migrations ran on the empty database, the signing key (and its standby) and the first admin exist.
        String admin = api.adminToken();
        api.get("/api/v1/auth/me", admin).ok(200);
        assertEquals(2, api.get("/.well-known/jwks.json", null).ok(200).json().getJsonArray("keys").size());
        assertEquals(1L, query("late_start", "select count(*) from signing_keys where activated_at is not null"));
        assertEquals(1L, query("late_start", "select count(*) from users where role = 'admin'"));
        assertTrue(server.logText().contains("Start-up finished now that the database is available"));
    }

    /**
     * A request right after the database came back: 200, or a 503 with Retry-After that the
     * next try (a second later, as a client would) turns into a 200. Anything else fails.
     */
    private static Api.Reply afterRecovery(Supplier<Api.Reply> request) throws InterruptedException {
        Api.Reply reply = request.get();
        if (reply.status() == 503) {
            reply.problem(503, "service_unavailable");
            assertTrue(reply.header("Retry-After").matches("[1-9][0-9]*"), "Retry-After in seconds");
            Thread.sleep(1000);
            reply = request.get();
        }
        return reply.ok(200);
    }

    private static void awaitReady(Api api) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (api.get("/health/ready", null).status() != 200) {
            if (System.currentTimeMillis() > deadline) {
                fail("not ready again within a minute");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Every change the load made either happened whole or not at all: each session has
     * its refresh token, each retired refresh token of a live session has a successor,
     * each user has a password hash and its first history entry.
     */
    private static void assertNothingHalfWritten() throws SQLException {
        assertEquals(0L, query("postgres", """
                select count(*) from sessions s
                where not exists (select 1 from refresh_tokens t where t.session_id = s.id)"""));
        assertEquals(0L, query("postgres", """
                select count(*) from refresh_tokens t join sessions s on s.id = t.session_id
                where t.used_at is not null and s.revoked_at is null
                  and not exists (select 1 from refresh_tokens n
                                  where n.session_id = t.session_id and n.created_at >= t.used_at and n.id <> t.id)"""));
        assertEquals(0L, query("postgres", "select count(*) from users where password_hash is null or password_hash = ''"));
        assertEquals(0L, query("postgres", """
                select count(*) from users u
                where not exists (select 1 from password_history h where h.user_id = u.id)"""));
        assertTrue(query("postgres", "select count(*) from users where username like 'load-%'") > 0,
                "the load created users");
    }

    private static long query(String database, String sql) throws SQLException {
        try (Connection c = postgres.getDatabase("postgres", database).getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
