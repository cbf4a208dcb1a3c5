package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret the suite sent or was given: passwords, access and refresh tokens, API
 * keys, MFA and reset tokens, TOTP secrets and backup codes. {@link Api} notes them as
 * they pass; {@code SecretsInLogsIT} looks for each one in every server log of the run.
 */
final class Secrets {

    /** JSON members whose string values (or arrays of them) are secrets. */
    private static final Set<String> MEMBERS = Set.of("password", "new_password", "current_password",
            "access_token", "refresh_token", "api_key", "mfa_token", "token", "secret", "otpauth_uri",
            "backup_codes", "backup_code");
    /** Shorter values (a 6-digit TOTP code) would be found by chance in any log. */
    private static final int SHORTEST = 10;

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    static Set<String> all() {
        return Set.copyOf(SEEN);
    }

    static void add(String secret) {
        if (secret != null && secret.length() >= SHORTEST) {
            SEEN.add(secret);
        }
    }

    static void fromHeaders(Map<String, String> headers) {
        headers.forEach((name, value) -> {
            if ("Authorization".equalsIgnoreCase(name)) {
                add(value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).strip() : value);
            } else if ("X-API-Key".equalsIgnoreCase(name)) {
                add(value);
            }
        });
    }

    /** The secrets in a JSON text, at any depth; anything else is ignored. */
    static void fromJson(String text) {
        if (text == null || text.isBlank() || !(text.strip().startsWith("{") || text.strip().startsWith("["))) {
            return;
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            walk(reader.readValue(), false);
        } catch (RuntimeException notJson) {
            // not JSON after all (a CSV report, a broken body sent on purpose)
        }
    }

    private static void walk(JsonValue value, boolean secret) {
        if (value instanceof JsonObject object) {
            object.forEach((name, member) -> walk(member, MEMBERS.contains(name)));
        } else if (value instanceof JsonArray array) {
            array.forEach(element -> walk(element, secret));
        } else if (secret && value instanceof JsonString string) {
            add(string.getString());
        }
    }
}
