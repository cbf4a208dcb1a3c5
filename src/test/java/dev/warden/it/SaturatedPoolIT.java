package dev.warden.it;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, point 4, the other half: every pooled connection held by a statement that waits
 * on a row lock (here longer than the acquire timeout, so the pool really runs dry). A
 * request that needs a connection then is answered 503 problem+json with Retry-After once
 * warden.db.acquire-timeout-ms has passed, instead of queueing behind the lock; the log
 * says the pool ran dry (not that the database went away), readiness stays UP (the database
 * answers; taking the instance out of the load balancer would not help); once the lock goes,
 * the same server answers normally again.
 */
@OwnServers
class SaturatedPoolIT {

    private static final String DATABASE = "saturated_pool";
    /** Above the pool's 32 connections. */
    private static final int BLOCKED_REQUESTS = 40;

    @Test
    void aDryPoolAnswers503WithinTheAcquireTimeoutAndRecovers() throws Exception {
        WardenServer.freshDatabase(DATABASE);
        String url = WardenServer.jdbcUrl().replaceFirst("/postgres$", "/" + DATABASE);
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pool");
        Map<String, String> settings = WardenServer.serverSettings(DATABASE);
        settings.put("warden.db.acquire-timeout-ms", "1000");
        settings.put("warden.db.statement-timeout-ms", "30000");
        ExecutorService clients = Executors.newCachedThreadPool();
        try (WardenProcess server = WardenProcess.start(folder, WardenProcess.freePort(), settings, Map.of())) {
            Api api = server.api();
            String admin = api.adminToken();
            Api.TestUser locked = api.createUser("viewer");
            List<Future<Api.Reply>> blocked = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                WardenServer.lockUserRow(c, locked.id());
                // The pool grows from 2 connections on demand; on a busy machine a request can wait
                // out the 1 s acquire timeout while it grows and end early with a 503. Such requests
                // are replaced until every one of the pool's connections waits on the lock.
                Runnable topUp = () -> {
                    long inFlight = blocked.stream().filter(f -> !f.isDone()).count();
                    for (long i = inFlight; i < BLOCKED_REQUESTS; i++) {
                        String role = blocked.size() % 2 == 0 ? "analyst" : "viewer";
                        blocked.add(clients.submit(() -> api.patch("/api/v1/users/" + locked.id(),
                                Json.createObjectBuilder().add("role", role).build(), admin)));
                    }
                };
                awaitWaiting(url, 32, topUp);
                long started = System.nanoTime();
                Api.Reply dry = api.get("/api/v1/users?page_size=1", admin);
                long waitedMillis = (System.nanoTime() - started) / 1_000_000;
                dry.problem(503, "service_unavailable");
                assertTrue(dry.header("Retry-After") != null, "a 503 says when to retry");
                assertTrue(waitedMillis < 25_000, "answered long before the lock or the statement timeout ended: "
                        + waitedMillis + " ms");
                // the log says what happened: the pool ran dry; the database did not go away
                assertTrue(server.logText().contains("No free database connection within warden.db.acquire-timeout-ms"),
                        server.logText());
                assertFalse(server.logText().contains("Database unavailable"), "no outage declared for a dry pool");
                // a dry pool is load, not a broken instance: readiness asks the database on a connection of its own
                Api.Reply ready = api.get("/health/ready", null).ok(200);
                assertEquals("UP", ready.json().getString("status"));
                api.get("/api/v1/users?page_size=1", admin).problem(503, "service_unavailable");
                c.rollback();
            }
            int answered = 0;
            for (Future<Api.Reply> request : blocked) {
                int status = request.get(60, TimeUnit.SECONDS).status();
                // done, refused as a concurrent edit of the same user (optimistic lock), or 503
                assertTrue(status == 200 || status == 409 || status == 503, "a blocked request ends: " + status);
                answered++;
            }
            assertEquals(blocked.size(), answered);
            api.get("/api/v1/users?page_size=1", admin).ok(200);
            api.get("/api/v1/users/" + locked.id(), admin).ok(200);
        } finally {
            clients.shutdownNow();
        }
    }

    /** Until this many sessions of the database wait on a lock: the pool's connections are all held. */
    private static void awaitWaiting(String url, int count, Runnable topUp) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement waiting = c.prepareStatement(
                     "select count(*) from pg_stat_activity where datname = ? and wait_event_type = 'Lock'")) {
            waiting.setString(1, DATABASE);
            int seen = 0;
            while (System.nanoTime() < deadline) {
                topUp.run();
                try (var rows = waiting.executeQuery()) {
                    rows.next();
                    seen = rows.getInt(1);
                    if (seen >= count) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the pool's connections never all waited on the lock: " + seen + " of " + count);
        }
    }
}
