package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Issue 10, point 3 and 6: alerts raised from the trail, deduplicated while open, under the role rules. */
class AlertsIT extends WardenIT {

    private static final String ALERTS = "/api/v1/alerts";

    private List<JsonObject> alerts(String query) {
        return api.get(ALERTS + "?size=100&" + query, api.adminToken()).ok(200).json().getJsonArray("items")
                .getValuesAs(JsonObject.class);
    }

    private Optional<JsonObject> alertAbout(String type, String member, String value) {
        return alerts("type=" + type).stream().filter(a -> value.equals(a.getString(member, null))).findFirst();
    }

    /** Alerts are raised off the request thread: wait for what must appear. */
    private static <T> T await(Supplier<Optional<T>> what, String description) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<T> value = what.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(100);
        }
        fail("never happened: " + description);
        return null;
    }

    private void failFrom(String address) throws Exception {
        String status = TrustedProxy.login(api.base(), "nobody-" + UUID.randomUUID().toString().substring(0, 8),
                "Wrong#Password-1", address);
        assertTrue(status.contains(" 401 "), status);
    }

    @Test
    void moreThanTwentyFailuresFromOneAddressRaiseOneHighAlertWhoseCountGrows() throws Exception {
        String address = Addresses.unique();
        for (int i = 0; i < 20; i++) {
            failFrom(address);
        }
        Thread.sleep(1500);
        assertTrue(alertAbout("failed_logins_from_address", "ip_address", address).isEmpty(),
                "20 failures are not more than warden.alerts.failed-logins-per-address (20)");
        failFrom(address);
        JsonObject alert = await(() -> alertAbout("failed_logins_from_address", "ip_address", address),
                "the alert after the 21st failure");
        assertEquals("high", alert.getString("severity"));
        assertEquals("open", alert.getString("status"));
        assertEquals(1, alert.getInt("count"));
        assertEquals(21, alert.getJsonObject("details").getInt("failures"));

        // Repeats, even concurrent ones, count on the one open alert.
        Parallel.run(10, () -> {
            failFrom(address);
            return null;
        });
        await(() -> alertAbout("failed_logins_from_address", "ip_address", address)
                .filter(a -> a.getInt("count") == 11), "the count of 11 raises");
        assertEquals(1, alerts("type=failed_logins_from_address").stream()
                .filter(a -> address.equals(a.getString("ip_address", null))).count(), "one alert per address");
    }

    /**
     * An IPv6 client counts by its /64 (warden.client-ipv6-prefix): twenty-one failures, each
     * from another address of one network, raise the alert about the network; the trail keeps
     * each address, in its short form, found by any form of it.
     */
    @Test
    void failuresFromManyAddressesOfOneIpv6NetworkRaiseTheAlertAboutTheNetwork() throws Exception {
        String network = Addresses.uniqueIpv6Network();
        for (int i = 1; i <= 20; i++) {
            failFrom(network + ":" + Integer.toHexString(i) + ":0:0:1");
        }
        Thread.sleep(1500);
        assertTrue(alertAbout("failed_logins_from_address", "ip_address", network + "::/64").isEmpty(),
                "20 failures are not more than warden.alerts.failed-logins-per-address (20)");
        failFrom(network + ":0:0:0:21");
        JsonObject alert = await(() -> alertAbout("failed_logins_from_address", "ip_address", network + "::/64"),
                "the alert about the network after the 21st failure");
        assertEquals(21, alert.getJsonObject("details").getInt("failures"));
        assertEquals(1, alert.getInt("count"));
        // the long form (as a proxy may write it) finds the event stored in the short one
        List<JsonObject> events = api.get("/api/v1/audit-events?type=login&ip_address="
                        + network.toUpperCase(java.util.Locale.ROOT) + ":0000:0000:0000:0021", api.adminToken())
                .ok(200).json().getJsonArray("items").getValuesAs(JsonObject.class);
        assertEquals(1, events.size(), events.toString());
        assertEquals(network + "::21", events.get(0).getString("ip_address"));
        assertEquals("failure", events.get(0).getString("outcome"));
    }

    @Test
    void aLockedAccountRaisesAMediumAlertAndRepeatsCountUntilItIsHandled() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String admin = api.adminToken();
        lock(user);
        JsonObject alert = await(() -> alertAbout("account_locked", "user_id", user.id()), "the lockout alert");
        assertEquals("medium", alert.getString("severity"));
        assertEquals(1, alert.getInt("count"));

        api.post("/api/v1/users/" + user.id() + "/unlock", null, admin).ok(200);
        lock(user);
        await(() -> alertAbout("account_locked", "user_id", user.id()).filter(a -> a.getInt("count") == 2),
                "the second lockout counted on the open alert");

        Api.TestUser analyst = api.createUser("analyst");
        String analystToken = api.accessToken(analyst.username(), analyst.password());
        // a merge patch cannot remove the status: null is refused by name, nothing changes
        for (String type : java.util.List.of("application/json", "application/merge-patch+json")) {
            JsonObject refused = api.send("PATCH", ALERTS + "/" + alert.getString("id"), type, "{\"status\":null}",
                    java.util.Map.of("Authorization", "Bearer " + analystToken))
                    .problem(400, "validation_failed").json().getJsonArray("errors").getJsonObject(0);
            assertEquals("status", refused.getString("field"), type);
        }
        assertEquals("open", api.get(ALERTS + "/" + alert.getString("id"), analystToken).ok(200).json()
                .getString("status"));
        JsonObject resolved = api.patch(ALERTS + "/" + alert.getString("id"), Json.createObjectBuilder()
                .add("status", "resolved").build(), analystToken).ok(200).json();
        assertEquals("resolved", resolved.getString("status"));
        JsonObject handled = api.get("/api/v1/audit-events?type=alert_updated&user_id=" + analyst.id(), admin).ok(200)
                .json().getJsonArray("items").getJsonObject(0);
        assertEquals(alert.getString("id"), handled.getJsonObject("details").getString("alert_id"), "who handled it");
        assertEquals("open", handled.getJsonObject("details").getString("from"));
        assertEquals("resolved", handled.getJsonObject("details").getString("to"));
        api.get(ALERTS + "/" + alert.getString("id"), analystToken).ok(200);

        api.post("/api/v1/users/" + user.id() + "/unlock", null, admin).ok(200);
        lock(user);
        JsonObject second = await(() -> alerts("type=account_locked&status=open").stream()
                .filter(a -> user.id().equals(a.getString("user_id", null))).findFirst(), "a new alert once resolved");
        assertEquals(1, second.getInt("count"));
        api.patch(ALERTS + "/" + alert.getString("id"), Json.createObjectBuilder().add("status", "open").build(),
                analystToken).problem(409, "conflict");
    }

    private void lock(Api.TestUser user) {
        for (int i = 0; i < 5; i++) {
            api.login(user.username(), "Wrong#Password-" + i);
        }
        api.login(user.username(), user.password()).problem(403, "account_locked");
    }

    @Test
    void refreshTokenReuseAndAdminGrantsRaiseTheirAlerts() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String refresh = api.tokens(user.username(), user.password()).getString("refresh_token");
        api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", refresh).build(), null).ok(200);
        api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", refresh).build(), null)
                .problem(401, "refresh_token_reused");
        JsonObject reuse = await(() -> alertAbout("refresh_token_reused", "user_id", user.id()), "the reuse alert");
        assertEquals("high", reuse.getString("severity"));

        api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("role", "admin").build(),
                api.adminToken()).ok(200);
        JsonObject granted = await(() -> alertAbout("admin_role_granted", "user_id", user.id()), "the grant alert");
        assertEquals("medium", granted.getString("severity"));
        assertTrue(granted.getJsonObject("details").containsKey("granted_by"), granted.toString());
        api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("role", "viewer").build(),
                api.adminToken()).ok(200);
    }

    /**
     * Each grant answers with the user as it now is, read after the commit while its alert is
     * raised in the background: concurrent grants all answer whole, and every one is alerted.
     */
    @Test
    void concurrentAdminGrantsAllAnswerAndAllRaiseTheirAlerts() throws Exception {
        List<Api.TestUser> users = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            users.add(api.createUser("viewer"));
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<JsonObject> answers = Parallel.run(users.size(), () -> {
            Api.TestUser user = users.get(next.getAndIncrement());
            return api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("role", "admin").build(),
                    api.adminToken()).ok(200).json();
        });
        for (JsonObject answer : answers) {
            assertEquals("admin", answer.getString("role"), answer.toString());
            assertTrue(answer.getBoolean("is_active"), answer.toString());
            assertEquals(false, answer.getBoolean("is_locked"), answer.toString());
        }
        for (Api.TestUser user : users) {
            await(() -> alertAbout("admin_role_granted", "user_id", user.id()), "the grant alert of " + user.username());
            api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("role", "viewer").build(),
                    api.adminToken()).ok(200);
        }
    }

    @Test
    void everyRoleReadsAlertsOnlyAnalystsAndAdminsChangeThem() throws Exception {
        Api.TestUser locked = api.createUser("viewer");
        lock(locked);
        JsonObject alert = await(() -> alertAbout("account_locked", "user_id", locked.id()), "an alert");
        String path = ALERTS + "/" + alert.getString("id");
        Api.TestUser viewer = api.createUser("viewer");
        String viewerToken = api.accessToken(viewer.username(), viewer.password());
        api.get(ALERTS, viewerToken).ok(200);
        api.get(path, viewerToken).ok(200);
        api.patch(path, Json.createObjectBuilder().add("status", "acknowledged").build(), viewerToken)
                .problem(403, "forbidden");
        api.get(ALERTS, null).problem(401, "unauthorized");
        JsonObject acknowledged = api.patch(path, Json.createObjectBuilder().add("status", "acknowledged").build(),
                api.adminToken()).ok(200).json();
        assertEquals("acknowledged", acknowledged.getString("status"));
        assertTrue(alerts("status=acknowledged").stream().anyMatch(a -> a.getString("id").equals(alert.getString("id"))));
        assertTrue(alerts("status=open&severity=medium").stream().noneMatch(a -> a.getString("id")
                .equals(alert.getString("id"))));

        api.get(ALERTS + "/" + UUID.randomUUID(), viewerToken).problem(404, "not_found");
        api.patch(path, Json.createObjectBuilder().add("status", "gone").build(), api.adminToken())
                .problem(400, "validation_failed");
        api.patch(path, Json.createObjectBuilder().add("status", "open").add("title", "x").build(), api.adminToken())
                .problem(400, "validation_failed");
        api.get(ALERTS + "?status=closed", viewerToken).problem(400, "validation_failed");
        api.get(ALERTS + "?severity=critical", viewerToken).problem(400, "validation_failed");
        api.get(ALERTS + "?type=fire", viewerToken).problem(400, "validation_failed");
    }

    /** Operators graph Warden from /metrics without reading the audit table. */
    @Test
    void countersAreInTheMetrics() throws Exception {
        assumeFalse(WardenServer.onWildFly(), "WildFly 38 has no MicroProfile Metrics (README, WildFly)");
        Api.TestUser user = api.createUser("viewer");
        api.tokens(user.username(), user.password());
        api.login(user.username(), "Wrong#Password-1");
        String refresh = api.tokens(user.username(), user.password()).getString("refresh_token");
        api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", refresh).build(), null).ok(200);
        URI base = URI.create(api.base());
        Api server = new Api(new URL(base.getScheme() + "://" + base.getHost() + ":" + base.getPort() + "/"));
        String metrics = server.send("GET", "/metrics", null, null, java.util.Map.of("Accept", "text/plain"))
                .ok(200).text();
        for (String counter : List.of("warden_logins_total", "warden_token_refreshes_total")) {
            assertTrue(metrics.contains(counter), counter + " in /metrics");
        }
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("warden_logins_total") && l.contains("outcome=\"failure\"")
                && l.contains("reason=\"invalid_credentials\"")), "failed logins by reason");

        api.post("/api/v1/users", Json.createObjectBuilder().add("username", "admin-" + UUID.randomUUID()
                        .toString().substring(0, 8)).add("email", UUID.randomUUID() + "@example.com")
                .add("password", "Granted#Admin-2026").add("role", "admin").build(), api.adminToken()).ok(201);
        await(() -> Optional.of(server.send("GET", "/metrics", null, null, java.util.Map.of("Accept", "text/plain"))
                        .ok(200).text()).filter(m -> m.lines().anyMatch(l -> l.startsWith("warden_alerts_raised_total")
                        && l.contains("type=\"admin_role_granted\""))),
                "warden_alerts_raised_total{type=admin_role_granted} in /metrics");
    }
}
