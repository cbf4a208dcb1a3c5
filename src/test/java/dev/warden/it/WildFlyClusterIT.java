package dev.warden.it;

import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two WildFly instances on one database (the shared one and a second, {@link WildFlyProcess}):
 * a logout on one is refused on the other at once, and a key made by a rotation on one is
 * verified on both, whose MicroProfile JWT (SmallRye) read the keys before it existed
 * (system.control.RekeyedJwtParser; without it both answer 500). The Cluster*IT classes test the rest of a cluster,
 * on two instances of their own of either server; this runs in the WildFly run only, on the shared server's
 * database and settings. Before DatabaseRestartIT, which would cut both.
 */
@Order(Integer.MAX_VALUE - 7)
class WildFlyClusterIT extends WardenIT {

    private static WildFlyProcess b;

    @BeforeAll
    static void second() throws Exception {
        assumeTrue(WardenServer.onWildFly(), "WildFly's run only; Cluster*IT test two Payara Micro instances in the Payara run");
        b = WildFlyProcess.beside("b");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (b != null) {
            b.close();
        }
    }

    private static String kid(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    @Test
    void aLogoutOnOneInstanceIsRefusedOnTheOtherAtOnce() {
        Api.TestUser user = api.createUser("viewer");
        JsonObject tokens = api.tokens(user.username(), user.password());
        String access = tokens.getString("access_token");
        b.api().get("/api/v1/auth/me", access).ok(200); // B verified it and keeps it in memory
        api.get("/api/v1/auth/me", access).ok(200);
        b.api().post("/api/v1/auth/logout", null, access).ok(204);
        api.get("/api/v1/auth/me", access).problem(401, "unauthorized");
        b.api().get("/api/v1/auth/me", access).problem(401, "unauthorized");
    }

    @Test
    void aRotationOnOneInstanceIsVerifiedOnTheOther() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String before = b.api().accessToken(user.username(), user.password());
        api.get("/api/v1/auth/me", before).ok(200);
        b.api().get("/api/v1/auth/me", before).ok(200);
        // twice: the first promotes the standby key, which both JWKS held from the start
        // (SigningKeys, "published ahead"); the second promotes one made after both
        // instances' MicroProfile JWT first read the keys
        api.post("/api/v1/system/signing-keys/rotate", null, api.adminToken()).ok(200);
        api.post("/api/v1/system/signing-keys/rotate", null, api.adminToken()).ok(200);
        String after = api.accessToken(user.username(), user.password());
        assertNotEquals(kid(before), kid(after), "the login after the rotation signs with the new key");
        b.api().get("/api/v1/auth/me", after).ok(200);
        b.api().get("/api/v1/auth/me", before).ok(200);
        String fromB = b.api().accessToken(user.username(), user.password());
        assertNotEquals(kid(before), kid(fromB), "B signs with the new key too");
        api.get("/api/v1/auth/me", fromB).ok(200);
    }
}
