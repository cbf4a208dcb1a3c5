package dev.warden.it;

import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The zero-setup default: the WAR in Payara Micro with no database settings but the
 * H2 file's folder (here under target/, not the user's home), started twice to show
 * that data, the signing key and the generated development encryption key survive a
 * restart. Runs the server the way the README's run command does. The restart names the
 * database by environment variable, the form operators use.
 */
class EmbeddedDefaultIT {

    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
    }

    /**
     * @param viaEnvironment the database URL as the environment variable WARDEN_DB_URL
     *                       instead of a system property
     */
    private Api start(Path folder, int port, boolean viaEnvironment) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String url = "jdbc:h2:file:" + folder.resolve("warden")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-Dwarden.password.bcrypt-cost=5",
                "-Dwarden.bootstrap.admin.username=first-admin", "-Dwarden.bootstrap.admin.email=boot@warden.test",
                "-Dwarden.bootstrap.admin.password=First#Admin-2026",
                "-jar", System.getProperty("payara.microJar", "target/payara-micro.jar"),
                "--deploy", System.getProperty("warden.it.war", "target/warden.war"), "--contextroot", "/",
                "--port", String.valueOf(port), "--nocluster"));
        if (!viaEnvironment) {
            command.add(1, "-Dwarden.db.url=" + url);
        }
        File log = folder.resolve("server-" + System.nanoTime() + ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        if (viaEnvironment) {
            builder.environment().put("WARDEN_DB_URL", url);
        }
        server = builder.start();
        Api api = new Api(new URL("http://localhost:" + port + "/"));
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!server.isAlive()) {
                fail("server exited: " + Files.readString(log.toPath()));
            }
            try {
                if (api.get("/api/v1/auth/me", null).status() == 401) {
                    return api;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        fail("server did not start: " + Files.readString(log.toPath()));
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void startsWithNoSetupAndKeepsItsDataAcrossARestart() throws Exception {
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "h2-default");
        int port = freePort();
        Api first = start(folder, port, false);
        String admin = first.accessToken("first-admin", "First#Admin-2026");
        first.post("/api/v1/users", Json.createObjectBuilder().add("username", "kept-user").add("email", "someone@warden.test")
                .add("password", "Kept#User-2026").add("role", "analyst").build(), admin).ok(201);
        String issuedBefore = first.accessToken("kept-user", "Kept#User-2026");
        String key = first.createKey(issuedBefore, "kept key").getString("api_key");
        first.withKey("GET", "/api/v1/auth/me", null, key).ok(200);
        first.withKey("GET", "/api/v1/auth/me", null, WardenServer.LEGACY_KEY).problem(401, "unauthorized");
        assertTrue(Files.exists(folder.resolve("warden.mv.db")));
        assertTrue(Files.exists(folder.resolve("warden.encryption.key")), "development key kept beside the database");
        stop();

        Api second = start(folder, port, true);
        second.login("kept-user", "Kept#User-2026").ok(200);
        second.get("/api/v1/auth/me", issuedBefore).ok(200);
        second.withKey("GET", "/api/v1/auth/me", null, key).ok(200);
        second.withKey("GET", "/api/v1/users/me/api-keys", null, key).ok(200);
        second.get("/health/ready", null).ok(200);
    }
}
