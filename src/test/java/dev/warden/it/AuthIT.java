package dev.warden.it;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC 5.1 and 6: login, tokens, refresh rotation and reuse, logout, me. */
class AuthIT extends WardenIT {

    @Test
    void loginAnswersTokensThatAnyJoseLibraryVerifiesWithTheJwks() throws Exception {
        Api.TestUser user = api.createUser("analyst");
        Api.Reply reply = api.login(user.username(), user.password()).ok(200);
        assertEquals("no-store", reply.header("Cache-Control"));
        JsonObject tokens = reply.json();
        assertEquals("bearer", tokens.getString("token_type"));
        assertEquals(900, tokens.getInt("expires_in"));
        assertEquals(604800, tokens.getInt("refresh_expires_in"), "the configured lifetime exactly");

        SignedJWT jwt = SignedJWT.parse(tokens.getString("access_token"));
        JWKSet jwks = JWKSet.parse(api.get("/.well-known/jwks.json", null).ok(200).text());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "the token's kid is published");
        assertFalse(key.isPrivate(), "the JWKS holds public keys only");
        assertTrue(jwt.verify(new RSASSAVerifier(key)));
        assertEquals("RS256", jwt.getHeader().getAlgorithm().getName());
        assertEquals("JWT", jwt.getHeader().getType().getType());

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals("warden", claims.getIssuer());
        assertEquals(List.of("warden"), claims.getAudience());
        assertEquals(user.id(), claims.getSubject());
        assertEquals(user.username(), claims.getStringClaim("upn"));
        assertEquals(List.of("analyst"), claims.getStringListClaim("groups"));
        assertNotNull(claims.getJWTID());
        String sid = claims.getStringClaim("sid");
        assertEquals(user.id(), WardenServer.queryValue("select user_id::text from sessions where id = ?::uuid", sid));
        assertEquals(900, Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()).toSeconds());

        String refresh = tokens.getString("refresh_token");
        assertTrue(refresh.length() >= 43, "256 random bits");
        assertThrowsParse(refresh);
        assertEquals(1L, WardenServer.queryValue("select count(*) from refresh_tokens where token_hash = encode(sha256(?::bytea), 'hex')", refresh));
        assertEquals(0L, WardenServer.queryValue("select count(*) from refresh_tokens where token_hash = ?", refresh),
                "the token itself is never stored");
    }

    @Test
    void loginByEmailIgnoringCase() {
        Api.TestUser user = api.createUser("viewer");
        api.login(user.email().toUpperCase(), user.password()).ok(200);
        api.login(user.username().toUpperCase(), user.password()).ok(200);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        Api.TestUser user = api.createUser("viewer");
        JsonObject wrong = api.login(user.username(), user.password() + "x").problem(401, "invalid_credentials").json();
        JsonObject unknown = api.login("nobody-" + UUID.randomUUID(), "Whatever#123456").problem(401, "invalid_credentials").json();
        assertEquals(wrong.getString("detail"), unknown.getString("detail"));
        assertEquals(wrong.keySet(), unknown.keySet());
    }

    @Test
    void meAnswersTheUserAndThePermissionsOfEachRole() {
        for (String role : List.of("admin", "analyst", "viewer")) {
            Api.TestUser user = api.createUser(role);
            JsonObject me = api.get("/api/v1/auth/me", api.accessToken(user.username(), user.password())).ok(200).json();
            assertEquals(user.id(), me.getJsonObject("user").getString("id"));
            assertEquals(role, me.getJsonObject("user").getString("role"));
            assertFalse(me.getJsonObject("user").containsKey("password_hash"));
            List<String> permissions = me.getJsonArray("permissions").getValuesAs(jakarta.json.JsonString::getString);
            List<String> expected = switch (role) {
                case "admin" -> List.of("users:create", "users:read", "users:update", "users:delete", "reports:create",
                        "reports:read", "reports:update", "reports:delete", "alerts:read", "alerts:update", "system:manage");
                case "analyst" -> List.of("reports:create", "reports:read", "reports:update", "reports:delete",
                        "alerts:read", "alerts:update");
                default -> List.of("reports:read", "alerts:read");
            };
            assertEquals(expected, permissions);
        }
    }

    @Test
    void refreshRotatesAndTheRetiredTokenRevokesTheWholeSession() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        JsonObject first = api.tokens(user.username(), user.password());
        Api.Reply refreshed = refresh(first.getString("refresh_token")).ok(200);
        assertEquals("no-store", refreshed.header("Cache-Control"));
        JsonObject second = refreshed.json();
        assertNotEquals(first.getString("refresh_token"), second.getString("refresh_token"));
        api.get("/api/v1/auth/me", second.getString("access_token")).ok(200);

        refresh(first.getString("refresh_token")).problem(401, "refresh_token_reused");
        refresh(second.getString("refresh_token")).problem(401, "refresh_token_invalid");
        api.get("/api/v1/auth/me", second.getString("access_token")).problem(401, "unauthorized");
        api.get("/api/v1/auth/me", first.getString("access_token")).problem(401, "unauthorized");
        String sid = sessionOf(first.getString("access_token"));
        assertEquals("refresh_token_reused", WardenServer.queryValue("select revoke_reason from sessions where id = ?::uuid", sid));
    }

    /** RFC 7235 2.1: the scheme is case-insensitive, and the login itself answers "token_type": "bearer". */
    @Test
    void theAuthorizationSchemeIsCaseInsensitive() {
        Api.TestUser user = api.createUser("viewer");
        JsonObject tokens = api.tokens(user.username(), user.password());
        assertEquals("bearer", tokens.getString("token_type"));
        for (String scheme : List.of("bearer", "BEARER", "Bearer", "bEaReR")) {
            api.send("GET", "/api/v1/auth/me", null, null,
                    java.util.Map.of("Authorization", scheme + " " + tokens.getString("access_token"))).ok(200);
        }
        api.send("GET", "/api/v1/auth/me", null, null, java.util.Map.of("Authorization", "Bearerx "
                + tokens.getString("access_token"))).problem(401, "unauthorized");
        JsonObject refreshed = refresh(tokens.getString("refresh_token")).ok(200).json();
        assertEquals(604800, refreshed.getInt("refresh_expires_in"));
    }

    /** RFC 6750 3.1: a refused token is named in the challenge; a request without one is only asked for one. */
    @Test
    void theChallengeSaysWhenATokenWasRefused() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        String anonymous = api.get("/api/v1/auth/me", null).problem(401, "unauthorized").header("WWW-Authenticate");
        assertEquals("Bearer realm=\"warden\"", anonymous);
        String forged = token.substring(0, token.length() - 4) + "AAAA";
        assertTrue(api.get("/api/v1/auth/me", forged).problem(401, "unauthorized").header("WWW-Authenticate")
                .startsWith("Bearer realm=\"warden\", error=\"invalid_token\""));
        api.post("/api/v1/auth/logout", null, token).ok(204);
        assertTrue(api.get("/api/v1/auth/me", token).problem(401, "unauthorized").header("WWW-Authenticate")
                .contains("error=\"invalid_token\""));
    }

    @Test
    void anExpiredRefreshTokenIsInvalid() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        JsonObject tokens = api.tokens(user.username(), user.password());
        String refresh = tokens.getString("refresh_token");
        // its refresh-token TTL ran out (set in the database rather than waiting P7D)
        WardenServer.update("update refresh_tokens set expires_at = now() - interval '1 second' "
                + "where token_hash = encode(sha256(?::bytea), 'hex')", refresh);
        refresh(refresh).problem(401, "refresh_token_invalid");
        assertEquals(0L, WardenServer.queryValue("select count(*) from refresh_tokens t join sessions s on s.id = t.session_id "
                + "where s.user_id = ?::uuid and t.used_at is not null", user.id()), "an expired token is not consumed");
    }

    /** SPEC 5.1: a retired token is reuse whatever became of its session since, e.g. a logout. */
    @Test
    void aRetiredTokenReplayedAfterTheSessionEndedIsStillReuse() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        JsonObject first = api.tokens(user.username(), user.password());
        JsonObject second = refresh(first.getString("refresh_token")).ok(200).json();
        api.post("/api/v1/auth/logout", null, second.getString("access_token")).ok(204);

        refresh(first.getString("refresh_token")).problem(401, "refresh_token_reused");
        refresh(first.getString("refresh_token")).problem(401, "refresh_token_reused");
        refresh(second.getString("refresh_token")).problem(401, "refresh_token_invalid");
        String sid = sessionOf(first.getString("access_token"));
        assertEquals("logout", WardenServer.queryValue("select revoke_reason from sessions where id = ?::uuid", sid),
                "the replay did not rewrite how the session ended");
    }

    @Test
    void ofConcurrentRefreshesWithOneTokenAtMostOneSucceeds() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String token = api.tokens(user.username(), user.password()).getString("refresh_token");
        List<Api.Reply> replies = Parallel.run(12, () -> refresh(token));
        long ok = replies.stream().filter(r -> r.status() == 200).count();
        assertTrue(ok <= 1, "successes: " + ok);
        for (Api.Reply reply : replies) {
            if (reply.status() != 200) {
                reply.problem(401, reply.json().getString("code"));
                assertTrue(List.of("refresh_token_reused", "refresh_token_invalid").contains(reply.json().getString("code")));
            }
        }
        assertTrue(replies.stream().anyMatch(r -> r.status() == 401 && r.json().getString("code").equals("refresh_token_reused")));
        // the reuse revoked the family, so even the winner's tokens are dead
        for (Api.Reply reply : replies) {
            if (reply.status() == 200) {
                refresh(reply.json().getString("refresh_token")).problem(401, "refresh_token_invalid");
                api.get("/api/v1/auth/me", reply.json().getString("access_token")).problem(401, "unauthorized");
            }
        }
    }

    /**
     * Refreshes racing "log out everywhere": whichever commits first, once the logout has
     * answered no token of the user works, the racing refreshes' new ones included (the
     * rotation and the revocation both take the session's row first). Three rounds of four
     * sessions, each refreshed once while the first one logs out of all.
     */
    @Test
    void refreshesRacingALogoutEverywhereLeaveNoLiveToken() throws Exception {
        record Raced(int index, Api.Reply reply) {
        }
        for (int round = 0; round < 3; round++) {
            Api.TestUser user = api.createUser("viewer");
            List<JsonObject> sessions = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sessions.add(api.tokens(user.username(), user.password()));
            }
            java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
            List<Raced> raced = Parallel.run(5, () -> {
                int i = turn.getAndIncrement();
                return new Raced(i, i == 4
                        ? api.post("/api/v1/auth/logout/all", null, sessions.get(0).getString("access_token"))
                        : refresh(sessions.get(i).getString("refresh_token")));
            });

            for (Raced r : raced) {
                if (r.index() == 4) {
                    r.reply().ok(204);
                } else if (r.reply().status() == 200) {
                    JsonObject renewed = r.reply().json();
                    refresh(renewed.getString("refresh_token")).problem(401, "refresh_token_invalid");
                    api.get("/api/v1/auth/me", renewed.getString("access_token")).problem(401, "unauthorized");
                } else {
                    r.reply().problem(401, "refresh_token_invalid");
                }
            }
            for (JsonObject before : sessions) {
                api.get("/api/v1/auth/me", before.getString("access_token")).problem(401, "unauthorized");
                assertEquals(401, refresh(before.getString("refresh_token")).status());
            }
            assertEquals(0L, WardenServer.queryValue(
                    "select count(*) from sessions where user_id = ?::uuid and revoked_at is null", user.id()));
        }
    }

    /**
     * The lock order that keeps rotations and revocations from deadlocking, step by step:
     * while another transaction holds the session's row (as every revocation takes it
     * first), a refresh waits for it without having locked its token; once that transaction
     * revokes the session and its tokens and commits, the refresh is refused and leaves no
     * live token.
     */
    @Test
    void aRefreshWaitsForItsSessionBeforeItTouchesItsToken() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        JsonObject tokens = api.tokens(user.username(), user.password());
        String refreshToken = tokens.getString("refresh_token");
        String sid = sessionOf(tokens.getString("access_token"));
        java.util.concurrent.CompletableFuture<Api.Reply> refreshing;
        try (java.sql.Connection revocation = WardenServer.db().getConnection()) {
            revocation.setAutoCommit(false);
            execute(revocation, "select id from sessions where id = ?::uuid for no key update", sid);
            refreshing = java.util.concurrent.CompletableFuture.supplyAsync(() -> refresh(refreshToken));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (((Number) WardenServer.queryValue("""
                    select count(*) from pg_stat_activity
                    where wait_event_type = 'Lock' and query ilike '%refresh_tokens%'""")).longValue() == 0) {
                assertTrue(System.nanoTime() < deadline, "the refresh never waited for the session's row");
                Thread.sleep(20);
            }
            // the refresh is waiting, and its token's row is free
            assertEquals(1L, WardenServer.queryValue("""
                    with t as (select id from refresh_tokens where token_hash = encode(sha256(?::bytea), 'hex')
                               for update nowait)
                    select count(*) from t""", refreshToken));
            execute(revocation, "update sessions set revoked_at = now(), revoke_reason = 'logout' where id = ?::uuid", sid);
            execute(revocation, "update refresh_tokens set revoked_at = now() where session_id = ?::uuid", sid);
            revocation.commit();
        }
        refreshing.get(60, java.util.concurrent.TimeUnit.SECONDS).problem(401, "refresh_token_invalid");
        assertEquals(0L, WardenServer.queryValue(
                "select count(*) from refresh_tokens where session_id = ?::uuid and revoked_at is null", sid));
        assertEquals(1L, WardenServer.queryValue("select count(*) from refresh_tokens where session_id = ?::uuid", sid),
                "no successor was written");
    }

    private static void execute(java.sql.Connection connection, String sql, String parameter) throws Exception {
        try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            statement.execute();
        }
    }

    @Test
    void unknownOrMalformedRefreshTokensAreRefused() {
        refresh("not-a-token").problem(401, "refresh_token_invalid");
        api.post("/api/v1/auth/refresh", Json.createObjectBuilder().build(), null).problem(400, "validation_failed");
    }

    @Test
    void aRefreshTokenIsNeverAnAccessTokenNorTheOtherWayRound() {
        Api.TestUser user = api.createUser("admin");
        JsonObject tokens = api.tokens(user.username(), user.password());
        api.get("/api/v1/auth/me", tokens.getString("refresh_token")).problem(401, "unauthorized");
        refresh(tokens.getString("access_token")).problem(401, "refresh_token_invalid");
    }

    @Test
    void refreshTokensAndAccessTokensEndWithTheSessionMaxLifetime() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        JsonObject tokens = api.tokens(user.username(), user.password());
        String sid = sessionOf(tokens.getString("access_token"));
        Instant created = ((java.sql.Timestamp) WardenServer.queryValue("select created_at from sessions where id = ?::uuid", sid)).toInstant();
        Instant expires = ((java.sql.Timestamp) WardenServer.queryValue("select expires_at from sessions where id = ?::uuid", sid)).toInstant();
        assertEquals(Duration.ofDays(30), Duration.between(created, expires));

        // time passes: the session reached its maximum lifetime
        WardenServer.update("update sessions set created_at = created_at - interval '30 days', expires_at = now() - interval '1 second' where id = ?::uuid", sid);
        refresh(tokens.getString("refresh_token")).problem(401, "refresh_token_invalid");
        api.get("/api/v1/auth/me", tokens.getString("access_token")).problem(401, "unauthorized");
    }

    @Test
    void logoutKillsTheAccessTokenAtOnceAndItsRefreshToken() {
        Api.TestUser user = api.createUser("viewer");
        JsonObject one = api.tokens(user.username(), user.password());
        JsonObject other = api.tokens(user.username(), user.password());
        api.post("/api/v1/auth/logout", null, one.getString("access_token")).ok(204);
        api.get("/api/v1/auth/me", one.getString("access_token")).problem(401, "unauthorized");
        refresh(one.getString("refresh_token")).problem(401, "refresh_token_invalid");
        api.get("/api/v1/auth/me", other.getString("access_token")).ok(200);
    }

    @Test
    void logoutWithARefreshTokenAlsoEndsThatSession() {
        Api.TestUser user = api.createUser("viewer");
        JsonObject one = api.tokens(user.username(), user.password());
        JsonObject other = api.tokens(user.username(), user.password());
        api.post("/api/v1/auth/logout", Json.createObjectBuilder().add("refresh_token", other.getString("refresh_token")).build(),
                one.getString("access_token")).ok(204);
        api.get("/api/v1/auth/me", other.getString("access_token")).problem(401, "unauthorized");
    }

    @Test
    void logoutAllEndsEverySessionOfTheUserOnly() {
        Api.TestUser user = api.createUser("analyst");
        Api.TestUser bystander = api.createUser("analyst");
        List<JsonObject> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sessions.add(api.tokens(user.username(), user.password()));
        }
        String theirs = api.accessToken(bystander.username(), bystander.password());
        api.post("/api/v1/auth/logout/all", null, sessions.get(0).getString("access_token")).ok(204);
        for (JsonObject s : sessions) {
            api.get("/api/v1/auth/me", s.getString("access_token")).problem(401, "unauthorized");
            refresh(s.getString("refresh_token")).problem(401, "refresh_token_invalid");
        }
        api.get("/api/v1/auth/me", theirs).ok(200);
        api.login(user.username(), user.password()).ok(200);
    }

    @Test
    void logoutNeedsABearerToken() {
        api.post("/api/v1/auth/logout", null, null).problem(401, "unauthorized");
        Api.Reply reply = api.post("/api/v1/auth/logout/all", null, null).problem(401, "unauthorized");
        assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"));
    }

    private Api.Reply refresh(String token) {
        return api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", token).build(), null);
    }

    static String sessionOf(String accessToken) throws Exception {
        return SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("sid");
    }


    private static void assertThrowsParse(String refresh) {
        try {
            SignedJWT.parse(refresh);
            throw new AssertionError("a refresh token must not be a JWT");
        } catch (java.text.ParseException expected) {
            // opaque
        }
    }
}
