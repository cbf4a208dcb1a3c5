package dev.warden.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.json.Json;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mail over TLS, as operators set it against a real relay, to servers whose certificate
 * names 127.0.0.1 and which Warden's JVM trusts (the server identity is checked):
 * implicit TLS with credentials (warden.mail.smtp.tls=tls, port 465 style) to GreenMail's
 * SMTPS, and STARTTLS, the default, to a SubEthaSMTP server that refuses mail before
 * STARTTLS. One Warden for each.
 */
@OwnServers
@ExtendWith(WardenServer.class)
class MailTlsIT {

    private static final String PASSWORD = "Secret#Mail-2026";
    private static GreenMail smtps;
    private static WardenProcess server;
    private static java.util.concurrent.CompletableFuture<WardenProcess> tlsServer;
    private static org.subethamail.wiser.Wiser starttls;
    private static WardenProcess starttlsServer;

    @BeforeAll
    static void start() throws Exception {
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "mailtls");
        Path keystore = folder.resolve("server.p12");
        Path certificate = folder.resolve("server.cer");
        Path truststore = folder.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "greenmail", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-alias", "greenmail", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "relay", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", "changeit");
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        smtps = new GreenMail(new ServerSetup(WardenProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        smtps.setUser("relay-user", PASSWORD);
        smtps.start();

        WardenServer.update("create database mailtls");
        Map<String, String> settings = WardenServer.serverSettings("mailtls");
        settings.put("warden.mail.smtp.host", "127.0.0.1");
        settings.put("warden.mail.smtp.port", String.valueOf(smtps.getSmtps().getPort()));
        settings.put("warden.mail.smtp.tls", "tls");
        settings.put("warden.mail.smtp.username", "relay-user");
        settings.put("warden.public-url", WardenServer.PUBLIC_URL);
        List<String> trust = List.of("-Djavax.net.ssl.trustStore=" + truststore,
                "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12");
        // both servers start at once (a start leaves a core idle much of the time)
        tlsServer = starting(() -> WardenProcess.start(folder,
                WardenProcess.freePort(), settings, Map.of("WARDEN_MAIL_SMTP_PASSWORD", PASSWORD), trust));

        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory managers = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        starttls = org.subethamail.wiser.Wiser.create(new org.subethamail.smtp.server.SMTPServer.Builder()
                .bindAddress(java.net.InetAddress.getByName("127.0.0.1")).port(WardenProcess.freePort())
                .enableTLS().requireTLS().startTlsSocketFactory(tls));
        starttls.start();
        WardenServer.update("create database mailstarttls");
        Map<String, String> plain = new LinkedHashMap<>(settings);
        plain.put("warden.db.url", WardenServer.jdbcUrl().replace("/postgres", "/mailstarttls"));
        plain.put("warden.mail.smtp.port", String.valueOf(starttls.getServer().getPort()));
        plain.remove("warden.mail.smtp.tls"); // the default: starttls, required
        plain.remove("warden.mail.smtp.username");
        starttlsServer = WardenProcess.start(folder, WardenProcess.freePort(), plain, Map.of(), trust);
        server = tlsServer.join();
    }

    private static java.util.concurrent.CompletableFuture<WardenProcess> starting(
            java.util.concurrent.Callable<WardenProcess> start) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return start.call();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, runnable -> new Thread(runnable, "MailTlsIT start").start());
    }

    @AfterAll
    static void stop() throws Exception {
        if (tlsServer != null) {
            try {
                tlsServer.join().close(); // also when the other start failed
            } catch (java.util.concurrent.CompletionException failedToStart) {
                // nothing to stop
            }
        }
        if (smtps != null) {
            smtps.stop();
        }
        if (starttlsServer != null) {
            starttlsServer.close();
        }
        if (starttls != null) {
            starttls.stop();
        }
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }

    @Test
    void aResetMailLeavesOverImplicitTlsWithCredentials() throws Exception {
        server.api().post("/api/v1/auth/forgot-password", Json.createObjectBuilder()
                .add("email", WardenServer.ADMIN_EMAIL).build(), null).ok(202);
        assertTrue(smtps.waitForIncomingEmail(15_000, 1), "the mail arrived: " + tail());
        MimeMessage mail = smtps.getReceivedMessages()[0];
        assertEquals("Reset your Warden password", mail.getSubject());
        assertEquals(WardenServer.ADMIN_EMAIL, mail.getAllRecipients()[0].toString());
    }

    @Test
    void aResetMailLeavesOverStartTlsTheDefault() throws Exception {
        starttlsServer.api().post("/api/v1/auth/forgot-password", Json.createObjectBuilder()
                .add("email", WardenServer.ADMIN_EMAIL).build(), null).ok(202);
        long deadline = System.currentTimeMillis() + 15_000;
        while (starttls.getMessages().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, starttls.getMessages().size(), "the mail arrived after STARTTLS: " + starttlsServer.logText()
                .lines().filter(l -> l.contains("Mailer")).toList());
        assertEquals("Reset your Warden password", starttls.getMessages().get(0).getMimeMessage().getSubject());
    }

    private static String tail() {
        List<String> lines = server.logText().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
