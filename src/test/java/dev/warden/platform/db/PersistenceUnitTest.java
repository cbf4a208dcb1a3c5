package dev.warden.platform.db;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The persistence unit names its classes instead of having them scanned (persistence.xml
 * says why): every entity and converter of Warden must be on the list, and nothing else.
 */
class PersistenceUnitTest {

    @Test
    void theUnitListsEveryEntityAndConverterAndNothingElse() throws Exception {
        Set<String> listed = new TreeSet<>();
        try (InputStream xml = getClass().getResourceAsStream("/META-INF/persistence.xml")) {
            NodeList classes = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(xml)
                    .getElementsByTagName("class");
            for (int i = 0; i < classes.getLength(); i++) {
                listed.add(classes.item(i).getTextContent().trim());
            }
        }
        Set<String> mapped = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.warden").stream()
                .filter(c -> c.isAnnotatedWith(Entity.class) || c.isAnnotatedWith(Converter.class))
                .map(JavaClass::getName).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(mapped.size() > 10, "the entities were found: " + mapped);
        assertEquals(mapped, listed);
    }
}
