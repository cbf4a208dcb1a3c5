package dev.warden.it;

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
 * Mail through a mail session the container defines (warden.mail.session), as an operator
 * sets it up in Payara: here with a post-boot command, pointing at the test run's SMTP
 * server. No warden.mail.smtp.* setting is given.
 */
@OwnServers
@ExtendWith(WardenServer.class)
class MailSessionIT {

    private static final String OWNER = "session-owner@warden.test";
    private static WardenProcess server;

    @BeforeAll
    static void start() throws Exception {
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "mailsession");
        Path commands = folder.resolve("post-boot.asadmin");
        Files.writeString(commands, "create-javamail-resource --mailhost 127.0.0.1 --mailuser warden "
                + "--fromaddress no-reply@warden.test --property mail.smtp.port="
                + WardenServer.mail().getSmtp().getPort() + " mail/warden\n");
        WardenServer.update("create database mailsession");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("warden.db.url", WardenServer.jdbcUrl().replace("/postgres", "/mailsession"));
        settings.put("warden.db.user", "postgres");
        settings.put("warden.encryption.key", WardenServer.ENCRYPTION_KEY);
        settings.put("warden.password.bcrypt-cost", String.valueOf(WardenServer.BCRYPT_COST));
        settings.put("warden.bootstrap.admin.username", "session-admin");
        settings.put("warden.bootstrap.admin.email", OWNER);
        settings.put("warden.bootstrap.admin.password", WardenServer.ADMIN_PASSWORD);
        settings.put("warden.mail.session", "mail/warden");
        settings.put("warden.public-url", WardenServer.PUBLIC_URL);
        server = WardenProcess.start(folder, WardenProcess.freePort(), settings, Map.of(), List.of(),
                List.of("--postbootcommandfile", commands.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aResetMailLeavesThroughTheContainersMailSession() throws Exception {
        server.api().post("/api/v1/auth/forgot-password", Json.createObjectBuilder().add("email", OWNER).build(), null)
                .ok(202);
        long deadline = System.currentTimeMillis() + 15_000;
        MimeMessage found = null;
        while (found == null && System.currentTimeMillis() < deadline) {
            for (MimeMessage message : WardenServer.mail().getReceivedMessages()) {
                if (Mailbox.isTo(message, OWNER)) {
                    found = message;
                }
            }
            Thread.sleep(100);
        }
        assertTrue(found != null, "the mail arrived through mail/warden: " + server.logText().lines()
                .filter(l -> l.contains("Mailer") || l.contains("javamail")).toList());
        assertEquals("Reset your Warden password", found.getSubject());
        assertTrue(found.getFrom()[0].toString().contains("no-reply@"));
    }
}
