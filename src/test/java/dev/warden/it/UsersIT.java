package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC 5.3: user administration, its rules and their effect on sessions. */
class UsersIT extends WardenIT {

    private static final List<String> USER_MEMBERS = List.of("id", "username", "email", "role", "is_active", "is_locked",
            "locked_until", "email_verified", "totp_enabled", "created_at", "updated_at", "last_login");

    /**
     * Twelve admins create the same name at once: the unique constraint, not only the
     * look-up before it, decides, and its violation is a 409 (never a 500), exactly once
     * a 201.
     */
    @Test
    void concurrentCreatesOfOneNameGiveOneUserAndConflicts() throws Exception {
        String name = "race-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = api.adminToken();
        List<Api.Reply> replies = Parallel.run(12, () -> api.post("/api/v1/users", Json.createObjectBuilder()
                .add("username", name).add("email", name + "@example.org").add("password", "Correct#Horse-9")
                .add("role", "viewer").build(), admin));
        assertEquals(1, replies.stream().filter(r -> r.status() == 201).count(), replies::toString);
        replies.stream().filter(r -> r.status() != 201).forEach(r -> r.problem(409, "conflict"));
        assertEquals(1L, WardenServer.queryValue("select count(*) from users where username_key = ?", name));
    }

    @Test
    void createAnswersTheUserWithEveryMemberAndNoHash() {
        String name = "Create-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Reply reply = api.post("/api/v1/users", Json.createObjectBuilder().add("username", name)
                .add("email", name + "@Example.org").add("password", "Correct#Horse-9").add("role", "analyst").build(),
                api.adminToken()).ok(201);
        JsonObject user = reply.json();
        assertEquals(USER_MEMBERS.stream().sorted().toList(), user.keySet().stream().sorted().toList());
        assertEquals(name, user.getString("username"));
        assertEquals("analyst", user.getString("role"));
        assertTrue(user.getBoolean("is_active"));
        assertTrue(user.isNull("last_login"));
        assertTrue(user.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertTrue(reply.header("Location").endsWith("/api/v1/users/" + user.getString("id")));
        String hash = (String) WardenServer.queryValue("select password_hash from users where id = ?::uuid", user.getString("id"));
        assertTrue(hash.startsWith("bcrypt-sha384:$2b$0" + WardenServer.BCRYPT_COST + "$"), hash);
        assertFalse(reply.text().contains(hash.substring(20)));
        api.login(name.toLowerCase(), "Correct#Horse-9").ok(200);
    }

    @Test
    void usernamesAndEmailsAreUniqueIgnoringCase() {
        Api.TestUser user = api.createUser("viewer");
        String admin = api.adminToken();
        api.post("/api/v1/users", Json.createObjectBuilder().add("username", user.username().toUpperCase())
                .add("email", "other-" + user.email()).add("password", "Correct#Horse-9").add("role", "viewer").build(), admin)
                .problem(409, "conflict");
        api.post("/api/v1/users", Json.createObjectBuilder().add("username", "other" + user.username())
                .add("email", user.email().toUpperCase()).add("password", "Correct#Horse-9").add("role", "viewer").build(), admin)
                .problem(409, "conflict");
    }

    @Test
    void invalidFieldsAreAllReported() {
        JsonObject problem = api.post("/api/v1/users", Json.createObjectBuilder().add("username", "a b")
                .add("email", "not-an-email").add("password", "Correct#Horse-9").add("role", "root").build(), api.adminToken())
                .problem(400, "validation_failed").json();
        List<String> fields = problem.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("field")).distinct().sorted().toList();
        assertEquals(List.of("email", "role", "username"), fields);
    }

    @Test
    void aWeakPasswordIsRefusedWithEveryFailedRule() {
        String name = "weak" + UUID.randomUUID().toString().substring(0, 6);
        JsonObject problem = api.post("/api/v1/users", Json.createObjectBuilder().add("username", name)
                .add("email", name + "@example.org").add("password", name).add("role", "viewer").build(), api.adminToken())
                .problem(400, "weak_password").json();
        List<String> messages = problem.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("message")).toList();
        assertTrue(messages.size() >= 4, messages.toString());
        assertTrue(messages.contains("must not contain the username"), messages.toString());
        assertTrue(messages.contains("must contain an upper-case letter"), messages.toString());
        assertEquals(0L, WardenServer.queryValue("select count(*) from users where username_key = ?", name));
    }

    @Test
    void listFiltersSortsAndPages() {
        String tag = "lst" + UUID.randomUUID().toString().substring(0, 6);
        String admin = api.adminToken();
        for (String role : List.of("viewer", "viewer", "analyst")) {
            String name = tag + "-" + UUID.randomUUID().toString().substring(0, 4);
            api.post("/api/v1/users", Json.createObjectBuilder().add("username", name).add("email", name + "@example.org")
                    .add("password", "Correct#Horse-9").add("role", role).build(), admin).ok(201);
        }
        JsonObject all = api.get("/api/v1/users?search=" + tag.toUpperCase() + "&size=2&page=1&sort=-username", admin).ok(200).json();
        assertEquals(3, all.getInt("total"));
        assertEquals(2, all.getJsonArray("items").size());
        assertEquals(1, all.getInt("page"));
        assertEquals(2, all.getInt("size"));
        List<String> names = all.getJsonArray("items").getValuesAs(JsonObject.class).stream().map(u -> u.getString("username")).toList();
        assertEquals(names.stream().sorted(java.util.Comparator.reverseOrder()).toList(), names);
        JsonObject second = api.get("/api/v1/users?search=" + tag + "&size=2&page=2&sort=-username", admin).ok(200).json();
        assertEquals(1, second.getJsonArray("items").size());
        assertEquals(3, second.getInt("total"), "the last page, not full, knows the total without a count");
        JsonObject beyond = api.get("/api/v1/users?search=" + tag + "&size=2&page=3", admin).ok(200).json();
        assertEquals(0, beyond.getJsonArray("items").size());
        assertEquals(3, beyond.getInt("total"), "a page past the end still counts");
        JsonObject exact = api.get("/api/v1/users?search=" + tag + "&size=3", admin).ok(200).json();
        assertEquals(3, exact.getJsonArray("items").size());
        assertEquals(3, exact.getInt("total"));
        assertEquals(1, api.get("/api/v1/users?search=" + tag + "&role=analyst", admin).ok(200).json().getInt("total"));
        assertEquals(3, api.get("/api/v1/users?search=" + tag + "&active=true&sort=last_login", admin).ok(200).json().getInt("total"));
        assertEquals(0, api.get("/api/v1/users?search=" + tag + "&active=false", admin).ok(200).json().getInt("total"));
        assertEquals(0, api.get("/api/v1/users?search=" + tag + "_%25", admin).ok(200).json().getInt("total"),
                "LIKE wildcards in search are literal");
    }

    @Test
    void badListParametersAre400() {
        String admin = api.adminToken();
        for (String query : List.of("size=0", "size=101", "page=0", "page=x", "role=root", "active=maybe", "sort=password_hash")) {
            api.get("/api/v1/users?" + query, admin).problem(400, "validation_failed");
        }
    }

    @Test
    void getPatchAndDelete() {
        Api.TestUser user = api.createUser("viewer");
        String admin = api.adminToken();
        assertEquals(user.username(), api.get("/api/v1/users/" + user.id(), admin).ok(200).json().getString("username"));
        JsonObject patched = api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder()
                .add("email", "changed-" + user.email()).build(), admin).ok(200).json();
        assertEquals("changed-" + user.email(), patched.getString("email"));
        assertEquals("viewer", patched.getString("role"));
        api.delete("/api/v1/users/" + user.id(), admin).ok(204);
        api.get("/api/v1/users/" + user.id(), admin).problem(404, "not_found");
        api.delete("/api/v1/users/" + user.id(), admin).problem(404, "not_found");
        api.get("/api/v1/users/not-a-uuid", admin).problem(404, "not_found");
        api.login(user.username(), user.password()).problem(401, "invalid_credentials");
    }

    @Test
    void aRoleChangeEndsTheUsersSessionsAtOnce() {
        Api.TestUser user = api.createUser("analyst");
        JsonObject tokens = api.tokens(user.username(), user.password());
        api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("role", "viewer").build(), api.adminToken()).ok(200);
        api.get("/api/v1/auth/me", tokens.getString("access_token")).problem(401, "unauthorized");
        api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", tokens.getString("refresh_token")).build(), null)
                .problem(401, "refresh_token_invalid");
        JsonObject me = api.get("/api/v1/auth/me", api.accessToken(user.username(), user.password())).ok(200).json();
        assertEquals("viewer", me.getJsonObject("user").getString("role"));
    }

    @Test
    void deactivationEndsSessionsAndLoginSaysDisabledOnlyAfterTheRightPassword() {
        Api.TestUser user = api.createUser("viewer");
        String access = api.accessToken(user.username(), user.password());
        String admin = api.adminToken();
        api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("is_active", false).build(), admin).ok(200);
        api.get("/api/v1/auth/me", access).problem(401, "unauthorized");
        api.login(user.username(), user.password()).problem(403, "account_disabled");
        api.login(user.username(), "Wrong#Password1").problem(401, "invalid_credentials");
        api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("is_active", true).build(), admin).ok(200);
        api.login(user.username(), user.password()).ok(200);
    }

    @Test
    void theLastActiveAdminCannotBeDemotedDeactivatedOrDeleted() {
        Api.TestUser second = api.createUser("admin");
        String token = api.accessToken(second.username(), second.password());
        // every other admin steps aside, leaving `second` as the only active admin
        List<JsonObject> admins = api.get("/api/v1/users?role=admin&active=true&size=100", token).ok(200).json()
                .getJsonArray("items").getValuesAs(JsonObject.class);
        for (JsonObject other : admins) {
            if (!other.getString("id").equals(second.id())) {
                api.patch("/api/v1/users/" + other.getString("id"), Json.createObjectBuilder().add("is_active", false).build(), token).ok(200);
            }
        }
        try {
            api.patch("/api/v1/users/" + second.id(), Json.createObjectBuilder().add("role", "viewer").build(), token).problem(409, "last_admin");
            api.patch("/api/v1/users/" + second.id(), Json.createObjectBuilder().add("is_active", false).build(), token).problem(409, "last_admin");
            api.delete("/api/v1/users/" + second.id(), token).problem(409, "last_admin");
            assertEquals("admin", api.get("/api/v1/users/" + second.id(), token).ok(200).json().getString("role"));
        } finally {
            for (JsonObject other : admins) {
                if (!other.getString("id").equals(second.id())) {
                    api.patch("/api/v1/users/" + other.getString("id"), Json.createObjectBuilder().add("is_active", true).build(), token).ok(200);
                }
            }
        }
    }

    @Test
    void twoAdminsDemotingEachOtherConcurrentlyLeaveOneAdmin() throws Exception {
        Api.TestUser a = api.createUser("admin");
        Api.TestUser b = api.createUser("admin");
        String tokenA = api.accessToken(a.username(), a.password());
        String tokenB = api.accessToken(b.username(), b.password());
        List<String> others = api.get("/api/v1/users?role=admin&active=true&size=100", tokenA).ok(200).json()
                .getJsonArray("items").getValuesAs(JsonObject.class).stream().map(u -> u.getString("id"))
                .filter(id -> !id.equals(a.id()) && !id.equals(b.id())).toList();
        for (String other : others) {
            api.patch("/api/v1/users/" + other, Json.createObjectBuilder().add("is_active", false).build(), tokenA).ok(200);
        }
        List<Api.Reply> replies = Parallel.run(2, new java.util.concurrent.Callable<>() {
            private final java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public Api.Reply call() {
                boolean first = turn.getAndIncrement() == 0;
                return api.patch("/api/v1/users/" + (first ? b.id() : a.id()),
                        Json.createObjectBuilder().add("role", "viewer").build(), first ? tokenA : tokenB);
            }
        });
        long demoted = replies.stream().filter(r -> r.status() == 200).count();
        assertEquals(1, demoted, replies.toString());
        replies.stream().filter(r -> r.status() != 200).forEach(r ->
                assertTrue(r.status() == 409 || r.status() == 401, r.toString()));
        assertEquals(1L, WardenServer.queryValue("select count(*) from users where role = 'admin' and is_active"));
        String survivor = (String) WardenServer.queryValue(
                "select username from users where role = 'admin' and is_active");
        String token = api.accessToken(survivor, survivor.equals(a.username()) ? a.password() : b.password());
        for (String other : others) {
            api.patch("/api/v1/users/" + other, Json.createObjectBuilder().add("is_active", true).build(), token).ok(200);
        }
        assertNotNull(api.adminToken());
    }
}
