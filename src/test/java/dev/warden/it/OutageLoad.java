package dev.warden.it;

import jakarta.json.Json;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logins, refreshes and user creations running all the while, recording every status.
 * A refresh token whose answer was lost is simply replaced by a new login.
 */
final class OutageLoad {
    private final Api api;
    private final Api.TestUser user;
    private final long boundMs;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService threads = Executors.newFixedThreadPool(3);
    final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

    OutageLoad(Api api, Api.TestUser user, long boundMs) {
        this.api = api;
        this.user = user;
        this.boundMs = boundMs;
    }

    void start() {
        String admin = api.adminToken();
        threads.submit(() -> loop(() -> api.login(user.username(), user.password())));
        threads.submit(() -> {
            String[] refresh = {null};
            return loop(() -> {
                Api.Reply reply = refresh[0] == null ? api.login(user.username(), user.password())
                        : api.post("/api/v1/auth/refresh", Json.createObjectBuilder()
                        .add("refresh_token", refresh[0]).build(), null);
                refresh[0] = reply.status() == 200 ? reply.json().getString("refresh_token") : null;
                return reply;
            });
        });
        threads.submit(() -> loop(() -> {
            String name = "load-" + UUID.randomUUID().toString().substring(0, 8);
            return api.post("/api/v1/users", Json.createObjectBuilder().add("username", name)
                    .add("email", name + "@warden.test").add("password", "Load#Pass-2026x")
                    .add("role", "viewer").build(), admin);
        }));
    }

    private Void loop(Supplier<Api.Reply> request) {
        try {
            while (running.get()) {
                record(request.get());
            }
        } catch (Throwable e) {
            failures.add(e);
        }
        return null;
    }

    private void record(Api.Reply reply) {
        statuses.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
    }

    void await503() throws InterruptedException {
        long deadline = System.currentTimeMillis() + boundMs;
        while (!statuses.containsKey(503) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertNotNull(statuses.get(503), "the load noticed the outage");
    }

    void stop() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        assertTrue(threads.awaitTermination(60, TimeUnit.SECONDS));
        assertTrue(failures.isEmpty(), failures::toString);
    }

    /**
     * Every change the load made either happened whole or not at all: each session has
     * its refresh token, each retired refresh token of a live session has a successor,
     * each user has a password hash and its first history entry.
     */
    void assertNothingHalfWritten(OutageDatabase database) throws SQLException {
        assertEquals(0L, database.query("postgres", """
                select count(*) from sessions s
                where not exists (select 1 from refresh_tokens t where t.session_id = s.id)"""));
        assertEquals(0L, database.query("postgres", """
                select count(*) from refresh_tokens t join sessions s on s.id = t.session_id
                where t.used_at is not null and s.revoked_at is null
                  and not exists (select 1 from refresh_tokens n
                                  where n.session_id = t.session_id and n.created_at >= t.used_at and n.id <> t.id)"""));
        assertEquals(0L, database.query("postgres", "select count(*) from users where password_hash is null or password_hash = ''"));
        assertEquals(0L, database.query("postgres", """
                select count(*) from users u
                where not exists (select 1 from password_history h where h.user_id = u.id)"""));
        assertTrue(database.query("postgres", "select count(*) from users where username like 'load-%'") > 0,
                "the load created users");
    }
}
