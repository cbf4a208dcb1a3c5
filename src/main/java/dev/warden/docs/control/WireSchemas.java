package dev.warden.docs.control;

import dev.warden.platform.control.MergePatch;
import jakarta.annotation.Nullable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The JSON schemas of the wire, derived from the Java records the API reads and writes,
 * the way JSON-B (platform.control.JsonConfig) names and writes them: snake_case unless a
 * {@code @JsonbProperty} says otherwise, nulls written (so every member of an answer is
 * present, and may be null only when the component is {@code @Nullable}), unknown members
 * refused; in a merge patch ({@link MergePatch}) only a removable member may be null.
 * Requests take their required members and limits from Bean Validation; the MicroProfile
 * {@code @Schema} of a component adds an enumeration, a format or a text.
 */
public final class WireSchemas {

    /** Whether a type is read from a request or written in an answer: it decides required and nullable. */
    public enum Direction { REQUEST, RESPONSE }

    public static final String REF_PREFIX = "#/components/schemas/";

    private final Map<String, Schema> schemas = new TreeMap<>();
    private final Map<Type, String> names = new LinkedHashMap<>();

    public Map<String, Schema> schemas() {
        return schemas;
    }

    /** A {@code $ref} schema to the named schema of this type, generating it (and what it uses) once. */
    public Schema ref(Type type, Direction direction) {
        return OASFactory.createSchema().ref(REF_PREFIX + name(type, direction));
    }

    /** The schema of a body: a {@code $ref} for a record (or a page of records), inline for anything else. */
    public Schema schema(Type type, Direction direction) {
        return typed(type, direction, Map.of());
    }

    /** The component name of a record or of a page of records. */
    public String name(Type type, Direction direction) {
        String known = names.get(type);
        if (known != null) {
            return known;
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw
                && raw.isRecord()) {
            Class<?> item = (Class<?>) parameterized.getActualTypeArguments()[0];
            String name = simpleName(item).replaceAll("View$", "") + raw.getSimpleName();
            names.put(type, name);
            schemas.put(name, object(raw, direction, Map.of(raw.getTypeParameters()[0].getName(), item)));
            return name;
        }
        Class<?> raw = (Class<?>) type;
        if (!raw.isRecord()) {
            throw new IllegalArgumentException(raw + " is not a record: the API's bodies are records");
        }
        String name = simpleName(raw);
        names.put(type, name);
        schemas.put(name, object(raw, direction, Map.of()));
        return name;
    }

    private static String simpleName(Class<?> type) {
        return type.getEnclosingClass() == null ? type.getSimpleName()
                : simpleName(type.getEnclosingClass()) + type.getSimpleName();
    }

    private Schema object(Class<?> record, Direction direction, Map<String, Class<?>> typeArguments) {
        Schema schema = SchemaTypes.of(Schema.SchemaType.OBJECT).additionalPropertiesBoolean(false);
        org.eclipse.microprofile.openapi.annotations.media.Schema about =
                record.getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class);
        if (about != null && !about.description().isEmpty()) {
            schema.description(about.description());
        }
        if (about != null && SchemaTypes.nullable(about)) {
            // Where this record appears, null is accepted too (an import entry is checked on its own).
            SchemaTypes.nullable(schema);
        }
        List<String> required = new ArrayList<>();
        for (RecordComponent component : ordered(record)) {
            Field field = field(record, component.getName());
            Type type = component.getGenericType();
            boolean mandatory = direction == Direction.RESPONSE || component.getType().isPrimitive()
                    || field.isAnnotationPresent(NotNull.class) || field.isAnnotationPresent(NotBlank.class)
                    || field.isAnnotationPresent(NotEmpty.class);
            boolean nullable = direction == Direction.RESPONSE
                    ? field.isAnnotationPresent(Nullable.class) && !component.getType().isPrimitive()
                    : record.isAnnotationPresent(MergePatch.class)
                    ? component.isAnnotationPresent(MergePatch.Removable.class)
                    : !mandatory;
            Schema property = property(type, direction, field, typeArguments);
            if (nullable) {
                property = property.getRef() == null ? SchemaTypes.nullable(property)
                        : SchemaTypes.nullableRef(property);
            }
            schema.addProperty(wireName(field, component.getName()), property);
            if (mandatory) {
                required.add(wireName(field, component.getName()));
            }
        }
        if (!required.isEmpty()) {
            schema.required(required);
        }
        return schema;
    }

    /** In the order JSON-B writes them: {@code @JsonbPropertyOrder} first, then the rest by name. */
    private static List<RecordComponent> ordered(Class<?> record) {
        List<RecordComponent> components = new ArrayList<>(Arrays.asList(record.getRecordComponents()));
        JsonbPropertyOrder order = record.getAnnotation(JsonbPropertyOrder.class);
        List<String> first = order == null ? List.of() : Arrays.asList(order.value());
        components.sort((a, b) -> {
            int ia = first.indexOf(a.getName());
            int ib = first.indexOf(b.getName());
            if (ia >= 0 || ib >= 0) {
                return ia < 0 ? 1 : ib < 0 ? -1 : Integer.compare(ia, ib);
            }
            return a.getName().compareTo(b.getName());
        });
        return components;
    }

    private static Field field(Class<?> record, String name) {
        try {
            return record.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON-B's name: an explicit {@code @JsonbProperty}, or the component in LOWER_CASE_WITH_UNDERSCORES. */
    public static String wireName(Field field, String component) {
        JsonbProperty explicit = field.getAnnotation(JsonbProperty.class);
        if (explicit != null && !explicit.value().isEmpty()) {
            return explicit.value();
        }
        return snakeCase(component);
    }

    public static String snakeCase(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                if (!out.isEmpty()) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private Schema property(Type type, Direction direction, Field field, Map<String, Class<?>> bindings) {
        Schema schema = typed(type, direction, bindings);
        if (field == null) {
            return schema;
        }
        Size size = field.getAnnotation(Size.class);
        if (size != null && SchemaTypes.is(schema, Schema.SchemaType.STRING)) {
            schema.minLength(Math.max(size.min(), field.isAnnotationPresent(NotBlank.class) ? 1 : 0));
            if (size.max() != Integer.MAX_VALUE) {
                schema.maxLength(size.max());
            }
        } else if (size != null && SchemaTypes.is(schema, Schema.SchemaType.ARRAY)) {
            schema.minItems(size.min());
            if (size.max() != Integer.MAX_VALUE) {
                schema.maxItems(size.max());
            }
        } else if (field.isAnnotationPresent(NotBlank.class)) {
            schema.minLength(1);
        }
        Min min = field.getAnnotation(Min.class);
        if (min != null) {
            schema.minimum(BigDecimal.valueOf(min.value()));
        }
        Max max = field.getAnnotation(Max.class);
        if (max != null) {
            schema.maximum(BigDecimal.valueOf(max.value()));
        }
        jakarta.validation.constraints.Pattern pattern = field.getAnnotation(jakarta.validation.constraints.Pattern.class);
        if (pattern != null) {
            schema.pattern("^(?:" + pattern.regexp() + ")$");
        }
        if (field.isAnnotationPresent(Email.class)) {
            schema.format("email");
        }
        var about = field.getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class);
        if (about != null) {
            Schema target = SchemaTypes.is(schema, Schema.SchemaType.ARRAY) ? schema.getItems() : schema;
            if (about.enumeration().length > 0) {
                target.enumeration(new ArrayList<>(Arrays.asList((Object[]) about.enumeration())));
            } else if (about.implementation().isEnum()) {
                target.enumeration(new ArrayList<>(wireValues(about.implementation())));
            }
            if (!about.format().isEmpty()) {
                schema.format(about.format());
            }
            if (!about.description().isEmpty()) {
                schema.description(about.description());
            }
        }
        return schema;
    }

    /**
     * The wire values of an enum that a String member carries (say Role for "role"): its
     * {@code value()} where it has one, else its names.
     */
    public static List<Object> wireValues(Class<?> enumType) {
        List<Object> values = new ArrayList<>();
        for (Object constant : enumType.getEnumConstants()) {
            try {
                values.add(enumType.getMethod("value").invoke(constant));
            } catch (NoSuchMethodException e) {
                values.add(((Enum<?>) constant).name());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    private Schema typed(Type type, Direction direction, Map<String, Class<?>> bindings) {
        if (type instanceof java.lang.reflect.TypeVariable<?> variable) {
            type = bindings.get(variable.getName());
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return SchemaTypes.of(Schema.SchemaType.ARRAY).items(property(arguments[0], direction, null, bindings));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return SchemaTypes.of(Schema.SchemaType.OBJECT).additionalPropertiesBoolean(true);
            }
            return ref(type, direction);
        }
        Class<?> c = (Class<?>) type;
        if (c == jakarta.json.JsonObject.class) {
            return SchemaTypes.of(Schema.SchemaType.OBJECT).additionalPropertiesBoolean(true);
        }
        if (c == String.class) {
            return scalar(Schema.SchemaType.STRING, null);
        }
        if (c == UUID.class) {
            return scalar(Schema.SchemaType.STRING, "uuid");
        }
        if (c == Instant.class) {
            return scalar(Schema.SchemaType.STRING, "date-time");
        }
        if (c == int.class || c == Integer.class) {
            return scalar(Schema.SchemaType.INTEGER, "int32");
        }
        if (c == long.class || c == Long.class) {
            return scalar(Schema.SchemaType.INTEGER, "int64");
        }
        if (c == boolean.class || c == Boolean.class) {
            return scalar(Schema.SchemaType.BOOLEAN, null);
        }
        if (c.isEnum()) {
            return scalar(Schema.SchemaType.STRING, null).enumeration(Arrays.stream(c.getEnumConstants())
                    .map(e -> (Object) ((Enum<?>) e).name()).toList());
        }
        if (c.isRecord()) {
            return ref(c, direction);
        }
        throw new IllegalArgumentException("No wire schema for " + c + ": use a record, a String, a number, a "
                + "boolean, a UUID, an Instant, an enum or a List of these");
    }

    private static Schema scalar(Schema.SchemaType type, String format) {
        Schema schema = SchemaTypes.of(type);
        return format == null ? schema : schema.format(format);
    }
}
