package dev.warden.platform.db;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HibernateClassValuesTest {

    @Test
    void theCandidatesAreTheEntitiesTheirMembersTypesAndTheServersPersistenceAnnotations() {
        List<Class<?>> entities = HibernateClassValues.entities(HibernateClassValues.class.getClassLoader());
        assertEquals(19, entities.size(), "every entity of persistence.xml");
        Set<Class<?>> candidates = HibernateClassValues.candidates(entities);
        assertTrue(candidates.containsAll(entities));
        assertTrue(candidates.containsAll(List.of(jakarta.persistence.Entity.class, jakarta.persistence.Column.class,
                jakarta.persistence.Id.class, UUID.class, java.time.Instant.class, String.class)), candidates.toString());
    }

    /**
     * A class value on a class of another loader keeps the WAR's loader (JDK-8136353): after
     * the release Hibernate computes the entry again instead of finding the old one.
     */
    @Test
    void releasingTakesHibernatesEntriesOffTheJdksClasses() throws Exception {
        Field field = Class.forName("org.hibernate.engine.internal.ManagedTypeHelper").getDeclaredField("typeMetaCache");
        field.setAccessible(true);
        ClassValue<?> typeFacts = (ClassValue<?>) field.get(null);
        Object before = typeFacts.get(UUID.class);
        assertSame(before, typeFacts.get(UUID.class), "cached on UUID.class");

        HibernateClassValues.release(HibernateClassValues.class.getClassLoader());

        assertNotSame(before, typeFacts.get(UUID.class), "the entry on UUID.class was removed");
    }
}
