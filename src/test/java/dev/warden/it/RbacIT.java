package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC 3: every protected endpoint, called anonymously (401 with WWW-Authenticate) and
 * with each role (403 forbidden where the matrix says no, the endpoint's own answer
 * where it says yes).
 */
class RbacIT extends WardenIT {

    record Endpoint(String method, String path, JsonValue body, Set<String> roles, int success) {
    }

    private List<Endpoint> endpoints(Function<String, String> target) {
        String any = "admin,analyst,viewer";
        List<Endpoint> list = new ArrayList<>();
        list.add(new Endpoint("GET", "/api/v1/auth/me", null, Set.of(any.split(",")), 200));
        list.add(new Endpoint("GET", "/api/v1/users", null, Set.of("admin"), 200));
        list.add(new Endpoint("POST", "/api/v1/users", Json.createObjectBuilder().add("username", target.apply("new"))
                .add("email", target.apply("new") + "@example.org").add("password", "Correct#Horse-9").add("role", "viewer").build(),
                Set.of("admin"), 201));
        list.add(new Endpoint("GET", "/api/v1/users/" + target.apply("id"), null, Set.of("admin"), 200));
        list.add(new Endpoint("PATCH", "/api/v1/users/" + target.apply("id"), Json.createObjectBuilder().add("email",
                target.apply("new") + "-2@example.org").build(), Set.of("admin"), 200));
        list.add(new Endpoint("POST", "/api/v1/users/" + target.apply("id") + "/unlock", null, Set.of("admin"), 200));
        list.add(new Endpoint("GET", "/api/v1/users/" + target.apply("id") + "/sessions", null, Set.of("admin"), 200));
        list.add(new Endpoint("GET", "/api/v1/users/" + target.apply("id") + "/api-keys", null, Set.of("admin"), 200));
        list.add(new Endpoint("DELETE", "/api/v1/users/" + target.apply("id") + "/api-keys/" + UUID.randomUUID(), null,
                Set.of("admin"), 404));
        list.add(new Endpoint("DELETE", "/api/v1/users/" + target.apply("id") + "/sessions", null, Set.of("admin"), 204));
        list.add(new Endpoint("POST", "/api/v1/users/import", Json.createObjectBuilder().add("users",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("username", target.apply("imp"))
                        .add("email", target.apply("imp") + "@example.org").add("role", "viewer")
                        .add("password_hash", "not-a-hash"))).build(), Set.of("admin"), 200));
        list.add(new Endpoint("DELETE", "/api/v1/users/" + target.apply("id") + "/2fa", null, Set.of("admin"), 409));
        list.add(new Endpoint("DELETE", "/api/v1/users/" + target.apply("id"), null, Set.of("admin"), 204));
        list.add(new Endpoint("GET", "/api/v1/users/me/api-keys", null, Set.of(any.split(",")), 200));
        list.add(new Endpoint("POST", "/api/v1/users/me/api-keys", Json.createObjectBuilder()
                .add("key_name", target.apply("key")).build(), Set.of(any.split(",")), 201));
        list.add(new Endpoint("DELETE", "/api/v1/users/me/api-keys/" + UUID.randomUUID(), null, Set.of(any.split(",")), 404));
        list.add(new Endpoint("GET", "/api/v1/users/me/sessions", null, Set.of(any.split(",")), 200));
        list.add(new Endpoint("POST", "/api/v1/users/me/2fa/setup", null, Set.of(any.split(",")), 200));
        list.add(new Endpoint("GET", "/api/v1/users/me/2fa/backup-codes", null, Set.of(any.split(",")), 200));
        list.add(new Endpoint("DELETE", "/api/v1/users/me/sessions/" + UUID.randomUUID(), null, Set.of(any.split(",")), 404));
        list.add(new Endpoint("POST", "/api/v1/users/me/change-password", Json.createObjectBuilder()
                .add("current_password", "Not#The-Password1").add("new_password", "Never#Applied-2026").build(),
                Set.of(any.split(",")), 400));
        list.add(new Endpoint("GET", "/api/v1/system/settings", null, Set.of("admin"), 200));
        list.add(new Endpoint("POST", "/api/v1/system/signing-keys/rotate", null, Set.of("admin"), 200));
        list.add(new Endpoint("GET", "/api/v1/admin/stats", null, Set.of("admin"), 200));
        list.add(new Endpoint("GET", "/api/v1/audit-events", null, Set.of("admin"), 200));
        list.add(new Endpoint("GET", "/api/v1/alerts", null, Set.of(any.split(",")), 200));
        list.add(new Endpoint("GET", "/api/v1/alerts/" + UUID.randomUUID(), null, Set.of(any.split(",")), 404));
        list.add(new Endpoint("PATCH", "/api/v1/alerts/" + UUID.randomUUID(), Json.createObjectBuilder()
                .add("status", "resolved").build(), Set.of("admin", "analyst"), 404));
        list.add(new Endpoint("GET", "/api/v1/reports", null, Set.of(any.split(",")), 200));
        list.add(new Endpoint("POST", "/api/v1/reports", Json.createObjectBuilder().add("name", target.apply("report"))
                .build(), Set.of("admin", "analyst"), 201));
        list.add(new Endpoint("GET", "/api/v1/reports/" + UUID.randomUUID(), null, Set.of(any.split(",")), 404));
        list.add(new Endpoint("GET", "/api/v1/reports/" + UUID.randomUUID() + "/results", null,
                Set.of(any.split(",")), 404));
        list.add(new Endpoint("PATCH", "/api/v1/reports/" + UUID.randomUUID(), Json.createObjectBuilder()
                .add("name", "renamed").build(), Set.of("admin", "analyst"), 404));
        list.add(new Endpoint("DELETE", "/api/v1/reports/" + UUID.randomUUID(), null, Set.of("admin", "analyst"), 404));
        list.add(new Endpoint("POST", "/api/v1/auth/logout/all", null, Set.of(any.split(",")), 204));
        list.add(new Endpoint("POST", "/api/v1/auth/logout", null, Set.of(any.split(",")), 204));
        return list;
    }

    private Api.Reply call(Endpoint e, String token) {
        return call(e, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    private Api.Reply call(Endpoint e, Map<String, String> headers) {
        return api.send(e.method(), e.path(), e.body() == null ? null : "application/json",
                e.body() == null ? null : e.body().toString(), headers);
    }

    private static boolean managesCredentials(Endpoint e) {
        return e.path().endsWith("/users/me/change-password")
                || e.path().startsWith("/api/v1/users/me/api-keys") && !e.method().equals("GET")
                || e.path().startsWith("/api/v1/users/me/2fa") && !e.method().equals("GET");
    }

    @Test
    void anonymousCallsAre401WithABearerChallenge() {
        Api.TestUser victim = api.createUser("viewer");
        for (Endpoint e : endpoints(k -> k.equals("id") ? victim.id() : "anon" + victim.username())) {
            Api.Reply reply = call(e, (String) null).problem(401, "unauthorized");
            assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"), e.toString());
        }
        assertEquals(1L, WardenServer.queryValue("select count(*) from users where id = ?::uuid", victim.id()));
    }

    @Test
    void eachRoleGetsExactlyWhatTheMatrixAllows() {
        for (String role : List.of("admin", "analyst", "viewer")) {
            Api.TestUser caller = api.createUser(role);
            Api.TestUser victim = api.createUser("viewer");
            String token = api.accessToken(caller.username(), caller.password());
            for (Endpoint e : endpoints(k -> k.equals("id") ? victim.id() : role + victim.username())) {
                // the logout endpoints end the caller's sessions: each gets a fresh login
                Api.Reply reply = call(e, e.path().contains("/logout")
                        ? api.accessToken(caller.username(), caller.password()) : token);
                if (e.roles().contains(role)) {
                    assertEquals(e.success(), reply.status(), () -> role + " " + e + " -> " + reply.text());
                } else {
                    reply.problem(403, "forbidden");
                }
            }
            if (!role.equals("admin")) {
                assertEquals(1L, WardenServer.queryValue("select count(*) from users where id = ?::uuid", victim.id()),
                        "a refused delete deleted nothing");
            }
        }
    }

    /** The same matrix with API keys: one role check for both kinds of credential. */
    @Test
    void anApiKeyGetsExactlyWhatItsOwnersRoleAllows() {
        for (String role : List.of("admin", "analyst", "viewer")) {
            Api.TestUser owner = api.createUser(role);
            Api.TestUser victim = api.createUser("viewer");
            String key = api.createKey(api.accessToken(owner.username(), owner.password()), "rbac").getString("api_key");
            for (Endpoint e : endpoints(k -> k.equals("id") ? victim.id() : "key" + role + victim.username())) {
                if (e.path().endsWith("/auth/logout")) {
                    continue; // ends the session of a bearer token; an API key has none (SessionsIT)
                }
                Api.Reply reply = call(e, Map.of("X-API-Key", key));
                if (managesCredentials(e)) {
                    reply.problem(403, "session_required"); // a leaked key cannot mint keys or take the account over
                } else if (e.roles().contains(role)) {
                    assertEquals(e.success(), reply.status(), () -> role + " key " + e + " -> " + reply.text());
                } else {
                    reply.problem(403, "forbidden");
                }
            }
        }
    }
}
