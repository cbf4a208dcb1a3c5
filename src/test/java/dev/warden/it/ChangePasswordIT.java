package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC 5.2 and 7: a user changes their own password. */
class ChangePasswordIT extends WardenIT {

    private static final String PATH = "/api/v1/users/me/change-password";

    private Api.Reply change(String token, String current, String next) {
        return api.post(PATH, Json.createObjectBuilder().add("current_password", current).add("new_password", next)
                .build(), token);
    }

    @Test
    void theNewPasswordWorksTheOldOneNotAndOnlyTheCallersSessionSurvives() {
        Api.TestUser user = api.createUser("viewer");
        JsonObject kept = api.tokens(user.username(), user.password());
        JsonObject other = api.tokens(user.username(), user.password());
        String next = "Fresh#Passw0rd-" + user.id().substring(0, 6);

        change(kept.getString("access_token"), user.password(), next).ok(204);

        api.get("/api/v1/auth/me", kept.getString("access_token")).ok(200);
        api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", kept.getString("refresh_token"))
                .build(), null).ok(200);
        api.get("/api/v1/auth/me", other.getString("access_token")).problem(401, "unauthorized");
        api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", other.getString("refresh_token"))
                .build(), null).problem(401, "refresh_token_invalid");
        api.login(user.username(), user.password()).problem(401, "invalid_credentials");
        api.login(user.username(), next).ok(200);
        assertEquals("password_changed", WardenServer.queryValue("select revoke_reason from sessions where user_id = ?::uuid "
                + "and revoked_at is not null", user.id()));
    }

    /** The owner is told of a change (a takeover must not go unnoticed); a refused change tells nothing. */
    @Test
    void theOwnerIsToldOfAChangeWithNoSecretInTheMail() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        change(token, "Wrong#Guess-1", "Whatever#Passw0rd-9").problem(400, "validation_failed");
        String next = "Next#Password-2026a";
        change(token, user.password(), next).ok(204);
        Mailbox.assertExactly(user.email(), 1);
        jakarta.mail.internet.MimeMessage notice = Mailbox.await(user.email(), 1);
        assertEquals("Your Warden password was changed", notice.getSubject());
        String text = Mailbox.part(notice, "text/plain");
        assertTrue(text.contains(WardenServer.PUBLIC_URL + "/forgot-password") && !text.contains("token=")
                && !text.contains(next), text);
        // when and from where, as the audit trail has it
        JsonObject event = api.get("/api/v1/audit-events?type=password_changed&user_id=" + user.id(), api.adminToken())
                .ok(200).json().getJsonArray("items").getJsonObject(0);
        assertTrue(text.lines().anyMatch(("From address: " + event.getString("ip_address"))::equals), text);
        assertTrue(text.contains("When: " + event.getString("created_at").substring(0, 10) + " "), text);
    }

    @Test
    void aWrongCurrentPasswordIsRefusedAndCountsTowardTheLockout() {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        for (int i = 0; i < 5; i++) {
            JsonObject problem = change(token, "Wrong#Guess-" + i, "Whatever#Passw0rd-9").problem(400, "validation_failed").json();
            assertEquals("current_password", problem.getJsonArray("errors").getJsonObject(0).getString("field"));
        }
        change(token, user.password(), "Whatever#Passw0rd-9").problem(403, "account_locked");
        api.login(user.username(), user.password()).problem(403, "account_locked");
        api.post("/api/v1/users/" + user.id() + "/unlock", null, api.adminToken()).ok(200);
        api.login(user.username(), user.password()).ok(200);
    }

    @Test
    void theNewPasswordMustPassThePolicy() {
        Api.TestUser user = api.createUser("analyst");
        String token = api.accessToken(user.username(), user.password());
        JsonObject weak = change(token, user.password(), "short").problem(400, "weak_password").json();
        assertTrue(weak.getJsonArray("errors").size() >= 2, weak.toString());
        assertTrue(weak.getJsonArray("errors").stream().allMatch(e -> e.asJsonObject().getString("field").equals("new_password")));
        change(token, user.password(), "Qwerty123456").problem(400, "weak_password");
        change(token, user.password(), "My-" + user.username() + "#2026").problem(400, "weak_password");
        api.post(PATH, Json.createObjectBuilder().add("current_password", user.password()).build(), token)
                .problem(400, "validation_failed");
        api.login(user.username(), user.password()).ok(200);
    }

    @Test
    void noneOfTheLastThreePasswordsMayComeBack() {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        String p0 = user.password();
        List<String> next = List.of("First#Change-2026", "Second#Change-2026", "Third#Change-2026");

        change(token, p0, p0).problem(400, "weak_password");
        change(token, p0, next.get(0)).ok(204);
        change(token, next.get(0), p0).problem(400, "weak_password");
        change(token, next.get(0), next.get(1)).ok(204);
        change(token, next.get(1), next.get(2)).ok(204);
        JsonObject reuse = change(token, next.get(2), next.get(0)).problem(400, "weak_password").json();
        assertEquals("must differ from your recent passwords",
                reuse.getJsonArray("errors").getJsonObject(0).getString("message"));
        change(token, next.get(2), p0).ok(204);
        api.login(user.username(), p0).ok(200);
        assertEquals(3L, WardenServer.queryValue("select count(*) from password_history where user_id = ?::uuid", user.id()),
                "only as much history as the policy needs is kept");
    }

    @Test
    void ofTwoConcurrentChangesExactlyOneWins() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        int[] n = {0};
        List<Api.Reply> replies = Parallel.run(4, () -> {
            int mine;
            synchronized (n) {
                mine = n[0]++;
            }
            return change(token, user.password(), "Concurrent#Pass-" + mine);
        });
        assertEquals(1, replies.stream().filter(r -> r.status() == 204).count(), replies.toString());
        replies.stream().filter(r -> r.status() != 204).forEach(r -> assertTrue(
                r.status() == 409 || r.status() == 400, r.toString()));
        api.post("/api/v1/users/" + user.id() + "/unlock", null, api.adminToken()).ok(200);
        long works = java.util.stream.IntStream.range(0, 4)
                .filter(i -> api.login(user.username(), "Concurrent#Pass-" + i).status() == 200).count();
        assertEquals(1, works, "exactly one of the new passwords took");
    }

    /** A leaked API key must not take the account over: changing the password needs a login session. */
    @Test
    void anApiKeyCannotChangeThePassword() {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        String key = api.createKey(token, "k").getString("api_key");
        api.withKey("POST", PATH, Json.createObjectBuilder().add("current_password", user.password())
                .add("new_password", "Changed#ByKey-2026").build(), key).problem(403, "session_required");
        api.get("/api/v1/auth/me", token).ok(200);
        api.login(user.username(), user.password()).ok(200);
        api.login(user.username(), "Changed#ByKey-2026").problem(401, "invalid_credentials");
    }
}
