package dev.warden.it;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Warden started away from the defaults, as an operator configures it: a signing key
 * given as PEM (SPEC 6), a lockout that lasts until an admin unlocks (duration PT0S), a
 * proxy that names the client in a Forwarded header (RFC 7239),
 * and a real bcrypt cost, under which unknown names, native and imported hashes must
 * take alike to refuse.
 * A server of its own on a database of its own, started once for the class.
 */
@OwnServers
class ConfiguredServerIT {

    private static KeyPair signingKey;
    private static WardenProcess server;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        try (Connection c = WardenServer.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database configured");
        }
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        signingKey = rsa.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(signingKey.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("warden.db.url", WardenServer.jdbcUrl().replace("/postgres", "/configured"));
        settings.put("warden.db.user", "postgres");
        settings.put("warden.encryption.key", WardenServer.ENCRYPTION_KEY);
        // A real cost, so that the bcrypt work dominates the timing test below, not the HTTP noise.
        settings.put("warden.password.bcrypt-cost", "10");
        settings.put("warden.bootstrap.admin.username", WardenServer.ADMIN_USERNAME);
        settings.put("warden.bootstrap.admin.email", WardenServer.ADMIN_EMAIL);
        settings.put("warden.bootstrap.admin.password", WardenServer.ADMIN_PASSWORD);
        settings.put("warden.lockout.duration", "PT0S");
        // behind a proxy that names the client in RFC 7239's Forwarded header
        settings.put("warden.trusted-proxies", WardenServer.TRUSTED_PROXY);
        settings.put("warden.proxy-header", "forwarded");
        settings.put("warden.lockout.max-failed-attempts", "2");
        settings.put("warden.registration.enabled", "true");
        settings.put("warden.registration.require-email-verification", "false");
        // An SMTP server that is down: nothing listens on this port.
        settings.put("warden.mail.smtp.host", "127.0.0.1");
        settings.put("warden.mail.smtp.port", String.valueOf(WardenProcess.freePort()));
        settings.put("warden.mail.smtp.tls", "none");
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "configured");
        server = WardenProcess.start(folder, WardenProcess.freePort(), settings,
                Map.of("WARDEN_JWT_SIGNING_KEY", pem));
        api = server.api();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tokensAreSignedWithTheConfiguredKeyAndVerified() throws Exception {
        RSAKey configured = new RSAKey.Builder((RSAPublicKey) signingKey.getPublic()).build();
        String kid = configured.computeThumbprint().toString();
        JWKSet published = JWKSet.parse(api.get("/.well-known/jwks.json", null).ok(200).text());
        assertEquals(1, published.getKeys().size());
        assertEquals(kid, published.getKeys().get(0).getKeyID());

        String token = api.adminToken();
        SignedJWT jwt = SignedJWT.parse(token);
        assertEquals(kid, jwt.getHeader().getKeyID());
        assertTrue(jwt.verify(new RSASSAVerifier((RSAPublicKey) signingKey.getPublic())), "signed by the configured key");
        api.get("/api/v1/auth/me", token).ok(200);
        assertTrue(server.logText().contains("Signing access tokens with RS256, key " + kid), "logged at start");
    }

    /**
     * warden.proxy-header=forwarded: the right-most untrusted {@code for} of a Forwarded
     * header from the trusted proxy is the client, on its session and its events, and
     * counts in the rate limit as that client; X-Forwarded-For, which a client could send
     * through such a proxy, is not read.
     */
    @Test
    void behindAProxyThatWritesForwardedTheForOfItIsTheClient() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String body = "{\"username\":\"" + user.username() + "\",\"password\":\"" + user.password() + "\"}";
        String status = TrustedProxy.post(api.base(), "/api/v1/auth/login", body,
                "X-Forwarded-For: 198.51.100.77\r\nForwarded: for=192.0.2.1, for=\"[2001:db8:cafe::17]:4711\";proto=https, "
                        + "for=" + WardenServer.TRUSTED_PROXY);
        assertTrue(status.contains(" 200 "), status);
        String admin = api.adminToken();
        JsonObject login = api.get("/api/v1/audit-events?type=login&user_id=" + user.id(), admin).ok(200).json()
                .getJsonArray("items").getJsonObject(0);
        assertEquals("2001:db8:cafe::17", login.getString("ip_address"));
        status = TrustedProxy.post(api.base(), "/api/v1/auth/login", body, "X-Forwarded-For: 198.51.100.77");
        assertTrue(status.contains(" 200 "), status);
        assertEquals(1, api.get("/api/v1/audit-events?type=login&ip_address=" + WardenServer.TRUSTED_PROXY
                + "&user_id=" + user.id(), admin).ok(200).json().getInt("total"), "X-Forwarded-For is not read");
        assertEquals(0, api.get("/api/v1/audit-events?ip_address=198.51.100.77", admin).ok(200).json().getInt("total"));
    }

    /** A key given as PEM is the operator's: it is rotated by configuring another one, not through the API. */
    @Test
    void aConfiguredKeyIsNotRotatedThroughTheApi() throws Exception {
        String admin = api.adminToken();
        String kid = SignedJWT.parse(admin).getHeader().getKeyID();
        api.post("/api/v1/system/signing-keys/rotate", null, admin).problem(409, "conflict");
        assertEquals(kid, SignedJWT.parse(api.adminToken()).getHeader().getKeyID(), "still signing with it");
        assertEquals(1, JWKSet.parse(api.get("/.well-known/jwks.json", null).ok(200).text()).getKeys().size());
    }

    /**
     * Unknown names, users with native hashes and users with imported hashes of a lower
     * cost take alike to be refused (no user enumeration by timing). Measured side by
     * side, interleaved, as medians; the margin is wide: without the padding an imported
     * cost-4 hash is refused in a tenth of the time.
     */
    @Test
    void unknownNativeAndImportedUsersTakeAlikeToBeRefused() {
        int rounds = 7;
        String admin = api.adminToken();
        List<Api.TestUser> natives = new ArrayList<>();
        JsonArrayBuilder imports = Json.createArrayBuilder();
        List<String> imported = new ArrayList<>();
        String cheap = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(4, "Old#Password-2019".toCharArray());
        for (int i = 0; i < rounds; i++) {
            natives.add(api.createUser("viewer"));
            String name = "imp" + UUID.randomUUID().toString().substring(0, 8);
            imported.add(name);
            imports.add(Json.createObjectBuilder().add("username", name).add("email", name + "@example.org")
                    .add("role", "viewer").add("password_hash", cheap));
        }
        assertEquals(rounds, api.post("/api/v1/users/import", Json.createObjectBuilder().add("users", imports).build(),
                admin).ok(200).json().getInt("imported"));
        List<Long> unknown = new ArrayList<>();
        List<Long> nativeHash = new ArrayList<>();
        List<Long> importedHash = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            unknown.add(refusalMillis("nobody" + UUID.randomUUID().toString().substring(0, 8)));
            nativeHash.add(refusalMillis(natives.get(i).username()));
            importedHash.add(refusalMillis(imported.get(i)));
        }
        long u = median(unknown);
        long n = median(nativeHash);
        long m = median(importedHash);
        long slowest = Math.max(u, Math.max(n, m));
        String medians = "medians ms: unknown " + u + ", native " + n + ", imported " + m;
        assertTrue(u * 2 >= slowest && n * 2 >= slowest && m * 2 >= slowest, medians);
    }

    private static long refusalMillis(String username) {
        long started = System.nanoTime();
        api.login(username, "Wrong#Password-1").problem(401, "invalid_credentials");
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Anyone can send bad tokens: a flood of them must not grow the log without bound
     * (MicroProfile JWT logged a stack trace per token) and no token may reach the log.
     */
    @Test
    void aThousandBadTokensLeaveAFewLogLinesAndNoToken() throws Exception {
        String marker = "floodMarker" + UUID.randomUUID().toString().replace("-", "");
        String genuine = api.adminToken();
        String forged = genuine.substring(0, genuine.lastIndexOf('.') + 1) + marker;
        long before = server.logText().length();
        int linesBefore = server.logLines().size();
        for (int i = 0; i < 1000; i++) {
            String token = switch (i % 3) {
                case 0 -> forged;
                case 1 -> marker + "." + i + ".x";
                default -> "eyJhbGciOiJub25lIn0." + marker + ".";
            };
            api.get("/api/v1/auth/me", token).problem(401, "unauthorized");
        }
        api.withKey("GET", "/api/v1/auth/me", null, "wdn_" + marker).problem(401, "unauthorized");
        Thread.sleep(500);
        String added = server.logText().substring((int) before);
        assertTrue(added.length() < 4_000, () -> "the log grew by " + added.length() + " characters:\n" + added);
        assertTrue(server.logLines().size() - linesBefore < 20, added);
        assertFalse(added.contains(marker), "no token in the log");
        assertFalse(added.contains("\tat "), "no stack trace");
    }

    @Test
    void withDurationPT0SALockLastsUntilAnAdminUnlocks() {
        Api.TestUser user = api.createUser("viewer");
        api.login(user.username(), "Wrong#Password-1").problem(401, "invalid_credentials");
        api.login(user.username(), "Wrong#Password-2").problem(401, "invalid_credentials");
        JsonObject locked = api.login(user.username(), user.password()).problem(403, "account_locked").json();
        assertTrue(locked.isNull("locked_until"), "null: until an admin unlocks");
        JsonObject listed = api.get("/api/v1/users/" + user.id(), api.adminToken()).ok(200).json();
        assertTrue(listed.getBoolean("is_locked"));
        assertTrue(listed.isNull("locked_until"));
        api.post("/api/v1/users/" + user.id() + "/unlock", null, api.adminToken()).ok(200);
        api.login(user.username(), user.password()).ok(200);
    }

    /**
     * With the SMTP server down the request is still answered (the mail leaves after the
     * answer), the failure is logged after the retries, and neither the token nor the link
     * is in the log.
     */
    @Test
    void aMailThatCannotBeSentLeavesTheRequestAnsweredAndIsLoggedWithoutTheToken() throws Exception {
        api.post("/api/v1/auth/forgot-password", jakarta.json.Json.createObjectBuilder()
                .add("email", WardenServer.ADMIN_EMAIL).build(), null).ok(202);
        long deadline = System.currentTimeMillis() + 40_000;
        while (!server.logText().contains("Could not send a password-reset mail") && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
        }
        String log = server.logText();
        assertTrue(log.contains("Could not send a password-reset mail to r***@warden.test after 3 attempts"),
                "the failure is logged, the address masked");
        assertFalse(log.contains("reset-password?token="), "no link or token in the log");
        assertFalse(log.contains(WardenServer.ADMIN_EMAIL), "not the whole address either");
        api.get("/health/ready", null).ok(200);
    }

    /** SMTP is configured here but warden.public-url is left at its default: the start says what that means. */
    @Test
    void mailsThatLeaveWithLinksToLocalhostAreWarnedAboutAtStart() {
        assertTrue(server.logText().contains("Mails are sent but warden.public-url is http://localhost:8080: the links "
                + "in password-reset, registration and address-check mails lead to this machine's loopback address"),
                server.logText());
    }

    /** With require-email-verification=false a registered account logs in before its address is verified. */
    @Test
    void withoutRequiredVerificationARegisteredAccountLogsInAtOnce() {
        String name = "self" + java.util.UUID.randomUUID().toString().substring(0, 8);
        jakarta.json.JsonObject user = api.post("/api/v1/auth/register", jakarta.json.Json.createObjectBuilder()
                .add("username", name).add("email", name + "@example.org").add("password", "Self#Registered-2026")
                .build(), null).ok(201).json();
        assertFalse(user.getBoolean("email_verified"));
        api.login(name, "Self#Registered-2026").ok(200);
    }
}
