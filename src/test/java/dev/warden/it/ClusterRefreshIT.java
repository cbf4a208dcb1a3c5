package dev.warden.it;

import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.warden.it.Cluster.a;
import static dev.warden.it.Cluster.api;
import static dev.warden.it.Cluster.b;
import static dev.warden.it.Cluster.me;
import static dev.warden.it.Cluster.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Refresh across instances: a refresh token used on one instance and again on the other is
 * reuse, and refresh chains on both instances racing a role change leave no usable token
 * with the old role (a refresh takes the name and role from the instance's memory).
 */
@ExtendWith(Cluster.class)
@Order(Integer.MAX_VALUE - 5)
class ClusterRefreshIT {

    @Test
    void aRefreshTokenUsedOnBAndAgainOnAIsReuse() {
        Api.TestUser user = user();
        JsonObject first = api(a).tokens(user.username(), user.password());
        JsonObject second = api(b).post("/api/v1/auth/refresh", Json.createObjectBuilder()
                .add("refresh_token", first.getString("refresh_token")).build(), null).ok(200).json();
        api(a).post("/api/v1/auth/refresh", Json.createObjectBuilder()
                .add("refresh_token", first.getString("refresh_token")).build(), null)
                .problem(401, "refresh_token_reused");
        api(b).post("/api/v1/auth/refresh", Json.createObjectBuilder()
                .add("refresh_token", second.getString("refresh_token")).build(), null)
                .problem(401, "refresh_token_invalid");
        api(a).get("/api/v1/auth/me", second.getString("access_token")).problem(401, "unauthorized");
    }

    /**
     * A refresh takes the user's name and role from the instance's memory: four refresh chains,
     * two on each instance, run while the role changes on A. Every chain ends with
     * refresh_token_invalid, and every access token a refresh handed out with the old role is
     * refused on both instances once the change answered. The next login's refresh on B
     * carries the new role.
     */
    @Test
    void noRefreshOnEitherInstanceLeavesAUsableTokenWithTheOldRole() throws Exception {
        String admin = api(a).adminToken();
        Api.TestUser user = api(a).createUser("analyst");
        int chains = 4;
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(chains);
        List<CompletableFuture<List<String>>> running = new java.util.ArrayList<>();
        for (int i = 0; i < chains; i++) {
            Instance server = i % 2 == 0 ? a : b;
            String first = api(server).tokens(user.username(), user.password()).getString("refresh_token");
            running.add(CompletableFuture.supplyAsync(() -> refreshUntilRefused(server, first, started)));
        }
        assertTrue(started.await(60, java.util.concurrent.TimeUnit.SECONDS), "every chain refreshed twice");
        api(a).patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("role", "viewer").build(), admin).ok(200);

        int oldRole = 0;
        for (CompletableFuture<List<String>> chain : running) {
            for (String token : chain.get(60, java.util.concurrent.TimeUnit.SECONDS)) {
                if (SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("groups").contains("analyst")) {
                    oldRole++;
                    api(a).get("/api/v1/auth/me", token).problem(401, "unauthorized");
                    api(b).get("/api/v1/auth/me", token).problem(401, "unauthorized");
                }
            }
        }
        assertTrue(oldRole >= 2 * chains, "the chains refreshed before the change: " + oldRole);
        String refresh = api(b).tokens(user.username(), user.password()).getString("refresh_token");
        JsonObject refreshed = api(b).post("/api/v1/auth/refresh", Json.createObjectBuilder()
                .add("refresh_token", refresh).build(), null).ok(200).json();
        assertEquals(List.of("viewer"), SignedJWT.parse(refreshed.getString("access_token")).getJWTClaimsSet()
                .getStringListClaim("groups"));
        assertEquals("viewer", me(b, refreshed.getString("access_token")).getString("role"));
    }

    /**
     * Refreshes with each new token until one is refused (refresh_token_invalid); the access
     * tokens it got. A new client address every 20 refreshes keeps it below the rate limit.
     */
    private static List<String> refreshUntilRefused(Instance server, String refreshToken,
                                                    java.util.concurrent.CountDownLatch started) {
        List<String> accessTokens = new java.util.ArrayList<>();
        String current = refreshToken;
        Api client = null;
        for (int i = 0; i < 500; i++) {
            if (i % 20 == 0) {
                client = server.api().forwardedFor(Addresses.unique());
            }
            Api.Reply reply = client.post("/api/v1/auth/refresh", Json.createObjectBuilder()
                    .add("refresh_token", current).build(), null);
            if (reply.status() == 401) {
                reply.problem(401, "refresh_token_invalid");
                return accessTokens;
            }
            JsonObject tokens = reply.ok(200).json();
            accessTokens.add(tokens.getString("access_token"));
            current = tokens.getString("refresh_token");
            if (accessTokens.size() == 2) {
                started.countDown();
            }
        }
        return fail("500 refreshes and the role change did not end the session");
    }
}
