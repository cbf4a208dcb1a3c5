package dev.warden.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC 5.1 and 7: lockout after 5 consecutive failures, exact under concurrency. */
class LockoutIT extends WardenIT {

    @Test
    void fiveWrongPasswordsLockTheAccountAndTheRightOneIsNotEvenChecked() {
        Api.TestUser user = api.createUser("viewer");
        for (int i = 0; i < 5; i++) {
            api.login(user.username(), "Wrong#Password" + i).problem(401, "invalid_credentials");
        }
        JsonObject locked = api.login(user.username(), user.password()).problem(403, "account_locked").json();
        assertTrue(locked.containsKey("locked_until"));
        api.login(user.email(), user.password()).problem(403, "account_locked");
        JsonObject shown = api.get("/api/v1/users/" + user.id(), api.adminToken()).ok(200).json();
        assertTrue(shown.getBoolean("is_locked"));
        assertEquals(locked.getString("locked_until"), shown.getString("locked_until"));
    }

    @Test
    void successResetsTheCount() {
        Api.TestUser user = api.createUser("viewer");
        for (int i = 0; i < 4; i++) {
            api.login(user.username(), "Wrong#Password" + i).problem(401, "invalid_credentials");
        }
        api.login(user.username(), user.password()).ok(200);
        for (int i = 0; i < 4; i++) {
            api.login(user.username(), "Wrong#Password" + i).problem(401, "invalid_credentials");
        }
        api.login(user.username(), user.password()).ok(200);
        assertEquals(null, WardenServer.queryValue("select failed_attempts from login_failures where login_key = ?", user.username()));
    }

    @Test
    void twentyParallelWrongPasswordsCountExactlyFive() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        List<Api.Reply> replies = Parallel.run(20, () -> api.login(user.username(), "Wrong#Password-1"));
        long invalid = replies.stream().filter(r -> r.status() == 401).count();
        long locked = replies.stream().filter(r -> r.status() == 403).count();
        assertEquals(5, invalid, "exactly five failures are counted and answered invalid_credentials");
        assertEquals(15, locked, "the rest find the account locked");
        replies.stream().filter(r -> r.status() == 403).forEach(r -> r.problem(403, "account_locked"));
        assertEquals(5, WardenServer.queryValue("select failed_attempts from login_failures where login_key = ?", user.username()));
        api.login(user.username(), user.password()).problem(403, "account_locked");
    }

    @Test
    void unknownUsernamesAreCountedAndLockedAlike() {
        String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            api.login(ghost, "Wrong#Password" + i).problem(401, "invalid_credentials");
        }
        JsonObject locked = api.login(ghost, "Anything#12345").problem(403, "account_locked").json();
        assertTrue(locked.containsKey("locked_until"));
    }

    @Test
    void theLockEndsByItselfAfterTheDuration() {
        Api.TestUser user = api.createUser("viewer");
        for (int i = 0; i < 5; i++) {
            api.login(user.username(), "Wrong#Password" + i).problem(401, "invalid_credentials");
        }
        Object until = WardenServer.queryValue("select locked_until from login_failures where login_key = ?", user.username());
        Object last = WardenServer.queryValue("select last_failure_at from login_failures where login_key = ?", user.username());
        assertEquals(30 * 60, ((java.sql.Timestamp) until).toInstant().getEpochSecond()
                - ((java.sql.Timestamp) last).toInstant().getEpochSecond(), 1, "PT30M by default");
        // time passes: move the lock end into the past
        WardenServer.update("update login_failures set locked_until = now() - interval '1 second' where login_key = ?", user.username());
        api.login(user.username(), user.password()).ok(200);
        // and a new failure starts a new count instead of relocking at once
        api.login(user.username(), "Wrong#Password").problem(401, "invalid_credentials");
        assertEquals(1, WardenServer.queryValue("select failed_attempts from login_failures where login_key = ?", user.username()));
    }

    @Test
    void anAdminUnlocks() {
        Api.TestUser user = api.createUser("analyst");
        for (int i = 0; i < 5; i++) {
            api.login(user.username(), "Wrong#Password" + i).problem(401, "invalid_credentials");
        }
        api.login(user.username(), user.password()).problem(403, "account_locked");
        JsonObject unlocked = api.post("/api/v1/users/" + user.id() + "/unlock", null, api.adminToken()).ok(200).json();
        assertFalse(unlocked.getBoolean("is_locked"));
        assertTrue(unlocked.isNull("locked_until"));
        api.login(user.username(), user.password()).ok(200);
    }

    @Test
    void aLockedUserIsListedAsLocked() {
        Api.TestUser user = api.createUser("analyst");
        for (int i = 0; i < 5; i++) {
            api.login(user.username(), "Wrong#Password" + i);
        }
        String admin = api.adminToken();
        List<String> locked = api.get("/api/v1/users?locked=true&size=100&search=" + user.username(), admin).ok(200).json()
                .getJsonArray("items").getValuesAs(JsonObject.class).stream().map(u -> u.getString("id")).toList();
        assertEquals(List.of(user.id()), locked);
        assertEquals(0, api.get("/api/v1/users?locked=false&search=" + user.username(), admin).ok(200).json().getInt("total"));
    }
}
