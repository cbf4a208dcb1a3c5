package dev.warden.platform.db;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hibernate keeps two static {@code ClassValue} caches ({@code ManagedTypeHelper}'s type
 * facts, {@code BinderHelper}'s repeatable-annotation facts) whose values are Hibernate's
 * objects, from the WAR's class loader, and whose keys include classes of the server and
 * the JDK: the persistence annotations (the server's Jakarta Persistence), {@code String},
 * {@code UUID}, {@code Instant}. A class value stored on a class of another loader keeps its
 * own loader alive for as long as that class lives (JDK-8136353), and the heap dump does not
 * show it (a class's own fields are not in it): on Payara Server every redeploy kept the
 * previous deployment. {@link #release} removes those entries for every class the WAR's
 * persistence unit can have shown Hibernate: the entities, their superclasses, the types and
 * annotations of their fields and methods, and the annotations' own types.
 */
final class HibernateClassValues {

    private static final Logger LOG = Logger.getLogger(HibernateClassValues.class.getName());
    private static final List<String[]> CACHES = List.of(
            new String[]{"org.hibernate.engine.internal.ManagedTypeHelper", "typeMetaCache"},
            new String[]{"org.hibernate.boot.model.internal.BinderHelper", "annotationMetaCacheForRepeatableDialectOverride"});
    private static final Pattern ENTITY = Pattern.compile("<class>\\s*([\\w.$]+)\\s*</class>");
    /**
     * What Hibernate meets at run time besides the entities' member types: query parameters
     * and results (numbers, times, collections as {@code List.of} and the like make them,
     * arrays) and the persistence API's own types.
     */
    private static final List<Class<?>> JDK_TYPES = List.of(Object.class, String.class, java.util.UUID.class,
            java.time.Instant.class, java.time.Duration.class, java.time.OffsetDateTime.class,
            java.time.LocalDateTime.class, java.time.LocalDate.class, java.util.Date.class, java.sql.Timestamp.class,
            Number.class, Long.class, Integer.class, Short.class, Byte.class, Double.class, Float.class, Boolean.class,
            Character.class, java.math.BigDecimal.class, java.math.BigInteger.class, Enum.class,
            long.class, int.class, short.class, byte.class, double.class, float.class, boolean.class, char.class,
            byte[].class, char[].class, long[].class, int[].class, Object[].class, String[].class, java.util.UUID[].class,
            java.util.Collection.class, java.util.List.class, java.util.Set.class, java.util.Map.class,
            java.util.ArrayList.class, java.util.LinkedList.class, java.util.HashSet.class, java.util.LinkedHashSet.class,
            java.util.HashMap.class, java.util.LinkedHashMap.class, java.util.TreeMap.class, java.util.Optional.class,
            List.of().getClass(), List.of(1).getClass(), List.of(1, 2, 3).getClass(), Set.of().getClass(),
            Set.of(1).getClass(), Set.of(1, 2, 3).getClass(), java.util.Map.of().getClass(), java.util.Map.of(1, 1).getClass(),
            java.util.Arrays.asList().getClass(), java.util.Collections.emptyList().getClass(),
            java.util.Collections.singletonList(1).getClass(), java.util.Collections.unmodifiableList(List.of()).getClass(),
            jakarta.persistence.Tuple.class);

    private HibernateClassValues() {
    }

    /** Removes the entries of Hibernate's class values for every class the persistence unit leads to. */
    static void release(ClassLoader loader) {
        Set<Class<?>> classes = candidates(entities(loader));
        for (String[] cache : CACHES) {
            try {
                Field field = Class.forName(cache[0], false, loader).getDeclaredField(cache[1]);
                field.setAccessible(true);
                ClassValue<?> values = (ClassValue<?>) field.get(null);
                classes.forEach(values::remove);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.log(Level.FINE, "Hibernate's " + cache[0] + "." + cache[1] + " not emptied", e);
            }
        }
    }

    static List<Class<?>> entities(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream("META-INF/persistence.xml")) {
            if (in == null) {
                return List.of();
            }
            Matcher names = ENTITY.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<Class<?>> entities = new java.util.ArrayList<>();
            while (names.find()) {
                try {
                    entities.add(Class.forName(names.group(1), false, loader));
                } catch (ClassNotFoundException | LinkageError ignored) {
                    // listed but not there: nothing of it was cached
                }
            }
            return entities;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The entities, their superclasses, and the types and annotation types of their members. */
    static Set<Class<?>> candidates(List<Class<?>> entities) {
        Set<Class<?>> classes = new LinkedHashSet<>(JDK_TYPES);
        for (Class<?> entity : entities) {
            for (Class<?> type = entity; type != null && type != Object.class; type = type.getSuperclass()) {
                classes.add(type);
                annotations(type, classes);
                for (Field field : type.getDeclaredFields()) {
                    add(field.getType(), classes);
                    annotations(field, classes);
                }
                for (Method method : type.getDeclaredMethods()) {
                    add(method.getReturnType(), classes);
                    annotations(method, classes);
                }
            }
        }
        return classes;
    }

    private static void annotations(AnnotatedElement element, Set<Class<?>> classes) {
        for (Annotation annotation : element.getAnnotations()) {
            classes.add(annotation.annotationType());
            for (Method member : annotation.annotationType().getDeclaredMethods()) {
                add(member.getReturnType(), classes);
            }
        }
    }

    private static void add(Class<?> type, Set<Class<?>> classes) {
        classes.add(type);
        if (type.isArray()) {
            classes.add(type.getComponentType());
        }
    }
}
