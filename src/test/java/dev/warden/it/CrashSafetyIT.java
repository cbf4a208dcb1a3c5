package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, point 5: Warden killed with SIGKILL in the middle of a stream of writes (user
 * creations, role changes, logins and refreshes, API keys created and deleted), then
 * started again on the same database. Every change answered 2xx is there; a change that
 * got no answer is either wholly there (with its audit event) or not at all; the
 * invariants hold (one live refresh token per session, an audit event for every user and
 * key); and the restarted server serves the survivors.
 */
@OwnServers
class CrashSafetyIT {

    private static final String DATABASE = "crash_safety";

    /** What the clients were told, and what they sent without an answer. */
    private final Set<String> createdUsers = ConcurrentHashMap.newKeySet();
    private final Set<String> unansweredUsernames = ConcurrentHashMap.newKeySet();
    private final Set<String> createdKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> deletedKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> unansweredKeyDeletes = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> answeredRole = new AtomicReference<>("viewer");
    private final AtomicReference<String> roleInFlight = new AtomicReference<>();
    private final AtomicReference<String> answeredRefresh = new AtomicReference<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The server this run tests (Payara Micro, or WildFly in the WildFly run) on the test's database. */
    private Instance start(Path folder) throws Exception {
        return Instance.start("crash", folder, WardenServer.serverSettings(DATABASE), List.of());
    }

    @Test
    void everyAnsweredChangeSurvivesASigkillAndNothingIsHalfWritten() throws Exception {
        WardenServer.freshDatabase(DATABASE);
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "crash");
        String refreshUserId;
        String roleUserId;
        try (Instance server = start(folder)) {
            Api api = server.api();
            String admin = api.adminToken();
            Api.TestUser refresher = api.createUser("viewer");
            refreshUserId = refresher.id();
            roleUserId = api.createUser("viewer").id();
            answeredRefresh.set(api.tokens(refresher.username(), refresher.password()).getString("refresh_token"));

            AtomicBoolean dead = new AtomicBoolean();
            CountDownLatch warm = new CountDownLatch(4);
            List<Thread> clients = new ArrayList<>();
            clients.add(client(dead, warm, () -> createUser(api, admin)));
            clients.add(client(dead, warm, () -> changeRole(api, admin, roleUserId)));
            clients.add(client(dead, warm, () -> refresh(api)));
            clients.add(client(dead, warm, () -> createAndDeleteKey(api, admin)));
            clients.forEach(Thread::start);
            warm.await();
            Thread.sleep(1500); // writes in full flow
            server.signal("KILL");
            for (Thread client : clients) {
                client.join(30_000);
            }
            assertTrue(dead.get(), "the clients saw the server die");
            assertEquals(List.of(), failures, "every answer before the kill was right");
        }
        assertTrue(answered.get() > 20, "a stream of writes was answered before the kill: " + answered.get());
        assertTrue(!createdUsers.isEmpty() && !createdKeys.isEmpty(), "users and keys were created");

        try (Instance server = start(folder)) {
            Api api = server.api();
            String admin = api.adminToken();
            // every user whose creation was answered is there, with its audit event, and can log in
            for (String id : createdUsers) {
                JsonObject user = api.get("/api/v1/users/" + id, admin).ok(200).json();
                assertEquals(1L, count("select count(*) from audit_events where type = 'user_created' "
                        + "and target_user_id = '" + id + "'"), "the audit event of user " + id);
                assertNotNull(user.getString("username"));
            }
            // a creation without an answer: wholly there (row and event) or not at all
            for (String username : unansweredUsernames) {
                long rows = count("select count(*) from users where username = '" + username + "'");
                long events = count("select count(*) from audit_events e join users u on u.id = e.target_user_id "
                        + "where e.type = 'user_created' and u.username = '" + username + "'");
                assertEquals(rows, events, "user " + username + " is either whole or absent");
            }
            // keys: created and not deleted are there; deleted are gone
            for (String keyId : createdKeys) {
                long rows = count("select count(*) from api_keys where id = '" + keyId + "'");
                if (deletedKeys.contains(keyId)) {
                    assertEquals(0L, rows, "deleted key " + keyId);
                } else if (!unansweredKeyDeletes.contains(keyId)) {
                    assertEquals(1L, rows, "created key " + keyId);
                }
            }
            // the role is the last one answered, or the one a request without an answer was setting
            String role = api.get("/api/v1/users/" + roleUserId, admin).ok(200).json().getString("role");
            assertTrue(role.equals(answeredRole.get()) || role.equals(roleInFlight.get()),
                    "role " + role + ", answered " + answeredRole.get() + ", in flight " + roleInFlight.get());
            // the last refresh token answered still works, unless an unanswered refresh used it: then
            // exactly one successor of it is live
            String last = answeredRefresh.get();
            Object usedAt = query("select used_at from refresh_tokens where token_hash = '" + sha256(last) + "'");
            if (usedAt == null) {
                api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", last).build(), null)
                        .ok(200);
            } else {
                assertEquals(1L, count("select count(*) from refresh_tokens t join sessions s on s.id = t.session_id "
                        + "where s.user_id = '" + refreshUserId + "' and t.used_at is null and t.revoked_at is null "
                        + "and s.revoked_at is null"), "one live successor of the last answered refresh token");
            }
            // invariants over everything written
            assertEquals(0L, count("select count(*) from (select session_id from refresh_tokens where used_at is null "
                    + "and revoked_at is null group by session_id having count(*) > 1) t"), "one live token a session");
            assertEquals(0L, count("select count(*) from users u where u.username <> '" + WardenServer.ADMIN_USERNAME
                    + "' and not exists (select 1 from audit_events e where e.type = 'user_created' "
                    + "and e.target_user_id = u.id)"), "every user has its creation event");
            assertEquals(0L, count("select count(*) from api_keys k where not exists (select 1 from audit_events e "
                    + "where e.type = 'api_key_created' and e.details like '%' || k.id::text || '%')"),
                    "every key has its creation event");
            api.get("/health/ready", null).ok(200);
        }
    }

    /** A client thread: runs its step until the server stops answering. */
    private Thread client(AtomicBoolean dead, CountDownLatch warm, Runnable step) {
        return new Thread(() -> {
            boolean first = true;
            while (true) {
                try {
                    step.run();
                } catch (IllegalStateException | AssertionError stopped) {
                    if (stopped instanceof IllegalStateException) {
                        dead.set(true); // no answer: the server is gone
                    } else {
                        failures.add(stopped.getMessage()); // an answer, but a wrong one
                    }
                    if (first) {
                        warm.countDown();
                    }
                    return;
                }
                if (first) {
                    warm.countDown();
                    first = false;
                }
            }
        });
    }

    private void createUser(Api api, String admin) {
        String name = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        unansweredUsernames.add(name);
        Api.Reply reply = api.post("/api/v1/users", Json.createObjectBuilder().add("username", name)
                .add("email", name + "@example.org").add("password", "Str0ng!" + UUID.randomUUID().toString().substring(0, 8) + "xY").add("role", "viewer")
                .build(), admin);
        assertEquals(201, reply.status(), reply.text());
        createdUsers.add(reply.json().getString("id"));
        unansweredUsernames.remove(name);
        answered.incrementAndGet();
    }

    private void changeRole(Api api, String admin, String userId) {
        String next = "viewer".equals(answeredRole.get()) ? "analyst" : "viewer";
        roleInFlight.set(next);
        api.patch("/api/v1/users/" + userId, Json.createObjectBuilder().add("role", next).build(), admin).ok(200);
        answeredRole.set(next);
        roleInFlight.set(null);
        answered.incrementAndGet();
    }

    private void refresh(Api api) {
        JsonObject tokens = api.post("/api/v1/auth/refresh", Json.createObjectBuilder()
                .add("refresh_token", answeredRefresh.get()).build(), null).ok(200).json();
        answeredRefresh.set(tokens.getString("refresh_token"));
        answered.incrementAndGet();
    }

    private void createAndDeleteKey(Api api, String admin) {
        String id = api.createKey(admin, "crash").getString("id");
        createdKeys.add(id);
        answered.incrementAndGet();
        unansweredKeyDeletes.add(id);
        api.delete("/api/v1/users/me/api-keys/" + id, admin).ok(204);
        unansweredKeyDeletes.remove(id);
        deletedKeys.add(id);
        answered.incrementAndGet();
    }

    private static long count(String sql) throws Exception {
        return ((Number) query(sql)).longValue();
    }

    private static Object query(String sql) throws Exception {
        try (Connection crash = java.sql.DriverManager.getConnection(
                WardenServer.jdbcUrl().replaceFirst("/postgres$", "/" + DATABASE), "postgres", "");
             Statement s = crash.createStatement(); var rows = s.executeQuery(sql)) {
            return rows.next() ? rows.getObject(1) : null;
        }
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
