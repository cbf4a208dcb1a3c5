package dev.warden.audit.control;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code details} of an event, as a JSON object, with the rule that nothing secret
 * lands there enforced in code rather than hoped for: names that denote a secret
 * (password, token, secret, hash, code, key material) are refused, and so are values that
 * look like one (a JWT, a bcrypt hash) are redacted.
 */
public final class AuditDetails {

    static final int MAX_LENGTH = 4000;
    private static final int MAX_STRING = 200;
    static final String REDACTED = "[redacted]";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "token", "secret", "hash",
            "otp", "credential", "private", "totp", "backup");
    private static final Set<String> SECRET_NAMES = Set.of("key", "api_key", "code", "pin", "jwt");
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\..*"       // a JWT
                    + "|\\$2[abxy]?\\$.*|bcrypt-sha384:.*");    // a bcrypt hash

    private AuditDetails() {
    }

    /**
     * The details with their names checked (a secret's name is a programming error: it
     * throws) and any value that looks like a secret replaced by "[redacted]" (values may
     * come from clients, say a key's name, and must never fail the change).
     */
    static Map<String, Object> checked(Map<String, Object> details) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        details.forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Audit detail names are snake_case: " + name);
            }
            if (SECRET_NAMES.contains(name) || SECRET_WORDS.stream().anyMatch(name::contains)) {
                throw new IllegalArgumentException("An audit detail must not hold a secret: " + name);
            }
            out.put(name, value(name, value));
        });
        return out;
    }

    private static Object value(String name, Object value) {
        if (value instanceof Collection<?> values) {
            return values.stream().map(v -> value(name, v)).toList();
        }
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof UUID
                || value instanceof Instant || value instanceof Enum<?>) {
            return value;
        }
        if (value instanceof String text) {
            return SECRET_VALUE.matcher(text).matches() ? REDACTED : text;
        }
        throw new IllegalArgumentException("Unsupported audit detail " + name + ": " + value.getClass());
    }

    /** The details as a JSON object text (values already checked by {@link #checked}). */
    public static String json(Map<String, Object> details) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        details.forEach((name, value) -> {
            if (value instanceof Collection<?> values) {
                JsonArrayBuilder array = Json.createArrayBuilder();
                values.forEach(v -> array.add(text(v)));
                object.add(name, array);
            } else if (value == null) {
                object.addNull(name);
            } else if (value instanceof Boolean b) {
                object.add(name, b);
            } else if (value instanceof Integer || value instanceof Long) {
                object.add(name, ((Number) value).longValue());
            } else {
                object.add(name, text(value));
            }
        });
        String json = object.build().toString();
        if (json.length() > MAX_LENGTH) {
            return Json.createObjectBuilder().add("truncated", true).build().toString();
        }
        return json;
    }

    private static String text(Object value) {
        String text = value instanceof Instant instant ? instant.truncatedTo(ChronoUnit.SECONDS).toString()
                : value instanceof Enum<?> e ? e.name().toLowerCase(java.util.Locale.ROOT) : String.valueOf(value);
        return text.length() > MAX_STRING ? text.substring(0, MAX_STRING) : text;
    }

    /** The stored details back as JSON. */
    public static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json == null ? "{}" : json))) {
            return reader.readObject();
        }
    }
}
