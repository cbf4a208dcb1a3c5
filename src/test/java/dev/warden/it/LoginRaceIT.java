package dev.warden.it;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A login racing a change that revokes access (role change, deactivation, password
 * change) cannot leave a token with the old role or for the old password. The first
 * tests are deterministic: the test holds the user's row lock, as the racing change's own
 * transaction would, so the login, its password already checked, must wait for that
 * change and then carry its result (a refusal for a deactivation or a new password). The
 * last one races real requests many times: a login whose token carries the old role must
 * be dead.
 */
class LoginRaceIT extends WardenIT {

    private final ExecutorService client = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        client.shutdownNow();
    }

    /** Runs the login while the test holds the user row, applies the change, commits, and answers the login. */
    private Api.Reply loginDuring(Api.TestUser user, String change) throws Exception {
        try (Connection c = WardenServer.db().getConnection()) {
            WardenServer.lockUserRow(c, user.id());
            Future<Api.Reply> login = client.submit(() -> api.login(user.username(), user.password()));
            Thread.sleep(1500);
            assertFalse(login.isDone(), "the login waits for the change holding the user row");
            try (PreparedStatement update = c.prepareStatement(change)) {
                update.setString(1, user.id());
                update.executeUpdate();
            }
            c.commit();
            return login.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLoginRacingARoleChangeCarriesTheNewRole() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        Api.Reply reply = loginDuring(user, "update users set role = 'analyst' where id = ?::uuid").ok(200);
        String token = reply.json().getString("access_token");
        assertEquals(List.of("analyst"), SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("groups"));
        assertEquals("analyst", api.get("/api/v1/auth/me", token).ok(200).json().getJsonObject("user").getString("role"));
    }

    @Test
    void loginsRacingRoleChangesNeverLeaveALiveTokenWithTheOldRole() throws Exception {
        String admin = api.adminToken();
        for (int round = 0; round < 40; round++) {
            Api.TestUser user = api.createUser("viewer");
            java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
            List<Api.Reply> replies = Parallel.run(2, () -> turn.getAndIncrement() == 0
                    ? api.login(user.username(), user.password())
                    : api.patch("/api/v1/users/" + user.id(), jakarta.json.Json.createObjectBuilder()
                            .add("role", "analyst").build(), admin));
            Api.Reply login = replies.stream().filter(r -> r.text().contains("access_token")).findFirst().orElse(null);
            if (login == null) {
                continue;
            }
            String token = login.json().getString("access_token");
            List<String> groups = SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("groups");
            if (groups.contains("viewer")) {
                api.get("/api/v1/auth/me", token).problem(401, "unauthorized");
            }
        }
    }

    @Test
    void aLoginRacingADeactivationIsRefused() throws Exception {
        Api.TestUser user = api.createUser("analyst");
        loginDuring(user, "update users set is_active = false where id = ?::uuid").problem(403, "account_disabled");
        assertEquals(0L, WardenServer.queryValue("select count(*) from sessions where user_id = ?::uuid", user.id()));
    }

    @Test
    void aLoginRacingAPasswordChangeIsRefused() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        loginDuring(user, "update users set password_hash = 'bcrypt-sha384:changed', "
                + "password_version = password_version + 1 where id = ?::uuid").problem(401, "invalid_credentials");
        assertEquals("bcrypt-sha384:changed", WardenServer.queryValue(
                "select password_hash from users where id = ?::uuid", user.id()), "the new password stands");
        assertEquals(0L, WardenServer.queryValue("select count(*) from sessions where user_id = ?::uuid", user.id()));
    }
}
