package dev.warden.it;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser UI served from another origin (README, "Browser clients on other origins"):
 * the shared server lists {@link WardenServer#UI_ORIGIN} and {@code HTTP://LocalHost:3000/}
 * in {@code warden.cors.allowed-origins}. What a browser does with the headers is the
 * Fetch standard's; these tests hold the server to what it must send for a browser to let
 * the page read an answer, and to withhold it from every other origin.
 */
class CrossOriginIT extends WardenIT {

    private static final String ELSEWHERE = "https://evil.example";

    private Api.Reply preflight(String path, String origin, String method, String headers) {
        Map<String, String> asked = new java.util.HashMap<>(Map.of("Origin", origin, "Access-Control-Request-Method", method));
        if (headers != null) {
            asked.put("Access-Control-Request-Headers", headers);
        }
        return api.send("OPTIONS", path, null, null, asked);
    }

    private static List<String> list(String header) {
        return header == null ? List.of() : Arrays.stream(header.split(",")).map(String::strip).toList();
    }

    private static void assertVaryOrigin(Api.Reply reply) {
        assertTrue(reply.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Vary"))
                .flatMap(e -> e.getValue().stream()).flatMap(v -> list(v).stream()).anyMatch("Origin"::equalsIgnoreCase),
                "Vary: Origin, " + reply.headers());
    }

    @Test
    void aListedOriginsPreflightIsAnsweredWithWhatItMaySend() {
        for (String origin : List.of(WardenServer.UI_ORIGIN, "http://localhost:3000")) {
            Api.Reply reply = preflight("/api/v1/auth/login", origin, "POST", "content-type").ok(204);
            assertEquals(origin, reply.header("Access-Control-Allow-Origin"));
            assertTrue(list(reply.header("Access-Control-Allow-Methods")).containsAll(
                    List.of("GET", "POST", "PATCH", "DELETE")), reply.headers().toString());
            assertTrue(list(reply.header("Access-Control-Allow-Headers")).containsAll(
                    List.of("Authorization", "X-API-Key", "Content-Type")), reply.headers().toString());
            assertEquals("600", reply.header("Access-Control-Max-Age"));
            assertNull(reply.header("Access-Control-Allow-Credentials"), "no cookies: never credentials");
            assertEquals("", reply.text());
            assertVaryOrigin(reply);
        }
        // what a UI asks before reading the caller with its token, and before a PATCH
        preflight("/api/v1/auth/me", WardenServer.UI_ORIGIN, "GET", "authorization").ok(204);
        preflight("/api/v1/users/" + java.util.UUID.randomUUID(), WardenServer.UI_ORIGIN, "PATCH",
                "Authorization, Content-Type").ok(204);
        preflight("/.well-known/jwks.json", WardenServer.UI_ORIGIN, "GET", null).ok(204);
    }

    @Test
    void aPreflightFromAnotherOriginOrForWhatTheApiDoesNotUseIsRefused() {
        Api.Reply other = preflight("/api/v1/auth/login", ELSEWHERE, "POST", "content-type").problem(403, "forbidden");
        assertTrue(other.json().getString("detail").contains("https://evil.example may not call Warden"), other.text());
        assertNull(other.header("Access-Control-Allow-Origin"));
        // as browsers send it: scheme, host, and no default port; a look-alike is another origin
        for (String lookAlike : List.of("https://ui.warden.example.evil.example", "http://ui.warden.example",
                "https://ui.warden.example:8443", "null")) {
            preflight("/api/v1/auth/login", lookAlike, "POST", "content-type").problem(403, "forbidden");
        }
        Api.Reply method = preflight("/api/v1/auth/login", WardenServer.UI_ORIGIN, "PROPFIND", null).problem(403, "forbidden");
        assertTrue(method.json().getString("detail").contains("PROPFIND"), method.text());
        Api.Reply header = preflight("/api/v1/auth/login", WardenServer.UI_ORIGIN, "POST", "content-type, x-forwarded-for")
                .problem(403, "forbidden");
        assertTrue(header.json().getString("detail").contains("x-forwarded-for"), header.text());
        assertNull(header.header("Access-Control-Allow-Origin"));
    }

    @Test
    void aListedOriginReadsEveryAnswerWithTheHeadersAClientNeeds() {
        Map<String, String> fromUi = Map.of("Origin", WardenServer.UI_ORIGIN);
        Api.TestUser user = api.createUser("viewer");
        String login = Json.createObjectBuilder().add("username", user.username())
                .add("password", user.password()).build().toString();
        Api.Reply tokens = api.send("POST", "/api/v1/auth/login", "application/json", login, fromUi).ok(200);
        assertEquals(WardenServer.UI_ORIGIN, tokens.header("Access-Control-Allow-Origin"));
        assertTrue(list(tokens.header("Access-Control-Expose-Headers")).containsAll(
                List.of("Retry-After", "WWW-Authenticate", "Location", "Deprecation")), tokens.headers().toString());
        assertVaryOrigin(tokens);
        String token = tokens.json().getString("access_token");
        Map<String, String> withToken = Map.of("Origin", WardenServer.UI_ORIGIN, "Authorization", "Bearer " + token);
        assertEquals(WardenServer.UI_ORIGIN, api.send("GET", "/api/v1/auth/me", null, null, withToken).ok(200)
                .header("Access-Control-Allow-Origin"));
        Map<String, String> asAdmin = Map.of("Origin", WardenServer.UI_ORIGIN, "Authorization", "Bearer " + api.adminToken());
        assertEquals(WardenServer.UI_ORIGIN, api.send("GET", "/api/v1/users?page_size=1", null, null, asAdmin).ok(200)
                .header("Access-Control-Allow-Origin"));
        // the errors too, whoever answers them: the token check, the resource, the exception mapper
        Api.Reply noToken = api.send("GET", "/api/v1/auth/me", null, null, fromUi).problem(401, "unauthorized");
        assertEquals(WardenServer.UI_ORIGIN, noToken.header("Access-Control-Allow-Origin"));
        Api.Reply badToken = api.send("GET", "/api/v1/users", null, null,
                Map.of("Origin", WardenServer.UI_ORIGIN, "Authorization", "Bearer not.a.token")).problem(401, "unauthorized");
        assertEquals(WardenServer.UI_ORIGIN, badToken.header("Access-Control-Allow-Origin"));
        Api.Reply wrong = api.send("POST", "/api/v1/auth/login", "application/json",
                Json.createObjectBuilder().add("username", "nobody-" + java.util.UUID.randomUUID()).add("password", "x")
                        .build().toString(), fromUi).problem(401, "invalid_credentials");
        assertEquals(WardenServer.UI_ORIGIN, wrong.header("Access-Control-Allow-Origin"));
        Api.Reply malformed = api.send("POST", "/api/v1/auth/login", "application/json", "{", fromUi).problem(400, "malformed_json");
        assertEquals(WardenServer.UI_ORIGIN, malformed.header("Access-Control-Allow-Origin"));
        Api.Reply missing = api.send("GET", "/api/v1/no-such-thing", null, null, withToken).problem(404, "not_found");
        assertEquals(WardenServer.UI_ORIGIN, missing.header("Access-Control-Allow-Origin"));
        Api.Reply keys = api.send("GET", "/.well-known/jwks.json", null, null, fromUi).ok(200);
        assertEquals(WardenServer.UI_ORIGIN, keys.header("Access-Control-Allow-Origin"));
        assertVaryOrigin(keys);
    }

    @Test
    void anotherOriginIsServedWithoutTheHeadersThatWouldLetItsPageRead() {
        Api.Reply keys = api.send("GET", "/.well-known/jwks.json", null, null, Map.of("Origin", ELSEWHERE)).ok(200);
        assertNull(keys.header("Access-Control-Allow-Origin"));
        assertNull(keys.header("Access-Control-Expose-Headers"));
        assertVaryOrigin(keys); // a cache must not hand the UI this answer, nor the UI's to this origin
        Api.Reply noOrigin = api.send("GET", "/.well-known/jwks.json", null, null, Map.of()).ok(200);
        assertNull(noOrigin.header("Access-Control-Allow-Origin"));
        assertVaryOrigin(noOrigin);
        String token = api.adminToken();
        Api.Reply me = api.send("GET", "/api/v1/auth/me", null, null,
                Map.of("Origin", ELSEWHERE, "Authorization", "Bearer " + token)).ok(200);
        assertNull(me.header("Access-Control-Allow-Origin"));
    }
}
