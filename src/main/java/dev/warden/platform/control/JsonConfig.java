package dev.warden.platform.control;

import jakarta.json.Json;
import jakarta.json.JsonReaderFactory;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Type;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * JSON-B for the API: snake_case names everywhere, nulls written (every documented
 * member is present), timestamps as ISO-8601 UTC to the second. Unknown members in a
 * request are an error (400), so a misspelt or unsupported field (say "username" in a
 * PATCH) is never silently ignored.
 */
@Provider
public class JsonConfig implements ContextResolver<Jsonb> {

    /**
     * JSON-P readers that refuse a member named twice (key strategy NONE): which of two
     * equal names counts differs between parsers, so neither does. For request bodies
     * ({@code StrictJsonBodies}) and token headers and claims ({@code VerifiedTokens}).
     */
    public static final JsonReaderFactory UNIQUE_MEMBERS = Json.createReaderFactory(
            Map.of(jakarta.json.JsonConfig.KEY_STRATEGY, jakarta.json.JsonConfig.KeyStrategy.NONE));

    /** The one JSON-B of the API: what Jersey writes with, and what writes an answer made ahead ({@code MeAnswers}). */
    public static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .withNullValues(true)
            .withSerializers(new InstantSerializer())
            .withDeserializers(new StrictString(), new StrictBoolean(), new StrictInteger())
            .setProperty("jsonb.fail-on-unknown-properties", true));

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }

    /** A string member must be a JSON string: 123 is not silently "123". */
    public static class StrictString implements JsonbDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            if (value instanceof JsonString string) {
                return string.getString();
            }
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            throw new JsonbException("expected a string");
        }
    }

    /** A boolean member must be true or false: "yes" is not silently false. */
    public static class StrictBoolean implements JsonbDeserializer<Boolean> {
        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context, Type type) {
            return switch (parser.getValue().getValueType()) {
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case NULL -> null;
                default -> throw new JsonbException("expected true or false");
            };
        }
    }

    /** An integer member must be a JSON integer: "30" and 30.5 are not silently 30. */
    public static class StrictInteger implements JsonbDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            if (value instanceof JsonNumber number && number.isIntegral()) {
                try {
                    return number.bigIntegerValueExact().intValueExact();
                } catch (ArithmeticException e) {
                    throw new JsonbException("integer out of range");
                }
            }
            throw new JsonbException("expected an integer");
        }
    }

    public static class InstantSerializer implements JsonbSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
            generator.write(value.truncatedTo(ChronoUnit.SECONDS).toString());
        }
    }
}
