package dev.warden.docs.control;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * A schema's type, across the MicroProfile OpenAPI versions Warden meets: 3.1 (Payara 6)
 * has {@code type(SchemaType)} and {@code nullable}; 4.x (WildFly 38) has a list of types,
 * with {@code NULL} among them for what may be null, and no {@code nullable}. Warden is
 * compiled against 3.1; the 4.x methods are found at run time, once. The docs component
 * sets and reads schema types only through here.
 */
public final class SchemaTypes {

    private static final Method ADD_TYPE = method(Schema.class, "addType", Schema.SchemaType.class);
    private static final Method GET_TYPE = method(Schema.class, "getType");
    private static final Method SET_TYPES = method(Schema.class, "setType", List.class);
    /** Whether this MicroProfile OpenAPI keeps a list of types (4.x). */
    static final boolean LISTS = ADD_TYPE != null;

    private SchemaTypes() {
    }

    public static Schema of(Schema.SchemaType type) {
        return typed(OASFactory.createSchema(), type);
    }

    public static Schema typed(Schema schema, Schema.SchemaType type) {
        if (!LISTS) {
            return schema.type(type);
        }
        invoke(ADD_TYPE, schema, type);
        return schema;
    }

    /** The schema with this type instead of the one it had. */
    public static Schema retyped(Schema schema, Schema.SchemaType type) {
        if (!LISTS) {
            return schema.type(type);
        }
        invoke(SET_TYPES, schema, List.of(type));
        return schema;
    }

    /**
     * The schema, which may also be null. In 4.x (JSON Schema) an enumeration holds for
     * every type, so null joins its values too.
     */
    public static Schema nullable(Schema schema) {
        if (!LISTS) {
            return schema.nullable(true);
        }
        invoke(ADD_TYPE, schema, Schema.SchemaType.valueOf("NULL"));
        if (schema.getEnumeration() != null && !schema.getEnumeration().contains(null)) {
            List<Object> values = new ArrayList<>(schema.getEnumeration());
            values.add(null);
            schema.setEnumeration(values);
        }
        return schema;
    }

    /**
     * A reference (to a record's schema, an object) that may also be null. OpenAPI 3.0 takes
     * no keywords beside a {@code $ref}, and {@code nullable} beside an {@code allOf} of it
     * does not let null through (OpenAPI 3.0.3: nullable adds null only to the same schema's
     * own {@code type}; the referenced object schema still refuses it, as the contract check
     * of the tests found on 2026-12-04): so it or an object schema that is nothing but null
     * ({@code anyOf}). 4.x's model offers it or the type null.
     */
    public static Schema nullableRef(Schema reference) {
        if (!LISTS) {
            List<Object> onlyNull = new ArrayList<>();
            onlyNull.add(null);
            return OASFactory.createSchema().addAnyOf(reference)
                    .addAnyOf(of(Schema.SchemaType.OBJECT).nullable(true).enumeration(onlyNull));
        }
        return OASFactory.createSchema().addAnyOf(reference)
                .addAnyOf(typed(OASFactory.createSchema(), Schema.SchemaType.valueOf("NULL")));
    }

    public static boolean is(Schema schema, Schema.SchemaType type) {
        Object types = invoke(GET_TYPE, schema);
        return types == type || types instanceof List<?> list && list.contains(type);
    }

    /** {@code @Schema(nullable = true)}, which MicroProfile OpenAPI 4.x no longer has. */
    public static boolean nullable(org.eclipse.microprofile.openapi.annotations.media.Schema about) {
        Method nullable = method(about.annotationType(), "nullable");
        return nullable != null && Boolean.TRUE.equals(invoke(nullable, about));
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object invoke(Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("MicroProfile OpenAPI model: " + method, e);
        }
    }
}
