package dev.warden.audit.control;

import dev.warden.audit.entity.EventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nothing secret lands in an event's details: refused by name, redacted by look. */
class AuditedTest {

    @Test
    void detailNamesThatDenoteASecretAreRefused() {
        for (String name : List.of("password", "new_password", "refresh_token", "token", "api_key", "key", "code",
                "secret", "password_hash", "totp_secret", "backup_codes", "private_key", "credential")) {
            assertThrows(IllegalArgumentException.class, () -> Audited.success(EventType.LOGIN).with(name, "x"), name);
        }
        assertThrows(IllegalArgumentException.class, () -> Audited.success(EventType.LOGIN).with("NotSnake", "x"));
    }

    @Test
    void valuesThatLookLikeASecretAreRedacted() {
        Audited event = Audited.success(EventType.API_KEY_CREATED)
                .with("key_name", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
                .with("note", "$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234")
                .with("other", "bcrypt-sha384:$2b$12$x")
                .with("list", List.of("fine", "eyJa.eyJb.c"));
        assertEquals("[redacted]", event.details().get("key_name"));
        assertEquals("[redacted]", event.details().get("note"));
        assertEquals("[redacted]", event.details().get("other"));
        assertEquals(List.of("fine", "[redacted]"), event.details().get("list"));
    }

    @Test
    void ordinaryDetailsAreKeptAndWrittenAsJson() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        Audited event = Audited.success(EventType.ROLE_CHANGED).target(id).with("from", "viewer").with("to", "admin")
                .with("key_id", id).with("count", 3).with("known_user", true)
                .with("at", Instant.parse("2026-01-09T14:05:00.123Z")).with("changed", List.of("email", "role"));
        String json = AuditDetails.json(event.details());
        assertEquals("{\"from\":\"viewer\",\"to\":\"admin\",\"key_id\":\"00000000-0000-0000-0000-000000000001\","
                + "\"count\":3,\"known_user\":true,\"at\":\"2026-01-09T14:05:00Z\",\"changed\":[\"email\",\"role\"]}", json);
        assertEquals(id, event.targetUserId());
    }

    @Test
    void anOversizedDetailsObjectIsMarkedTruncatedRatherThanLost() {
        Audited event = Audited.success(EventType.USER_UPDATED);
        for (int i = 0; i < 40; i++) {
            event = event.with("field_" + i, "v".repeat(150));
        }
        String json = AuditDetails.json(event.details());
        assertTrue(json.length() <= AuditDetails.MAX_LENGTH);
        assertEquals("{\"truncated\":true}", json);
    }
}
