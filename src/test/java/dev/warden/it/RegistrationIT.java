package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Self-registration and email verification (SPEC 5.1), on in the shared deployment (off by
 * default: EmbeddedDefaultIT), with mails read from the test run's SMTP server.
 */
class RegistrationIT extends WardenIT {

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





    @Test
    void aNewAccountIsAViewerThatLogsInOnceItsAddressIsVerified() throws Exception {
        String name = fresh();
        String email = name + "@example.org";
        JsonObject user = register(name, email, PASSWORD).ok(201).json();
        assertEquals(name, user.getString("username"));
        assertEquals("viewer", user.getString("role"));
        assertFalse(user.getBoolean("email_verified"));
        MimeMessage mail = Mailbox.await(email, 1);
        assertEquals("Confirm your email address for Warden", mail.getSubject());
        assertTrue(Mailbox.part(mail, "text/html").contains("Hello " + name + ","));
        String token = Mailbox.token(mail, "verify-email");

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

    /**
     * An admin who corrects the address of an account not yet verified ends the link mailed
     * to the old address (until 2026-12-05 it verified the new, unproven one), and the new
     * address gets a link of its own.
     */
    @Test
    void aNewAddressIsTheOneToVerify() throws Exception {
        String name = fresh();
        String email = name + "@example.org";
        JsonObject user = register(name, email, PASSWORD).ok(201).json();
        String old = Mailbox.token(Mailbox.await(email, 1), "verify-email");
        String corrected = "corrected-" + name + "@example.org";
        api.patch("/api/v1/users/" + user.getString("id"), Json.createObjectBuilder().add("email", corrected).build(),
                api.adminToken()).ok(200);
        verify(old).problem(400, "invalid_token");
        api.login(name, PASSWORD).problem(403, "email_not_verified");
        assertTrue(verify(Mailbox.token(Mailbox.await(corrected, 1), "verify-email")).ok(200).json()
                .getBoolean("email_verified"));
        api.login(name, PASSWORD).ok(200);
        Mailbox.assertExactly(email, 2); // the link, then the notice of the change
        assertEquals("The email address of your Warden account was changed", Mailbox.await(email, 2).getSubject());
    }

    /**
     * A verification link is single-use also when its uses race: of ten at once exactly one
     * answers 200 with the verified user, the others invalid_token, and one verification is
     * audited.
     */
    @Test
    void ofTenVerificationsRacingWithOneLinkExactlyOneSucceeds() throws Exception {
        String name = fresh();
        String email = name + "@example.org";
        JsonObject user = register(name, email, PASSWORD).ok(201).json();
        String token = Mailbox.token(Mailbox.await(email, 1), "verify-email");

        List<Api.Reply> replies = Parallel.run(10, () -> verify(token));

        List<Api.Reply> verified = replies.stream().filter(r -> r.status() == 200).toList();
        assertEquals(1, verified.size(), () -> replies.stream().map(Api.Reply::status).toList().toString());
        assertTrue(verified.get(0).json().getBoolean("email_verified"));
        replies.stream().filter(r -> r.status() != 200).forEach(r -> r.problem(400, "invalid_token"));
        api.login(name, PASSWORD).ok(200);
        assertEquals(1L, WardenServer.queryValue(
                "select count(*) from audit_events where target_user_id = ?::uuid and type = 'email_verified'",
                user.getString("id")));
    }

    /** Ten registrations of one new name at once, each with its own address: one account, nine 409s. */
    @Test
    void tenRegistrationsOfOneNameAtOnceMakeOneAccount() throws Exception {
        String name = fresh();
        java.util.concurrent.atomic.AtomicInteger index = new java.util.concurrent.atomic.AtomicInteger();
        List<Api.Reply> replies = Parallel.run(10, () -> register(name, name + "-" + index.getAndIncrement()
                + "@example.org", PASSWORD));

        assertEquals(1, replies.stream().filter(r -> r.status() == 201).count(),
                replies.stream().map(Api.Reply::status).toList().toString());
        replies.stream().filter(r -> r.status() != 201).forEach(r -> r.problem(409, "conflict"));
        assertEquals(1L, WardenServer.queryValue("select count(*) from users where username_key = ?", name));
        String id = replies.stream().filter(r -> r.status() == 201).findFirst().orElseThrow().json().getString("id");
        assertEquals(1L, WardenServer.queryValue(
                "select count(*) from audit_events where target_user_id = ?::uuid and type = 'user_registered'", id));
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
        MimeMessage notice = Mailbox.await(owner.email(), 1);
        assertEquals("Someone tried to register with your address at Warden", notice.getSubject());
        assertFalse(Mailbox.part(notice, "text/plain").contains("verify-email"), "no way in for the one who tried");
        assertEquals(1L, WardenServer.queryValue("select count(*) from users where email_key = ?", owner.email().toLowerCase()));
        assertEquals(0L, WardenServer.queryValue("select count(*) from users where id = ?::uuid", answer.getString("id")));
    }

    @Test
    void oneAddressGetsAtMostThreeRegistrationMailsAnHour() throws Exception {
        Api.TestUser owner = api.createUser("viewer");
        for (int i = 0; i < 5; i++) {
            register(fresh(), owner.email(), PASSWORD).ok(201);
        }
        Mailbox.assertExactly(owner.email(), 3);
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
        String token = Mailbox.token(Mailbox.await(email, 1), "verify-email");
        WardenServer.update("update email_verifications set expires_at = now() - interval '1 second' where user_id = ?::uuid", id);
        verify(token).problem(400, "invalid_token");
        api.login(name, PASSWORD).problem(403, "email_not_verified");
    }

    /** Mails the hourly limit no longer counts are deleted by the address's next one: at most an hour's rows each. */
    @Test
    void anAddressKeepsAtMostAnHourOfRegistrationMails() throws Exception {
        Api.TestUser owner = api.createUser("viewer");
        for (int i = 0; i < 3; i++) {
            register(fresh(), owner.email(), PASSWORD).ok(201);
        }
        Mailbox.await(owner.email(), 3);
        String ofOwner = "select count(*) from registration_mails where email_key = (select email_key from users where id = ?::uuid)";
        assertEquals(3L, WardenServer.queryValue(ofOwner, owner.id()));
        // an hour passes (set in the database)
        WardenServer.update("update registration_mails set sent_at = sent_at - interval '61 minutes' "
                + "where email_key = (select email_key from users where id = ?::uuid)", owner.id());
        register(fresh(), owner.email(), PASSWORD).ok(201);
        Mailbox.await(owner.email(), 4);
        assertEquals(1L, WardenServer.queryValue(ofOwner, owner.id()), "only the new mail is left");
    }

    /** The registration mail limit holds under concurrency: of ten registrations at once with a taken address, three mail its owner. */
    @Test
    void tenRegistrationsAtOnceWithATakenAddressSendThreeMails() throws Exception {
        Api.TestUser owner = api.createUser("viewer");
        List<Integer> statuses = Parallel.run(10, () -> register(fresh(), owner.email(), PASSWORD).status());
        assertTrue(statuses.stream().allMatch(status -> status == 201), statuses.toString());
        Mailbox.assertExactly(owner.email(), 3);
    }
}
