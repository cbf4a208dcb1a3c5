package dev.warden.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documented development admin exists only for the embedded database
 * (EmbeddedDefaultIT): on PostgreSQL without a bootstrap password no admin is created,
 * the well-known password opens nothing, and the log says how to create one.
 */
@OwnServers
class BootstrapAdminIT {

    @Test
    void onPostgresWithoutAPasswordNoAdminIsCreated() throws Exception {
        try (Connection c = WardenServer.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database no_bootstrap");
        }
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "bootstrap");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("warden.db.url", WardenServer.jdbcUrl().replace("/postgres", "/no_bootstrap"));
        settings.put("warden.db.user", "postgres");
        settings.put("warden.encryption.key", WardenServer.ENCRYPTION_KEY);
        settings.put("warden.password.bcrypt-cost", String.valueOf(WardenServer.BCRYPT_COST));
        try (WardenProcess server = WardenProcess.start(folder, WardenProcess.freePort(), settings, Map.of())) {
            server.api().login("admin", "Change#Me-2026").problem(401, "invalid_credentials");
            assertTrue(server.logText().contains("No active admin exists and none was created"), server.logText());
            assertEquals(0L, count(settings.get("warden.db.url")));
        }
    }

    private static long count(String url) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement(); var rs = s.executeQuery("select count(*) from users")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
