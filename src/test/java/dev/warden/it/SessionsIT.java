package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC 5.2 and 5.3: a user's sessions, seen and ended by the user and by admins. */
class SessionsIT extends WardenIT {

    private static final String MINE = "/api/v1/users/me/sessions";

    private JsonObject loginAs(Api.TestUser user, String agent) {
        return api.send("POST", "/api/v1/auth/login", "application/json", Json.createObjectBuilder()
                        .add("username", user.username()).add("password", user.password()).build().toString(),
                Map.of("User-Agent", agent)).ok(200).json();
    }

    private static List<JsonObject> items(Api.Reply reply) {
        return reply.json().getJsonArray("items").stream().map(JsonValue::asJsonObject).toList();
    }

    @Test
    void aUserSeesTheirActiveSessionsWithTheCurrentOneMarked() {
        Api.TestUser user = api.createUser("viewer");
        JsonObject laptop = loginAs(user, "Laptop/1.0");
        JsonObject phone = loginAs(user, "Phone/2.0");
        Api.Reply reply = api.get(MINE, laptop.getString("access_token")).ok(200);
        List<JsonObject> sessions = items(reply);
        assertEquals(2, reply.json().getInt("total"));
        assertEquals(2, sessions.size());
        JsonObject current = sessions.stream().filter(s -> s.getBoolean("current")).findFirst().orElseThrow();
        assertEquals("Laptop/1.0", current.getString("user_agent"));
        assertEquals(1, sessions.stream().filter(s -> s.getBoolean("current")).count());
        for (JsonObject s : sessions) {
            for (String member : List.of("id", "created_at", "last_used_at", "expires_at", "ip_address", "user_agent")) {
                assertFalse(s.isNull(member), member + " in " + s);
            }
            assertTrue(s.getString("created_at").endsWith("Z"));
        }
        assertTrue(sessions.stream().anyMatch(s -> s.getString("user_agent").equals("Phone/2.0")));

        api.post("/api/v1/auth/logout", null, phone.getString("access_token")).ok(204);
        assertEquals(1, api.get(MINE, laptop.getString("access_token")).ok(200).json().getInt("total"),
                "ended sessions are not listed");
    }

    /**
     * What a rotation writes: the session's last use (when, from which client), the
     * presented token spent, and one successor that ends with the session when the
     * session ends before a refresh token's lifetime is out.
     */
    @Test
    void aRefreshRecordsTheSessionsLastUseAndItsSuccessorEndsWithTheSession() {
        Api.TestUser user = api.createUser("viewer");
        JsonObject tokens = loginAs(user, "Laptop/1.0");
        String sessionId = items(api.get(MINE, tokens.getString("access_token")).ok(200)).get(0).getString("id");
        WardenServer.update("update sessions set expires_at = now() + interval '1 hour' where id = ?::uuid", sessionId);

        JsonObject refreshed = api.send("POST", "/api/v1/auth/refresh", "application/json",
                Json.createObjectBuilder().add("refresh_token", tokens.getString("refresh_token")).build().toString(),
                Map.of("User-Agent", "Laptop/2.0")).ok(200).json();
        int expiresIn = refreshed.getInt("refresh_expires_in");
        assertTrue(expiresIn > 3500 && expiresIn <= 3600, "the session's end, not a week: " + expiresIn);

        assertEquals(2L, WardenServer.queryValue("select count(*) from refresh_tokens where session_id = ?::uuid",
                sessionId), "the presented token and its one successor");
        assertEquals(Boolean.TRUE, WardenServer.queryValue("""
                select t.expires_at = s.expires_at and t.created_at = s.last_used_at
                from refresh_tokens t join sessions s on s.id = t.session_id
                where s.id = ?::uuid and t.used_at is null and t.revoked_at is null""", sessionId),
                "the successor ends with the session and was made at its last use");
        assertEquals(Boolean.TRUE, WardenServer.queryValue("""
                select t.used_at = s.last_used_at and s.last_used_at > s.created_at
                from refresh_tokens t join sessions s on s.id = t.session_id
                where s.id = ?::uuid and t.used_at is not null""", sessionId),
                "the presented token was spent at the session's last use, after its login");
        JsonObject listed = items(api.get(MINE, refreshed.getString("access_token")).ok(200)).get(0);
        assertEquals(sessionId, listed.getString("id"));
        assertTrue(listed.getBoolean("current"), "the new access token belongs to the same session");
        assertEquals("Laptop/2.0", listed.getString("user_agent"), "the client of the last use");
    }

    @Test
    void endingOneOfMySessionsKillsItsTokensAtOnceAndKeepsTheOthers() {
        Api.TestUser user = api.createUser("analyst");
        JsonObject mine = loginAs(user, "Laptop/1.0");
        JsonObject stolen = loginAs(user, "Unknown/6.6");
        String token = mine.getString("access_token");
        String stolenId = items(api.get(MINE, token).ok(200)).stream()
                .filter(s -> !s.getBoolean("current")).findFirst().orElseThrow().getString("id");

        api.delete(MINE + "/" + stolenId, token).ok(204);
        api.get("/api/v1/auth/me", stolen.getString("access_token")).problem(401, "unauthorized");
        api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token",
                stolen.getString("refresh_token")).build(), null).problem(401, "refresh_token_invalid");
        api.get("/api/v1/auth/me", token).ok(200);
        api.delete(MINE + "/" + stolenId, token).problem(404, "not_found");
        assertEquals("revoked_by_user", WardenServer.queryValue(
                "select revoke_reason from sessions where id = ?::uuid", stolenId));
    }

    @Test
    void anotherUsersSessionCannotBeEnded() {
        Api.TestUser victim = api.createUser("viewer");
        Api.TestUser attacker = api.createUser("admin");
        String victimToken = loginAs(victim, "V").getString("access_token");
        String victimSession = items(api.get(MINE, victimToken).ok(200)).get(0).getString("id");
        String attackerToken = api.accessToken(attacker.username(), attacker.password());

        api.delete(MINE + "/" + victimSession, attackerToken).problem(404, "not_found");
        api.delete(MINE + "/" + UUID.randomUUID(), attackerToken).problem(404, "not_found");
        api.delete(MINE + "/nonsense", attackerToken).problem(404, "not_found");
        api.get("/api/v1/auth/me", victimToken).ok(200);
    }

    @Test
    void withAnApiKeyNoSessionIsCurrent() {
        Api.TestUser user = api.createUser("viewer");
        String token = loginAs(user, "L").getString("access_token");
        String key = api.createKey(token, "k").getString("api_key");
        List<JsonObject> sessions = items(api.withKey("GET", MINE, null, key).ok(200));
        assertEquals(1, sessions.size());
        assertFalse(sessions.get(0).getBoolean("current"));
        api.withKey("POST", "/api/v1/auth/logout", null, key).problem(403, "session_required");
    }

    @Test
    void adminsListAndEndAllSessionsOfAUser() {
        Api.TestUser user = api.createUser("viewer");
        JsonObject one = loginAs(user, "One");
        JsonObject two = loginAs(user, "Two");
        String admin = api.adminToken();
        String path = "/api/v1/users/" + user.id() + "/sessions";

        Api.Reply listed = api.get(path, admin).ok(200);
        assertEquals(2, listed.json().getInt("total"));
        assertTrue(items(listed).stream().noneMatch(s -> s.getBoolean("current")));

        api.delete(path, admin).ok(204);
        api.get("/api/v1/auth/me", one.getString("access_token")).problem(401, "unauthorized");
        api.get("/api/v1/auth/me", two.getString("access_token")).problem(401, "unauthorized");
        assertEquals(0, api.get(path, admin).ok(200).json().getInt("total"));
        api.get("/api/v1/auth/me", admin).ok(200);
        api.get("/api/v1/users/" + UUID.randomUUID() + "/sessions", admin).problem(404, "not_found");
        api.delete("/api/v1/users/" + UUID.randomUUID() + "/sessions", admin).problem(404, "not_found");
    }

    @Test
    void sessionListsArePaginated() {
        Api.TestUser user = api.createUser("viewer");
        String token = null;
        for (int i = 0; i < 3; i++) {
            token = loginAs(user, "Agent-" + i).getString("access_token");
        }
        JsonObject page = api.get(MINE + "?page=2&size=2", token).ok(200).json();
        assertEquals(3, page.getInt("total"));
        assertEquals(2, page.getInt("page"));
        assertEquals(1, page.getJsonArray("items").size());
        api.get(MINE + "?size=0", token).problem(400, "validation_failed");
    }

    private Api.Reply refresh(String token) {
        return api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", token).build(), null);
    }

    private static long count(String sql, Object... params) {
        return (Long) WardenServer.queryValue(sql, params);
    }

    private static final String HASH = "encode(sha256(?::bytea), 'hex')";

    /**
     * Every refresh adds a token and every login a session; the purge (every 3 s in the
     * tests) deletes the sessions that ended, and the tokens that expired, more than
     * warden.session.retention (7 days) ago, and nothing else: a used token inside the
     * retention is still reuse, a live session keeps working, the audit trail keeps its
     * history.
     */
    @Test
    void theRetentionPurgeDeletesWhatEndedBeforeTheRetentionAndNothingElse() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String revokedLongAgo = AuthIT.sessionOf(loginAs(user, "A/1").getString("access_token"));
        String expiredLongAgo = AuthIT.sessionOf(loginAs(user, "B/1").getString("access_token"));
        JsonObject recent = loginAs(user, "C/1");
        JsonObject recentNext = refresh(recent.getString("refresh_token")).ok(200).json();
        api.post("/api/v1/auth/logout", null, recentNext.getString("access_token")).ok(204);
        JsonObject live = loginAs(user, "D/1");
        JsonObject liveSecond = refresh(live.getString("refresh_token")).ok(200).json();
        JsonObject liveThird = refresh(liveSecond.getString("refresh_token")).ok(200).json();

        // time passes (set in the database rather than waiting 8 days)
        WardenServer.update("update sessions set revoked_at = now() - interval '8 days', revoke_reason = 'logout' "
                + "where id = ?::uuid", revokedLongAgo);
        WardenServer.update("update refresh_tokens set revoked_at = now() - interval '8 days' where session_id = ?::uuid",
                revokedLongAgo);
        WardenServer.update("update sessions set created_at = now() - interval '38 days', "
                + "expires_at = now() - interval '8 days' where id = ?::uuid", expiredLongAgo);
        WardenServer.update("update refresh_tokens set expires_at = now() - interval '8 days' where session_id = ?::uuid",
                expiredLongAgo);
        String recentSession = AuthIT.sessionOf(recent.getString("access_token"));
        WardenServer.update("update sessions set revoked_at = now() - interval '6 days' where id = ?::uuid", recentSession);
        WardenServer.update("update refresh_tokens set revoked_at = now() - interval '6 days' where session_id = ?::uuid",
                recentSession);
        WardenServer.update("update refresh_tokens set expires_at = now() - interval '8 days' where token_hash = " + HASH,
                live.getString("refresh_token"));

        String gone = "select count(*) from sessions where id in (?::uuid, ?::uuid)";
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && (count(gone, revokedLongAgo, expiredLongAgo) > 0
                || count("select count(*) from refresh_tokens where token_hash = " + HASH, live.getString("refresh_token")) > 0)) {
            Thread.sleep(250);
        }
        assertEquals(0L, count(gone, revokedLongAgo, expiredLongAgo), "sessions ended 8 days ago are deleted");
        assertEquals(0L, count("select count(*) from refresh_tokens where session_id in (?::uuid, ?::uuid)",
                revokedLongAgo, expiredLongAgo), "with their tokens");
        assertEquals(0L, count("select count(*) from refresh_tokens where token_hash = " + HASH,
                live.getString("refresh_token")), "a token that expired 8 days ago is deleted");

        // what ended 6 days ago is kept: its used token is still reuse
        assertEquals(2L, count("select count(*) from refresh_tokens where session_id = ?::uuid", recentSession));
        refresh(recent.getString("refresh_token")).problem(401, "refresh_token_reused");
        // the live session lost only its expired token: its current one still works, and a used
        // one of the last days is still reuse (checked last: that ends the session)
        refresh(live.getString("refresh_token")).problem(401, "refresh_token_invalid");
        JsonObject liveFourth = refresh(liveThird.getString("refresh_token")).ok(200).json();
        api.get("/api/v1/auth/me", liveFourth.getString("access_token")).ok(200);
        assertEquals(1, api.get(MINE, liveFourth.getString("access_token")).ok(200).json().getInt("total"));
        refresh(liveSecond.getString("refresh_token")).problem(401, "refresh_token_reused");
        api.get("/api/v1/auth/me", liveFourth.getString("access_token")).problem(401, "unauthorized");

        assertEquals(4L, count("select count(*) from audit_events where type = 'login' and target_user_id = ?::uuid",
                user.id()), "the audit trail still has every login");
    }
}
