package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The README's steps for Payara Server ("Deploying to Payara Server"), run as written on the
 * Payara Server distribution of Payara Micro's version: a domain of its own, the shipped
 * {@code server-config/payara/server.asadmin}, the secrets as password aliases (the
 * database's through a system property that names its alias), a restart, the deployment.
 * Then what an operator checks: the bootstrap admin logs in, tokens and API keys work, roles
 * hold, a logout is refused at once, the listener's answers are Warden's, no secret is in
 * domain.xml, and a redeploy keeps the sessions. Payara run only.
 * <p>
 * It starts a server of its own but runs in the first lane, in order with the classes of the
 * shared server, not in the {@link OwnServers} lane: at ~150 s it is the longest class of
 * the run, and in the second lane it left the first lane idle for minutes at the end.
 */
class PayaraServerIT {

    private static final String DATABASE = "payara_server";
    private static final String DB_USER = "payara_server";
    private static final String ISSUER = "https://auth.payara-server.test";

    @Test
    void theReadmesStepsGiveAWardenOnPayaraServerThatKeepsItsSecretsOutOfDomainXml() throws Exception {
        Path home = Path.of(System.getProperty("warden.it.payaraServer", "target/payara-server/payara6"));
        assertTrue(Files.isDirectory(home), "the build unpacks Payara Server into " + home);
        String dbPassword = "Db-" + UUID.randomUUID();
        Secrets.add(dbPassword);
        String dbUrl = database(dbPassword);

        Path domains = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "payara-server");
        int base = freePortBase();
        Asadmin asadmin = new Asadmin(home, base + 48, domains.resolve("asadmin.log"));
        asadmin.run("create-domain", "--nopassword", "--portbase", String.valueOf(base), "--domaindir",
                domains.toString(), "warden");
        Path log = domains.resolve("warden").resolve("logs").resolve("server.log");
        Throwable failure = null;
        try {
            asadmin.start("start-domain", domains, "warden");
            // the steps of the README, in its order
            asadmin.run("multimode", "--file", Path.of("server-config", "payara", "server.asadmin").toString());
            asadmin.alias("warden.encryption.key", WardenServer.ENCRYPTION_KEY, domains);
            asadmin.alias("warden.db.password", dbPassword, domains);
            asadmin.alias("warden.bootstrap.admin.password", WardenServer.ADMIN_PASSWORD, domains);
            asadmin.run("create-system-properties", "warden.db.url=" + dbUrl.replace("\\", "\\\\").replace(":", "\\:")
                    + ":warden.db.user=" + DB_USER + ":warden.db.password=${ALIAS\\=warden.db.password}");
            asadmin.run("create-system-properties", "warden.bootstrap.admin.username=" + WardenServer.ADMIN_USERNAME
                    + ":warden.bootstrap.admin.email=" + WardenServer.ADMIN_EMAIL.replace(":", "\\:"));
            // any other setting from the server's own MicroProfile Config sources (the console's)
            asadmin.run("set-config-property", "--source=domain", "--propertyName=warden.jwt.issuer",
                    "--propertyValue=" + ISSUER);
            // test only: soft references are cleared at every collection, not just under memory
            // pressure, so that the class loaders counted below are the ones really kept
            asadmin.run("create-jvm-options", "-XX\\:SoftRefLRUPolicyMSPerMB=0");
            // Turkish, St. John's time and US-ASCII, as every Payara of the run (ServerLocale)
            asadmin.run("create-jvm-options", String.join(":", ServerLocale.PAYARA));
            asadmin.start("restart-domain", domains, "warden");
            asadmin.run("deploy", "--contextroot", "/", "--name", "warden", war());

            Api api = new Api(new URL("http://localhost:" + (base + 80) + "/"));
            awaitReady(api);
            api.tokens(WardenServer.ADMIN_USERNAME, WardenServer.ADMIN_PASSWORD);

            // redeploys give the replaced deployments back: two, each deployment signing tokens
            // (from the WAR, the native signer's cleaner thread kept every deployment that
            // signed; server.asadmin puts it in the server's lib), then a full collection leave
            // at most two of Warden's class loaders: the running one and the first, which the
            // server's scheduler thread keeps (README, "Redeploys"); a leak keeps the second too.
            // And a redeploy (an upgrade) keeps the sessions and signing keys: they are in the database.
            for (int i = 0; i < 2; i++) {
                String token = api.adminToken();
                asadmin.run("redeploy", "--contextroot", "/", "--name", "warden", war());
                awaitReady(api);
                JsonObject me = api.get("/api/v1/auth/me", token).ok(200).json();
                assertEquals(WardenServer.ADMIN_USERNAME, me.getJsonObject("user").getString("username"));
                api.tokens(WardenServer.ADMIN_USERNAME, WardenServer.ADMIN_PASSWORD);
            }
            String pid = Files.readString(domains.resolve("warden").resolve("config").resolve("pid")).strip();
            jcmd(pid, "GC.run");
            long loaders = jcmd(pid, "VM.classloader_stats").lines()
                    .filter(line -> line.endsWith("org.glassfish.web.loader.WebappClassLoader"))
                    .filter(line -> Long.parseLong(line.trim().split("\\s+")[3]) > 1000).count();
            assertTrue(loaders <= 2, "Warden's class loaders alive after three deployments: " + loaders);

            operatorChecks(api, base + 80);

            String domainXml = Files.readString(domains.resolve("warden").resolve("config").resolve("domain.xml"));
            assertTrue(domainXml.contains("${ALIAS=warden.db.password}"), "the database password is named by its alias");
            for (String secret : List.of(WardenServer.ENCRYPTION_KEY, dbPassword, WardenServer.ADMIN_PASSWORD)) {
                assertFalse(domainXml.contains(secret), "no secret in domain.xml");
            }

            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("its own Jakarta Security bridge stays"), "Warden's bridge runs on Payara Server");
            assertTrue(text.contains("Database schema at version"), "Warden started on the configured PostgreSQL");
            if ("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch"))) {
                assertTrue(text.contains("Access tokens are signed through the Amazon Corretto Crypto Provider"),
                        "the native signer from the server's lib signs");
            }
            assertFalse(text.contains("failed to unregister it"), "the WAR's JDBC drivers leave with it (UndeployCleanup)");
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            try {
                asadmin.run("stop-domain", "--domaindir", domains.toString(), "warden");
            } catch (Throwable stop) {
                // a DAS that never answered cannot be stopped: the first failure is the one to read
                if (failure == null) {
                    throw stop;
                }
                failure.addSuppressed(stop);
            } finally {
                if (Files.exists(log)) {
                    Path copy = domains.resolve("server-payara-server.log");
                    Files.copy(log, copy, StandardCopyOption.REPLACE_EXISTING);
                    WardenProcess.keepLog(copy);
                }
            }
        }
    }

    /** What an operator tries first on a new deployment. */
    private static void operatorChecks(Api api, int port) throws Exception {
        JsonObject tokens = api.tokens(WardenServer.ADMIN_USERNAME, WardenServer.ADMIN_PASSWORD);
        String admin = tokens.getString("access_token");
        JsonObject claims = Json.createReader(new java.io.StringReader(new String(java.util.Base64.getUrlDecoder()
                .decode(admin.split("\\.")[1]), StandardCharsets.UTF_8))).readObject();
        assertEquals(ISSUER, claims.getString("iss"), "the issuer set with asadmin set-config-property");
        assertEquals("admin", api.get("/api/v1/auth/me", admin).ok(200).json().getJsonObject("user").getString("role"));

        Api.Reply forged = api.get("/api/v1/users", admin.substring(0, admin.length() - 4) + "AAAA");
        forged.problem(401, "unauthorized");
        assertTrue(forged.header("WWW-Authenticate").startsWith("Bearer"), forged.headers().toString());

        String key = api.createKey(admin, "payara-server").getString("api_key");
        api.withKey("GET", "/api/v1/users?size=1", null, key).ok(200);

        Api.TestUser analyst = api.createUser("analyst");
        String analystToken = api.accessToken(analyst.username(), analyst.password());
        api.get("/api/v1/users", analystToken).problem(403, "forbidden");
        api.get("/api/v1/alerts", analystToken).ok(200);
        api.post("/api/v1/auth/logout", null, analystToken).ok(204);
        api.get("/api/v1/alerts", analystToken).problem(401, "unauthorized");

        JsonObject settings = api.get("/api/v1/system/settings", admin).ok(200).json();
        assertEquals(ISSUER, settings.getString("warden.jwt.issuer"));
        JsonObject secrets = settings.getJsonObject("secrets_configured");
        for (String secret : List.of("warden.encryption.key", "warden.db.password", "warden.bootstrap.admin.password")) {
            assertTrue(secrets.getBoolean(secret), secret + " is read from its alias");
        }

        // the listener's settings and Warden's listener jar are in place
        Api.Reply trace = api.send("TRACE", "/api/v1/auth/me", null, null, Map.of());
        trace.problem(405, "method_not_allowed");
        assertNull(trace.header("Server"), "no product name and version");
        assertNull(trace.header("X-Powered-By"));
        String malformed = raw(port, "GET /.well-known/jwks.json HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n");
        assertTrue(malformed.startsWith("HTTP/1.1 400"), malformed);
        assertTrue(malformed.contains("application/problem+json") && malformed.contains("\"code\":\"bad_request\""),
                "the listener jar answers a malformed header with problem+json: " + malformed);

        assertTrue(api.probe("/metrics").text().contains("warden_logins_total"), "Warden's counters are in /metrics");
        api.send("POST", "/api/v1/auth/login", "application/json",
                Json.createObjectBuilder().add("username", WardenServer.ADMIN_USERNAME).add("password", "Wrong#" + UUID.randomUUID())
                        .build().toString(), Map.of()).problem(401, "invalid_credentials");
    }

    /** A diagnostic command of this JDK's jcmd against the server's JVM. */
    private static String jcmd(String pid, String command) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid, command)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0, "jcmd " + command + ": " + out);
        return out;
    }

    private static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * A database of its own, whose role must give its password: the shared PostgreSQL trusts
     * every local connection, so a line for this database and role asks for the password
     * first (and a wrong one is refused), which shows the alias is what opened it.
     */
    private static String database(String password) throws Exception {
        try (Connection c = WardenServer.db().getConnection(); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE);
            s.execute("drop role if exists " + DB_USER);
            s.execute("create role " + DB_USER + " login password '" + password + "'");
            s.execute("create database " + DATABASE + " owner " + DB_USER);
            String hba;
            try (ResultSet r = s.executeQuery("show hba_file")) {
                r.next();
                hba = r.getString(1);
            }
            Path file = Path.of(hba);
            String lines = Files.readString(file);
            String own = "host " + DATABASE + " " + DB_USER + " 127.0.0.1/32 scram-sha-256\n"
                    + "host " + DATABASE + " " + DB_USER + " ::1/128 scram-sha-256\n";
            if (!lines.startsWith(own)) {
                Path next = file.resolveSibling("pg_hba.conf.next");
                Files.writeString(next, own + lines);
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            s.execute("select pg_reload_conf()");
        }
        String url = WardenServer.jdbcUrl().replaceFirst("/postgres$", "/" + DATABASE);
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url, DB_USER, "wrong").close(),
                "a wrong password is refused");
        DriverManager.getConnection(url, DB_USER, password).close();
        return url;
    }

    private static String war() {
        return Path.of(System.getProperty("warden.it.war", "target/warden.war")).toAbsolutePath().toString();
    }

    private static void awaitReady(Api api) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int status = 0;
        while (System.nanoTime() < end) {
            try {
                status = api.probe("/health/ready").status();
                if (status == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail("Warden on Payara Server not ready: " + status);
    }

    /** A block of 100 free ports (Payara's port base: admin +48, HTTP +80, HTTPS +81, ...). */
    private static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + 100 * (int) (Math.random() * 300);
            boolean free = true;
            for (int port = base; port < base + 100 && free; port++) {
                try (ServerSocket socket = new ServerSocket(port)) {
                    socket.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no block of 100 free ports");
    }
}
