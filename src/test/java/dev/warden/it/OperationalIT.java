package dev.warden.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC 5.5 and 8: health, OpenAPI, metrics and the effective settings. */
class OperationalIT extends WardenIT {

    /** Health, metrics and OpenAPI are the server's, at its root rather than the WAR's context. */
    private Api server() throws Exception {
        URI base = URI.create(api.base());
        return new Api(new URL(base.getScheme() + "://" + base.getHost() + ":" + base.getPort() + "/"));
    }

    @Test
    void readinessChecksTheDatabase() throws Exception {
        // the server's health at its root (Payara's; WildFly serves it on its management port),
        // and Warden's own under the application's URL (platform.boundary.HealthServlet)
        for (Api health : WardenServer.onWildFly() ? List.of(api) : List.of(server(), api)) {
            JsonObject ready = health.get("/health/ready", null).ok(200).json();
            assertEquals("UP", ready.getString("status"));
            assertTrue(ready.toString().contains("\"database\""), ready.toString());
            health.get("/health/live", null).ok(200);
            JsonObject all = health.get("/health", null).ok(200).json();
            assertTrue(all.toString().contains("\"database\""), all.toString());
        }
        JsonObject own = api.get("/health/ready", null).json();
        assertEquals(List.of("database"), own.getJsonArray("checks").stream()
                .map(c -> c.asJsonObject().getString("name")).toList(), own.toString());
        assertEquals("no-store", api.get("/health", null).header("Cache-Control"));
    }

    @Test
    void openApiDescribesEveryEndpoint() throws Exception {
        String openapi = server().send("GET", "/openapi", null, null, java.util.Map.of("Accept", "application/json")).ok(200).text();
        for (String path : List.of("/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout", "/api/v1/auth/logout/all",
                "/api/v1/auth/me", "/api/v1/users", "/api/v1/users/{user_id}", "/api/v1/users/{user_id}/unlock",
                "/api/v1/system/settings", "/api/v1/users/import", "/api/v1/users/{user_id}/sessions",
                "/api/v1/users/{user_id}/api-keys", "/api/v1/users/{user_id}/api-keys/{key_id}",
                "/api/v1/users/me/api-keys", "/api/v1/users/me/api-keys/{key_id}", "/api/v1/users/me/sessions",
                "/api/v1/users/me/sessions/{session_id}", "/api/v1/users/me/change-password", "/.well-known/jwks.json")) {
            assertTrue(openapi.contains(path + "\""), "OpenAPI lacks " + path);
        }
        assertTrue(openapi.contains("account_locked"), "error codes are described");
        assertTrue(openapi.contains("X-API-Key"), "the API-key scheme is described");
    }

    /** Generated clients name their methods after operation ids: each operation has its own, named for the action. */
    @Test
    void everyOperationHasItsOwnOperationId() throws Exception {
        JsonObject paths = server().send("GET", "/openapi", null, null, java.util.Map.of("Accept", "application/json"))
                .ok(200).json().getJsonObject("paths");
        List<String> ids = new java.util.ArrayList<>();
        paths.forEach((path, item) -> item.asJsonObject().forEach((method, operation) -> {
            if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                assertTrue(operation.asJsonObject().containsKey("operationId"), method + " " + path + " has no operationId");
                ids.add(operation.asJsonObject().getString("operationId"));
            }
        }));
        assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "duplicate operation ids: " + ids);
        assertTrue(ids.containsAll(List.of("listUsers", "createMyApiKey", "refreshTokens", "getUser", "getJwks",
                "listAuditEvents")), ids.toString());
    }

    @Test
    void jerseysWadlIsOff() {
        api.get("/api/v1/application.wadl", null).problem(404, "not_found");
    }

    @Test
    void metricsAreServed() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(WardenServer.onWildFly(),
                "WildFly 38 has no MicroProfile Metrics (README, WildFly)");
        server().get("/metrics", null).ok(200);
    }

    @Test
    void settingsShowEffectiveValuesButNoSecrets() {
        Api.Reply reply = api.get("/api/v1/system/settings", api.adminToken()).ok(200);
        JsonObject settings = reply.json();
        assertEquals("warden", settings.getString("warden.jwt.issuer"));
        assertEquals(String.valueOf(WardenServer.BCRYPT_COST), settings.getString("warden.password.bcrypt-cost"));
        assertEquals("PT30M", settings.getString("warden.lockout.duration"));
        assertTrue(settings.getJsonObject("secrets_configured").getBoolean("warden.encryption.key"));
        for (String secret : List.of(WardenServer.ENCRYPTION_KEY, WardenServer.ADMIN_PASSWORD)) {
            assertFalse(reply.text().contains(secret), "a secret leaked");
        }
        assertFalse(settings.containsKey("warden.encryption.key"));
        assertEquals(dev.warden.platform.control.SecretBox.fromBase64(WardenServer.ENCRYPTION_KEY).keyId(),
                settings.getJsonObject("encryption_key_ids").getString("current"));
        assertEquals(0, settings.getJsonObject("encryption_key_ids").getJsonArray("previous").size());
        assertEquals("500", settings.getString("warden.password.max-queued-hashes"));
        // the native signer in the WAR is for Linux on x86-64, where the tests run; elsewhere Java signs
        assertEquals("true", settings.getString("warden.jwt.native-signing"));
        assertEquals(TestKeys.NATIVE_SIGNER_HERE, settings.getString("token_signer").startsWith("AmazonCorrettoCryptoProvider 2."),
                settings.getString("token_signer"));
        assertTrue(Integer.parseInt(settings.getString("warden.password.max-concurrent-hashes")) >= 1,
                "the computed default is shown, not null");
        assertEquals("5000", settings.getString("warden.db.acquire-timeout-ms"));
        assertEquals("5000", settings.getString("warden.db.statement-timeout-ms"));
        assertEquals(settings.getString("warden.db.user"), settings.getString("warden.db.migration-user"),
                "without a migration user of its own, the request user migrates");
        assertEquals("PT3S", settings.getString("warden.users.search-statistics-interval")); // WardenServer sets it
        // settings without a default (SPEC 8: "—") that this deployment leaves unset are null
        java.util.Set<String> unsetAllowed = java.util.Set.of("warden.mail.smtp.username", "warden.mail.session");
        settings.forEach((key, value) -> assertFalse(value.getValueType() == jakarta.json.JsonValue.ValueType.NULL
                && !unsetAllowed.contains(key), key + " is shown with its effective value"));
        assertEquals("none", settings.getString("warden.mail.smtp.tls"));
        assertEquals(WardenServer.PUBLIC_URL, settings.getString("warden.public-url"));
        // SPEC 8's rate limit and alert threshold (missing from this view until 2026-12-07)
        assertEquals("1000000", settings.getString("warden.rate-limit.auth-per-minute")); // WardenServer sets it
        assertEquals("20", settings.getString("warden.alerts.failed-logins-per-address"));
        assertFalse(settings.getJsonObject("secrets_configured").getBoolean("warden.mail.smtp.password"));
        assertFalse(settings.containsKey("warden.bootstrap.admin.password"));
    }
}
