package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The database going away under a running Warden, freezing under it, and Warden starting
 * without it (issue 7). A PostgreSQL of its own ({@link OutageDatabase}) and servers of
 * their own (Payara Micro; WildFly in the WildFly run), so that stopping or freezing this
 * database disturbs no other test. The acquire timeout is 2 s and the socket timeout 8 s
 * here; "bounded" below means a request answers well within a few multiples of them
 * instead of hanging (a liveness check, not a speed test).
 */
@OwnServers
class DatabaseOutageIT {

    private static final long ACQUIRE_TIMEOUT_MS = 2000;
    private static final int SOCKET_TIMEOUT_S = 8;
    private static final long BOUND_MS = 15_000;
    /** What a request may answer while the database comes and goes: never a 500. */
    private static final Set<Integer> ALLOWED = Set.of(200, 201, 204, 401, 503);

    private static Path folder;
    private static OutageDatabase database;
    /** Warden on the database "postgres", shared by the tests that stop or freeze it under a running server. */
    private static Instance running;
    private Instance server;

    @BeforeAll
    static void database() throws Exception {
        folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "outage");
        database = new OutageDatabase(folder);
        database.createDatabase("late_start");
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (running != null) {
            running.close();
        }
        database.close();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        database.thaw();
        if (!database.running()) {
            database.start();
        }
    }

    private static Instance running() throws Exception {
        if (running == null) {
            running = startWarden("postgres?socketTimeout=" + SOCKET_TIMEOUT_S);
        }
        return running;
    }

    /** A viewer signed in to the shared server, with an API key of this name, and an admin's token. */
    private record Signed(Instance server, Api api, String admin, Api.TestUser user, JsonObject tokens, String key) {
    }

    private static Signed signedIn(String keyName) throws Exception {
        Instance server = running();
        Api api = server.api();
        Api.TestUser user = api.createUser("viewer");
        JsonObject tokens = api.tokens(user.username(), user.password());
        return new Signed(server, api, api.adminToken(), user, tokens,
                api.createKey(tokens.getString("access_token"), keyName).getString("api_key"));
    }

    /** Warden on this database, in the server this run tests: Payara Micro, or WildFly in the WildFly run. */
    private static Instance startWarden(String databaseName) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("warden.db.url", "jdbc:postgresql://localhost:" + database.port() + "/" + databaseName);
        settings.put("warden.db.user", "postgres");
        settings.put("warden.db.acquire-timeout-ms", String.valueOf(ACQUIRE_TIMEOUT_MS));
        settings.put("warden.encryption.key", WardenServer.ENCRYPTION_KEY);
        settings.put("warden.password.bcrypt-cost", String.valueOf(WardenServer.BCRYPT_COST));
        settings.put("warden.password.max-queued-hashes", "500");
        settings.put("warden.bootstrap.admin.username", WardenServer.ADMIN_USERNAME);
        settings.put("warden.bootstrap.admin.email", WardenServer.ADMIN_EMAIL);
        settings.put("warden.bootstrap.admin.password", WardenServer.ADMIN_PASSWORD);
        settings.put("warden.cors.allowed-origins", WardenServer.UI_ORIGIN);
        return Instance.start("outage", folder, settings, List.of());
    }

    @Test
    void answers503WhileTheDatabaseIsDownAndRecoversWithoutARestart() throws Exception {
        Signed in = signedIn("outage key");
        Instance server = in.server();
        Api api = in.api();
        String admin = in.admin();
        Api.TestUser user = in.user();
        JsonObject tokens = in.tokens();
        String access = tokens.getString("access_token");
        String key = in.key();

        OutageLoad load = new OutageLoad(api, user, BOUND_MS);
        load.start();
        Thread.sleep(1500);
        int logBefore = server.logLines().size();

        database.stop();
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
            answers503Within(BOUND_MS, request);
        }
        api.get("/health/ready", null).ok(503);
        api.get("/health/live", null).ok(200);

        database.start();
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

        assertOneOutageLogged(server, logBefore);
        load.assertNothingHalfWritten(database);
    }

    /**
     * A database that takes no writes (a standby: the old primary after a failover while
     * the URL still names it; simulated by making every transaction read-only): what writes
     * answers 503 with Retry-After, not 500, what only reads is served, one warning is
     * logged, and once it takes writes again everything works without a restart.
     */
    @Test
    void aReadOnlyDatabaseAnswers503ToWritesAndServesReads() throws Exception {
        Signed in = signedIn("read-only key");
        Api api = in.api();
        int logBefore = in.server().logLines().size();
        database.readOnly(true);
        try {
            Thread.sleep(500); // the reload reaches every session
            Api.Reply login = api.login(in.user().username(), in.user().password());
            login.problem(503, "service_unavailable");
            assertEquals(String.valueOf(5), login.header("Retry-After"));
            api.post("/api/v1/auth/refresh", Json.createObjectBuilder()
                    .add("refresh_token", in.tokens().getString("refresh_token")).build(), null)
                    .problem(503, "service_unavailable");
            api.post("/api/v1/users", Json.createObjectBuilder().add("username", "while-read-only")
                    .add("email", "while-read-only@warden.test").add("password", "ReadOnly#Pass-2026")
                    .add("role", "viewer").build(), in.admin()).problem(503, "service_unavailable");
            api.login(in.user().username(), "Wrong#Password-1").problem(503, "service_unavailable");
            api.get("/api/v1/auth/me", in.tokens().getString("access_token")).ok(200);
            api.get("/api/v1/users?page=1&size=5", in.admin()).ok(200);
            // its first use would write last_used, which waits: the read is served
            api.withKey("GET", "/api/v1/auth/me", null, in.key()).ok(200);
            List<String> logged = in.server().logLines().subList(logBefore, in.server().logLines().size());
            assertEquals(1, logged.stream().filter(line -> line.contains("The database refuses writes: it is read-only"))
                    .count(), () -> String.join("\n", logged));
            assertTrue(logged.stream().noneMatch(line -> line.contains("Database unavailable")), "no outage begins");
        } finally {
            database.readOnly(false);
        }
        Thread.sleep(500);
        JsonObject again = api.tokens(in.user().username(), in.user().password());
        api.post("/api/v1/auth/refresh", Json.createObjectBuilder()
                .add("refresh_token", again.getString("refresh_token")).build(), null).ok(200);
        assertEquals(0L, database.query("postgres", "select count(*) from users where username = 'while-read-only'"));
    }

    /**
     * A DBA's {@code idle_session_timeout} (PostgreSQL 14+; some set it to reclaim the
     * connections of idle clients) ended every pooled connection that waited longer than it
     * between two requests, with a FATAL (57P05) that the driver reads only at the
     * connection's next use; Payara's pool then now and then failed to hand out a connection
     * after a quiet spell (a 503, "Database unavailable" logged). Warden's pool ends its own
     * idle connections, so its connections switch that timeout off: after every quiet spell
     * longer than it, every request answers as it would have, the database ended none of
     * Warden's connections (while it does end another client's), and nothing is logged as
     * an outage or an error.
     */
    @Test
    void anIdleSessionTimeoutOfTheDatabaseCostsNoRequest() throws Exception {
        Signed in = signedIn("idle key");
        Api api = in.api();
        String admin = in.admin();
        JsonObject tokens = in.tokens();
        int logBefore = in.server().logLines().size();
        long endedBefore = endedSessions();
        database.setting("idle_session_timeout", "1s");
        try {
            try (Connection other = database.connect("postgres"); Statement s = other.createStatement()) {
                Thread.sleep(1500);
                SQLException ended = assertThrows(SQLException.class, () -> s.execute("select 1"));
                assertEquals("57P05", ended.getSQLState(), "the database ends another client's idle session");
            }
            for (int quiet = 0; quiet < 2; quiet++) {
                // several requests at once take several pooled connections, which then idle
                // past the timeout; a pool that hands out its most recent connection first
                // keeps only the one that Warden's own background work uses alive
                assertEquals(List.of(200), Parallel.run(12, () -> api.get("/api/v1/users?page=1&size=5", admin).status())
                        .stream().distinct().toList());
                Thread.sleep(2500);
                assertEquals(List.of(200), Parallel.run(12, () -> api.get("/api/v1/users?page=1&size=5", admin).status())
                        .stream().distinct().toList());
                tokens = api.tokens(in.user().username(), in.user().password());
                Thread.sleep(2500);
                api.post("/api/v1/auth/refresh", Json.createObjectBuilder()
                        .add("refresh_token", tokens.getString("refresh_token")).build(), null).ok(200);
                Thread.sleep(2500);
                api.withKey("GET", "/api/v1/auth/me", null, in.key()).ok(200);
                api.login(in.user().username(), "Wrong#Password-1").problem(401, "invalid_credentials");
            }
            // Warden's pool ends its own idle connections; the database's timeout ended them
            // under the pool, which Payara's pool then failed to hand out now and then (503)
            assertEquals(1, endedSessions() - endedBefore,
                    "the database ended the other client's session, none of Warden's");
        } finally {
            database.setting("idle_session_timeout", null);
        }
        List<String> logged = in.server().logSince(logBefore);
        assertEquals(0, logged.stream().filter(l -> l.contains("Database unavailable") || l.startsWith("\tat ")
                || l.contains("SEVERE") || l.contains(" ERROR ")).count(), () -> String.join("\n", logged));
    }

    /**
     * A database that stops answering without closing anything (SIGSTOP: a frozen server, a
     * stalled disk, a partition that drops packets). Every pooled connection is then dead
     * without knowing it, and its validation waits for the socket timeout. The pool drops all
     * of them at the first failed validation (fail-all-connections), so the first request
     * waits about one socket timeout, not one per pooled connection (with fail-all off,
     * measured 2026-12-04: 47 s for a pool of 20 and a 5 s timeout), and the next ones get
     * their 503 within the acquire timeout. What needs no database keeps answering; when the
     * database moves again, requests succeed without a restart.
     */
    @Test
    void aFrozenDatabaseCostsOneSocketTimeoutNotOnePerPooledConnection() throws Exception {
        Instance server = running();
        Api api = server.api();
        String admin = api.adminToken();
        Api.TestUser user = api.createUser("viewer");
        JsonObject tokens = api.tokens(user.username(), user.password());
        String access = tokens.getString("access_token");
        long pooled = fillThePool(api, admin);
        assertTrue(pooled >= 8, "the pool holds " + pooled + " connections before the freeze");
        int logBefore = server.logLines().size();

        database.freeze();
        // about one socket timeout, not one per pooled connection
        answers503Within(3L * SOCKET_TIMEOUT_S * 1000, () -> api.get("/api/v1/auth/me", access));
        for (Supplier<Api.Reply> request : List.<Supplier<Api.Reply>>of(
                () -> api.get("/api/v1/auth/me", access),
                () -> api.login(user.username(), user.password()),
                () -> api.post("/api/v1/auth/refresh", Json.createObjectBuilder()
                        .add("refresh_token", tokens.getString("refresh_token")).build(), null),
                () -> api.get("/api/v1/users?page=1&size=5", admin))) {
            answers503Within(BOUND_MS, request);
        }
        api.get("/.well-known/jwks.json", null).ok(200);
        api.get("/health/live", null).ok(200);
        api.get("/health/ready", null).ok(503);

        database.thaw();
        afterRecovery(() -> api.get("/api/v1/auth/me", access));
        JsonObject again = afterRecovery(() -> api.login(user.username(), user.password())).json();
        afterRecovery(() -> api.post("/api/v1/auth/refresh", Json.createObjectBuilder()
                .add("refresh_token", again.getString("refresh_token")).build(), null));
        awaitReady(api);
        assertOneOutageLogged(server, logBefore);
    }

    /**
     * Readiness asks the database on a connection of its own, not the pool's, at most every
     * two seconds however often it is called; an instance that serves nothing finds the
     * database gone from readiness alone (logged once, as any outage) and ready again when
     * it is back. A dry pool, which readiness ignores, is SaturatedPoolIT's.
     */
    @Test
    void readinessAsksTheDatabaseAtMostEveryTwoSecondsAndFindsAnOutageAlone() throws Exception {
        Instance server = running();
        Api api = server.api();
        awaitReady(api);
        long sessionsBefore = sessionsOpened();
        long started = System.nanoTime();
        for (int i = 0; i < 60; i++) {
            Api.Reply ready = api.get("/health/ready", null).ok(200);
            assertEquals("UP", ready.json().getString("status"));
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        long opened = sessionsOpened() - sessionsBefore;
        // one per two seconds at most, one more for the question already due, one for sessionsOpened itself
        assertTrue(opened <= 2 + tookMs / 2000, "60 readiness calls in " + tookMs + " ms opened " + opened
                + " database connections");

        int logBefore = server.logLines().size();
        database.stop();
        long deadline = System.nanoTime() + BOUND_MS * 1_000_000;
        Api.Reply ready;
        while ((ready = api.get("/health/ready", null)).status() == 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        ready.ok(503);
        assertEquals("DOWN", ready.json().getString("status"));
        JsonObject check = ready.json().getJsonArray("checks").getJsonObject(0);
        assertEquals("database", check.getString("name"));
        assertTrue(check.getJsonObject("data").getString("unavailable_since").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"),
                check.toString());
        api.get("/health/live", null).ok(200);
        database.start();
        awaitReady(api);
        assertOneOutageLogged(server, logBefore);
    }

    /** How many sessions the database "postgres" has had since its statistics began (PostgreSQL 14+). */
    private static long sessionsOpened() throws Exception {
        return database.query("postgres", "select sessions from pg_stat_database where datname = 'postgres'");
    }

    /** Twelve list requests at once, a few times over: the pool grows to hold that many; answers how many it holds. */
    private static long fillThePool(Api api, String admin) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            for (int round = 0; round < 4; round++) {
                List<Future<Api.Reply>> replies = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    replies.add(clients.submit(() -> api.get("/api/v1/users?page=1&size=100", admin)));
                }
                for (Future<Api.Reply> reply : replies) {
                    reply.get().ok(200);
                }
            }
        } finally {
            clients.shutdown();
        }
        return database.query("postgres", "select count(*) from pg_stat_activity"
                + " where datname = 'postgres' and backend_type = 'client backend' and pid <> pg_backend_pid()");
    }

    /**
     * How many sessions of Warden's database ended with a FATAL error since PostgreSQL
     * started (an idle-session timeout is one).
     */
    private static long endedSessions() throws SQLException {
        return database.query("postgres", "select sessions_fatal from pg_stat_database where datname = 'postgres'");
    }

    /** The outage since this log line: one WARNING when it began, one line when it ended, no stack trace or error. */
    private static void assertOneOutageLogged(Instance server, int logBefore) throws InterruptedException {
        server.awaitLog("Database reachable again", logBefore);
        List<String> outageLog = server.logSince(logBefore);
        assertEquals(1, outageLog.stream().filter(l -> l.contains("Database unavailable")).count(),
                () -> "one warning per outage:\n" + String.join("\n", outageLog));
        assertTrue(outageLog.stream().filter(l -> l.contains("Database unavailable")).allMatch(l -> l.contains("WARNING")));
        assertEquals(1, outageLog.stream().filter(l -> l.contains("Database reachable again")).count());
        assertEquals(0, outageLog.stream().filter(l -> l.contains("Rate limits cannot be counted")).count(),
                () -> "a limited request is answered 503 by its failed count, not let through to wait again:\n"
                        + String.join("\n", outageLog));
        assertEquals(0, outageLog.stream().filter(l -> l.startsWith("\tat ") || l.contains("SEVERE") || l.contains(" ERROR ")).count(),
                () -> "no stack traces or errors per request:\n" + String.join("\n", outageLog));
    }

    @Test
    void startsWithoutItsDatabaseAndFinishesStartUpWhenItAppears() throws Exception {
        database.stop();
        server = startWarden("late_start");
        Api api = server.api();
        api.login(WardenServer.ADMIN_USERNAME, WardenServer.ADMIN_PASSWORD).problem(503, "service_unavailable");
        api.get("/api/v1/auth/me", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln").problem(503, "service_unavailable");
        api.get("/.well-known/jwks.json", null).problem(503, "service_unavailable");
        // a browser UI on another origin reads the 503 and its Retry-After (README, "Browser clients on other origins")
        Api.Reply fromUi = api.send("GET", "/api/v1/auth/me", null, null, Map.of("Origin", WardenServer.UI_ORIGIN))
                .problem(503, "service_unavailable");
        assertEquals(WardenServer.UI_ORIGIN, fromUi.header("Access-Control-Allow-Origin"));
        assertTrue(fromUi.header("Access-Control-Expose-Headers").contains("Retry-After"), fromUi.headers().toString());
        assertTrue(fromUi.header("Retry-After") != null, fromUi.headers().toString());
        api.get("/health/ready", null).ok(503);
        api.get("/health/live", null).ok(200);

        database.start();
        awaitReady(api);
        // Migrations ran on the empty database, the signing key (and its standby) and the first admin exist.
        String admin = api.adminToken();
        api.get("/api/v1/auth/me", admin).ok(200);
        assertEquals(2, api.get("/.well-known/jwks.json", null).ok(200).json().getJsonArray("keys").size());
        assertEquals(1L, database.query("late_start", "select count(*) from signing_keys where activated_at is not null"));
        assertEquals(1L, database.query("late_start", "select count(*) from users where role = 'admin'"));
        assertTrue(server.logText().contains("Start-up finished now that the database is available"));
    }

    /** The request answers a 503 problem with Retry-After, and does so within this many milliseconds instead of hanging. */
    private static void answers503Within(long boundMs, Supplier<Api.Reply> request) {
        long started = System.nanoTime();
        Api.Reply reply = request.get();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        reply.problem(503, "service_unavailable");
        assertTrue(reply.header("Retry-After").matches("[1-9][0-9]*"), "Retry-After in seconds");
        assertTrue(tookMs < boundMs, "answered in " + tookMs + " ms, not hanging (bound " + boundMs + " ms)");
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
}
