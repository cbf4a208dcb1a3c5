package dev.warden.docs.boundary;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.warden.platform.control.Caller;
import dev.warden.platform.control.RecentLogin;
import dev.warden.platform.boundary.SessionRequired;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The OpenAPI document is generated from the code: these keep its inputs complete and true. */
class ApiContractTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.warden");

    @Test
    void everyResourceIsDescribed() {
        Set<String> resources = CLASSES.stream().filter(c -> c.isAnnotatedWith(Path.class))
                .map(c -> c.getName()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> described = ApiContract.RESOURCES.stream().map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(resources, described, "ApiContract.RESOURCES must list every JAX-RS resource");
    }

    /** The document lists only bearer security where an API key gets session_required, and nowhere else. */
    @Test
    void sessionRequiredMarksExactlyTheOperationsThatDemandASession() {
        Set<String> calling = new TreeSet<>();
        Set<String> marked = new TreeSet<>();
        for (var type : CLASSES) {
            if (!type.isAnnotatedWith(Path.class)) {
                continue;
            }
            for (JavaMethod method : type.getMethods()) {
                String name = type.getSimpleName() + "." + method.getName();
                if (method.isAnnotatedWith(SessionRequired.class)) {
                    marked.add(name);
                }
                // RecentLogin.require asks for the session too (and a recent login of it)
                boolean calls = method.getMethodCallsFromSelf().stream().anyMatch(call ->
                        call.getTargetOwner().isEquivalentTo(Caller.class) && call.getName().equals("requiredSessionId")
                                || call.getTargetOwner().isEquivalentTo(RecentLogin.class)
                                && call.getName().equals("require"));
                if (calls) {
                    calling.add(name);
                }
            }
        }
        assertEquals(calling, marked);
    }
}
