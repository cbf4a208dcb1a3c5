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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Password reset by mail (SPEC 5.1) against the real SMTP server of the test run
 * (GreenMail): the mail, its link, the token's single use and expiry, and what a reset
 * does to sessions and the lockout.
 */
class PasswordResetIT extends WardenIT {

    private static final Pattern LINK = Pattern.compile(
            Pattern.quote(WardenServer.PUBLIC_URL) + "/reset-password\\?token=([A-Za-z0-9_-]{43})");
    private static final String NEW_PASSWORD = "Brand#New-Pass-2026";

    private Api.Reply forgot(String email) {
        return api.post("/api/v1/auth/forgot-password", Json.createObjectBuilder().add("email", email).build(), null);
    }

    private Api.Reply reset(String token, String password) {
        return api.post("/api/v1/auth/reset-password", Json.createObjectBuilder().add("token", token)
                .add("new_password", password).build(), null);
    }

    /** The mails that reached this address so far. */
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

    private static String part(MimeMessage message, String type) throws Exception {
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
        Matcher link = LINK.matcher(part(message, "text/plain"));
        assertTrue(link.find(), "a reset link in the text part");
        return link.group(1);
    }

    @Test
    void theMailHasBothPartsAndItsLinkResetsThePasswordOnceEndingSessionsAndTheLockout() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String session = api.accessToken(user.username(), user.password());
        for (int i = 0; i < 5; i++) {
            api.login(user.username(), "Wrong#Password-" + i);
        }
        api.login(user.username(), user.password()).problem(403, "account_locked");

        JsonObject answer = forgot(user.email()).ok(202).json();
        MimeMessage mail = awaitMail(user.email(), 1);
        assertTrue(mail.isMimeType("multipart/alternative"));
        assertEquals("Reset your Warden password", mail.getSubject());
        assertEquals("Warden <no-reply@warden.test>", mail.getFrom()[0].toString());
        assertNotNull(mail.getSentDate());
        assertNotNull(mail.getMessageID());
        String token = token(mail);
        String html = part(mail, "text/html");
        assertTrue(html.contains("href=\"" + WardenServer.PUBLIC_URL + "/reset-password?token=" + token + "\""), html);
        assertTrue(part(mail, "text/plain").contains("15 minutes"));

        reset(token, "short").problem(400, "weak_password");
        reset(token, user.password()).problem(400, "weak_password"); // the current one is in the history
        reset(token, NEW_PASSWORD).ok(204);
        reset(token, "Another#Pass-2026x").problem(400, "invalid_token");

        api.get("/api/v1/auth/me", session).problem(401, "unauthorized");
        api.login(user.username(), user.password()).problem(401, "invalid_credentials");
        api.login(user.username(), NEW_PASSWORD).ok(200); // the lockout is cleared too
        List<String> types = api.get("/api/v1/audit-events?size=100&user_id=" + user.id()
                        + "&type=password_reset_requested,password_reset", api.adminToken()).ok(200).json()
                .getJsonArray("items").getValuesAs(JsonObject.class).stream().map(e -> e.getString("type")).toList();
        assertEquals(List.of("password_reset", "password_reset_requested"), types);
        assertEquals(answer, forgot("nobody-" + user.username() + "@example.org").ok(202).json(),
                "an unknown address gets the same answer");
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerAndNoMail() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String unknown = "unknown-" + user.username() + "@example.org";
        Api.Reply known = forgot(user.email()).ok(202);
        Api.Reply other = forgot(unknown).ok(202);
        assertEquals(known.text(), other.text());
        awaitMail(user.email(), 1);
        Thread.sleep(1_000);
        assertEquals(0, mailsTo(unknown).size());
        assertEquals(0L, WardenServer.queryValue("select count(*) from password_resets r join users u on u.id = r.user_id "
                + "where u.email_key = ?", unknown));
    }

    @Test
    void aNewRequestRetiresTheEarlierLinkAndALinkExpires() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        forgot(user.email()).ok(202);
        String first = token(awaitMail(user.email(), 1));
        forgot(user.email()).ok(202);
        String second = token(awaitMail(user.email(), 2));
        reset(first, NEW_PASSWORD).problem(400, "invalid_token");
        WardenServer.update("update password_resets set expires_at = now() - interval '1 second' "
                + "where user_id = ?::uuid and used_at is null", user.id());
        reset(second, NEW_PASSWORD).problem(400, "invalid_token");
        api.login(user.username(), user.password()).ok(200);
    }

    @Test
    void oneAddressGetsAtMostThreeMailsAnHour() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        for (int i = 0; i < 5; i++) {
            forgot(user.email()).ok(202);
        }
        awaitMail(user.email(), 3);
        Thread.sleep(1_500);
        assertEquals(3, mailsTo(user.email()).size());
        assertEquals(3L, WardenServer.queryValue("select count(*) from password_resets where user_id = ?::uuid", user.id()));
    }

    @Test
    void badInputIsNamedAndWritesNothing() {
        long before = (Long) WardenServer.queryValue("select count(*) from password_resets");
        forgot("not-an-address").problem(400, "validation_failed");
        forgot("a".repeat(250) + "@example.org").problem(400, "validation_failed");
        api.post("/api/v1/auth/forgot-password", Json.createObjectBuilder().build(), null).problem(400, "validation_failed");
        reset("too-short", NEW_PASSWORD).problem(400, "invalid_token");
        reset("x".repeat(43), NEW_PASSWORD).problem(400, "invalid_token");
        api.post("/api/v1/auth/reset-password", Json.createObjectBuilder().add("token", "x".repeat(43)).build(), null)
                .problem(400, "validation_failed");
        assertEquals(before, WardenServer.queryValue("select count(*) from password_resets"));
    }
}
