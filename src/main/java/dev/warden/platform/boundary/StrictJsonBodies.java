package dev.warden.platform.boundary;

import dev.warden.platform.control.JsonConfig;
import dev.warden.platform.control.MergePatch;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.FieldError;
import dev.warden.platform.problem.WardenException;
import jakarta.annotation.Priority;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a JSON request body before JSON-B does, to say precisely what is wrong with it:
 * broken syntax with its line and column (400 {@code malformed_json}); a member the
 * request does not have, or a value of the wrong JSON type, named with its path and what
 * was expected (400 {@code validation_failed} with {@code errors}, the same shape as a
 * missing member). JSON-B's own messages name neither. Bodies are at most 64 KiB
 * ({@link BodyLimit}, which runs first), so reading one twice costs little.
 */
@Provider
@Priority(Priorities.USER + 100)
public class StrictJsonBodies implements ReaderInterceptor {

    /** A record's component with its name on the wire. */
    record Member(String name, RecordComponent component) {
    }

    /**
     * Each request record's members, worked out once per record rather than per request
     * (the names come from annotations and a field lookup: ~2 % of a refresh's CPU when
     * they were looked up for every body).
     */
    private static final ClassValue<List<Member>> MEMBERS = new ClassValue<>() {
        @Override
        protected List<Member> computeValue(Class<?> record) {
            return Arrays.stream(record.getRecordComponents())
                    .map(component -> new Member(jsonName(component), component)).toList();
        }
    };

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (!context.getType().isRecord() || !json(context.getMediaType())) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        JsonValue value;
        try (JsonReader reader = JsonConfig.UNIQUE_MEMBERS.createReader(new ByteArrayInputStream(body))) {
            value = reader.readValue();
        } catch (JsonParsingException e) {
            JsonLocation at = e.getLocation();
            // a member named twice: which one counts differs between parsers, so neither does
            String why = e.getMessage() != null && e.getMessage().contains("uplicate") ? " (a member named twice)" : "";
            throw ErrorCode.MALFORMED_JSON.exception(at == null ? "The body is not valid JSON" + why
                    : "The body is not valid JSON: line " + at.getLineNumber() + ", column " + at.getColumnNumber() + why);
        } catch (jakarta.json.JsonException e) {
            throw ErrorCode.MALFORMED_JSON.exception(e.getMessage() != null && e.getMessage().contains("uplicate")
                    ? "The body is not valid JSON (a member named twice)" : "The body is not valid JSON");
        } catch (RuntimeException e) {
            // Parsson's nesting limit (1,000 levels) throws a bare RuntimeException
            throw ErrorCode.MALFORMED_JSON.exception("The body is not valid JSON of a sensible depth");
        }
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            // "null" reads as no body, like an empty one: a required body fails its @NotNull by name
            context.setInputStream(new ByteArrayInputStream(body));
            return context.proceed();
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ErrorCode.MALFORMED_JSON.exception("The body must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        JsonObject object = value.asJsonObject();
        check(object, context.getType(), "", errors);
        JsonObject patch = context.getType().isAnnotationPresent(MergePatch.class)
                ? removals(object, context.getType(), errors) : object;
        if (!errors.isEmpty()) {
            throw WardenException.invalid(errors);
        }
        context.setInputStream(new ByteArrayInputStream(patch == object ? body
                : patch.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return context.proceed();
    }

    /** {@code application/json}, or a JSON type by its suffix ({@code application/merge-patch+json}, RFC 6839). */
    static boolean json(MediaType type) {
        return type != null && MediaType.APPLICATION_JSON_TYPE.isCompatible(type)
                || type != null && "application".equalsIgnoreCase(type.getType())
                && type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json");
    }

    /**
     * A merge patch's {@code null} members ({@link MergePatch}): refused for a member that
     * cannot be removed, turned into the member's empty value for one that can (JSON-B
     * reads a {@code null} as if the member were left out).
     */
    static JsonObject removals(JsonObject patch, Class<?> record, List<FieldError> errors) {
        JsonObjectBuilder rewritten = null;
        for (Member member : MEMBERS.get(record)) {
            RecordComponent component = member.component();
            String name = member.name();
            JsonValue value = patch.get(name);
            if (value == null || value.getValueType() != JsonValue.ValueType.NULL) {
                continue;
            }
            if (!component.isAnnotationPresent(MergePatch.Removable.class)) {
                errors.add(new FieldError(name, "cannot be removed: leave the member out to keep its value"));
                continue;
            }
            rewritten = rewritten == null ? Json.createObjectBuilder(patch) : rewritten;
            if (component.getType() == String.class) {
                rewritten.add(name, "");
            } else if (component.getType().isRecord()) {
                rewritten.add(name, JsonValue.EMPTY_JSON_OBJECT);
            } else {
                throw new IllegalStateException("No empty value for " + component);
            }
        }
        return rewritten == null ? patch : rewritten.build();
    }

    static void check(JsonObject object, Class<?> record, String path, List<FieldError> errors) {
        List<Member> members = MEMBERS.get(record);
        for (String sent : object.keySet()) {
            if (members.stream().noneMatch(member -> member.name().equals(sent))) {
                errors.add(new FieldError(path + sent, "is not a member of this request"));
            }
        }
        for (Member member : members) {
            JsonValue value = object.get(member.name());
            if (value != null && value.getValueType() != JsonValue.ValueType.NULL) {
                checkValue(value, member.component().getGenericType(), path + member.name(), errors);
            }
        }
    }

    private static void checkValue(JsonValue value, Type type, String name, List<FieldError> errors) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        JsonValue.ValueType kind = value.getValueType();
        if (raw == String.class) {
            expect(kind == JsonValue.ValueType.STRING, name, "must be a string", errors);
            // valid JSON, but PostgreSQL stores no NUL in text or jsonb: the insert would fail as a 500
            expect(kind != JsonValue.ValueType.STRING || ((JsonString) value).getString().indexOf('\u0000') < 0,
                    name, "must not contain the NUL character (U+0000)", errors);
            // valid JSON syntax, but no text (I-JSON, RFC 7493): stored, it silently became "?",
            // and in a password every lone surrogate was the same character as "?"
            expect(kind != JsonValue.ValueType.STRING || wholeCharacters(((JsonString) value).getString()),
                    name, "must be Unicode text: a lone surrogate (\\ud800-\\udfff not in a pair) is no character",
                    errors);
        } else if (raw == Boolean.class || raw == boolean.class) {
            expect(kind == JsonValue.ValueType.TRUE || kind == JsonValue.ValueType.FALSE, name,
                    "must be true or false", errors);
        } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            expect(kind == JsonValue.ValueType.NUMBER && integral(value), name, "must be an integer", errors);
        } else if (List.class.isAssignableFrom(raw)) {
            if (kind != JsonValue.ValueType.ARRAY) {
                errors.add(new FieldError(name, "must be an array"));
            } else if (type instanceof ParameterizedType p) {
                JsonArray array = value.asJsonArray();
                for (int i = 0; i < array.size(); i++) {
                    JsonValue element = array.get(i);
                    if (element.getValueType() != JsonValue.ValueType.NULL) {
                        checkValue(element, p.getActualTypeArguments()[0], name + "[" + i + "]", errors);
                    }
                }
            }
        } else if (raw.isRecord()) {
            if (kind != JsonValue.ValueType.OBJECT) {
                errors.add(new FieldError(name, "must be an object"));
            } else {
                check(value.asJsonObject(), raw, name + ".", errors);
            }
        }
    }

    /**
     * A whole number written as one ({@code 30}, not {@code 30.0} or {@code 3e1}): the OpenAPI
     * document's {@code integer} as OpenAPI 3.0's JSON Schema reads it, and what JSON-B reads
     * into an integer reliably (until 2026-12-04 it refused {@code 1e2} and {@code 100.0} as
     * a bare malformed_json). A form the parser keeps no trace of ({@code 0.5e1}, read as 5)
     * passes.
     */
    private static boolean integral(JsonValue number) {
        BigDecimal value = ((jakarta.json.JsonNumber) number).bigDecimalValue();
        return value.scale() == 0 && value.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    }

    /** Whether every UTF-16 surrogate of the text is half of a pair. */
    static boolean wholeCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static void expect(boolean ok, String name, String message, List<FieldError> errors) {
        if (!ok) {
            errors.add(new FieldError(name, message));
        }
    }

    /** The member's name on the wire: its {@code @JsonbProperty}, else snake_case as JSON-B writes it. */
    static String jsonName(RecordComponent component) {
        JsonbProperty property = component.getAnnotation(JsonbProperty.class);
        if (property == null) {
            try {
                property = component.getDeclaringRecord().getDeclaredField(component.getName())
                        .getAnnotation(JsonbProperty.class);
            } catch (NoSuchFieldException impossible) {
                property = null;
            }
        }
        if (property == null) {
            property = component.getAccessor().getAnnotation(JsonbProperty.class);
        }
        if (property != null && !property.value().isEmpty()) {
            return property.value();
        }
        return component.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
