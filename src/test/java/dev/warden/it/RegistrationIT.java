package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Self-registration and email verification (SPEC 5.1), on in the shared deployment (off by
 * default: EmbeddedDefaultIT), with mails read from the test run's SMTP server.
 */
class RegistrationIT extends WardenIT {

    private static final Pattern LINK = Pattern.compile(
            Pattern.quote(WardenServer.PUBLIC_URL) + "/verify-email\\?token=([A-Za-z0-9_-]{43})");
    private static final String PASSWORD = "Fresh#Account-2026";

    private Api.Reply register(String username, String email, String password) {
        return api.post("/api/v1/auth/register", Json.createObjectBuilder().add("username", username)
                .add("email", email).add("password", password).build(), null);
    }

    private Api.Reply verify(String token) {
        return api.post("/api/v1/auth/verify-email", Json.createObjectBuilder().add("token", token).build(), null);
    }

    private static String fresh() {
        return "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : WardenServer.mail().getReceivedMessages()) {
            if (Arrays.stream(message.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address))) {
                found.add(message);
            }
        }
        return found;
    }

    private static MimeMessage awaitMail(String address, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            List<MimeMessage> mails = mailsTo(address);
            if (mails.size() >= count) {
                return mails.get(count - 1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail number " + count + " to " + address);
    }

    private static String text(MimeMessage message, String type) throws Exception {
        MimeMultipart parts = (MimeMultipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static String token(MimeMessage message) throws Exception {
        Matcher link = LINK.matcher(text(message, "text/plain"));
        assertTrue(link.find(), "a verification link");
        return link.group(1);
    }

    @Test
    void aNewAccountIsAViewerThatLogsInOnceItsAddressIsVerified() throws Exception {
        String name = fresh();
        String email = name + "@example.org";
        JsonObject user = register(name, email, PASSWORD).ok(201).json();
        assertEquals(name, user.getString("username"));
        assertEquals("viewer", user.getString("role"));
        assertFalse(user.getBoolean("email_verified"));
        MimeMessage mail = awaitMail(email, 1);
        assertEquals("Confirm your email address for Warden", mail.getSubject());
        assertTrue(text(mail, "text/html").contains("Hello " + name + ","));
        String token = token(mail);

        api.login(name, PASSWORD).problem(403, "email_not_verified");
        JsonObject verified = verify(token).ok(200).json();
        assertEquals(user.getString("id"), verified.getString("id"));
        assertTrue(verified.getBoolean("email_verified"));
        api.login(name, PASSWORD).ok(200);
        verify(token).problem(400, "invalid_token");

        List<String> types = api.get("/api/v1/audit-events?size=100&user_id=" + user.getString("id")
                        + "&type=user_registered,email_verified", api.adminToken()).ok(200).json()
                .getJsonArray("items").getValuesAs(JsonObject.class).stream().map(e -> e.getString("type")).toList();
        assertEquals(List.of("email_verified", "user_registered"), types);
    }

    @Test
    void anAddressWithAnAccountGetsTheSameAnswerAndItsOwnerANotice() throws Exception {
        Api.TestUser owner = api.createUser("analyst");
        JsonObject answer = register(fresh(), owner.email(), PASSWORD).ok(201).json();
        JsonObject genuine = register(fresh(), fresh() + "@example.org", PASSWORD).ok(201).json();
        assertEquals(genuine.keySet(), answer.keySet(), "the same shape");
        assertEquals("viewer", answer.getString("role"));
        assertFalse(answer.getBoolean("email_verified"));
        assertNotEquals(owner.id(), answer.getString("id"));
        MimeMessage notice = awaitMail(owner.email(), 1);
        assertEquals("Someone tried to register with your address at Warden", notice.getSubject());
        assertFalse(text(notice, "text/plain").contains("verify-email"), "no way in for the one who tried");
        assertEquals(1L, WardenServer.queryValue("select count(*) from users where email_key = ?", owner.email().toLowerCase()));
        assertEquals(0L, WardenServer.queryValue("select count(*) from users where id = ?::uuid", answer.getString("id")));
    }

    @Test
    void oneAddressGetsAtMostThreeRegistrationMailsAnHour() throws Exception {
        Api.TestUser owner = api.createUser("viewer");
        for (int i = 0; i < 5; i++) {
            register(fresh(), owner.email(), PASSWORD).ok(201);
        }
        awaitMail(owner.email(), 3);
        Thread.sleep(1_500);
        assertEquals(3, mailsTo(owner.email()).size());
    }

    @Test
    void badInputIsNamedAndWritesNothing() {
        String name = fresh();
        long users = (Long) WardenServer.queryValue("select count(*) from users");
        register(name, name + "@example.org", "short").problem(400, "weak_password");
        register(name, "not-an-address", PASSWORD).problem(400, "validation_failed");
        register("x", name + "@example.org", PASSWORD).problem(400, "validation_failed");
        register("bad name!", name + "@example.org", PASSWORD).problem(400, "validation_failed");
        register(name, name + "@example.org", "a".repeat(2000)).problem(400, "weak_password");
        assertEquals(users, WardenServer.queryValue("select count(*) from users"));
        register(WardenServer.ADMIN_USERNAME, name + "@example.org", PASSWORD).problem(409, "conflict");
        verify("short").problem(400, "invalid_token");
        verify("y".repeat(43)).problem(400, "invalid_token");
        api.post("/api/v1/auth/verify-email", Json.createObjectBuilder().build(), null).problem(400, "validation_failed");
    }

    @Test
    void aVerificationLinkExpires() throws Exception {
        String name = fresh();
        String email = name + "@example.org";
        String id = register(name, email, PASSWORD).ok(201).json().getString("id");
        String token = token(awaitMail(email, 1));
        WardenServer.update("update email_verifications set expires_at = now() - interval '1 second' where user_id = ?::uuid", id);
        verify(token).problem(400, "invalid_token");
        api.login(name, PASSWORD).problem(403, "email_not_verified");
    }
}
