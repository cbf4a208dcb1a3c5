package dev.warden.auth.boundary;

import dev.warden.platform.problem.WardenException;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.SecurityContext;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which rule a resource method gets, and what each rule answers (the IT RbacIT covers the endpoints). */
class RoleCheckTest {

    @RolesAllowed("admin")
    static class AdminsOnly {
        public void inherits() {
        }

        @RolesAllowed({"analyst", "viewer"})
        public void ownRoles() {
        }

        @PermitAll
        public void open() {
        }

        @DenyAll
        public void closed() {
        }
    }

    @DenyAll
    static class NobodyByDefault {
        public void inherits() {
        }

        @PermitAll
        public void open() {
        }
    }

    static class Unannotated {
        public void free() {
        }
    }

    private static ContainerRequestFilter rule(Class<?> type, String method) throws Exception {
        return RoleCheck.rule(type.getMethod(method), type);
    }

    @Test
    void aMethodsAnnotationOverridesItsClasss() throws Exception {
        assertEquals(new RoleCheck.Roles(List.of("admin")), rule(AdminsOnly.class, "inherits"));
        assertEquals(new RoleCheck.Roles(List.of("analyst", "viewer")), rule(AdminsOnly.class, "ownRoles"));
        assertNull(rule(AdminsOnly.class, "open"));
        assertNull(rule(NobodyByDefault.class, "open"));
        assertNull(rule(Unannotated.class, "free"));
    }

    @Test
    void denyAllRefusesEveryCallerWith403() throws Exception {
        for (ContainerRequestFilter denied : List.of(rule(AdminsOnly.class, "closed"),
                rule(NobodyByDefault.class, "inherits"))) {
            WardenException e = assertThrows(WardenException.class, () -> denied.filter(request(caller(), Set.of("admin"),
                    Set.of("admin"))));
            assertEquals(403, e.status());
        }
    }

    @Test
    void noCallerIs401WithAChallenge() throws Exception {
        WardenException e = assertThrows(WardenException.class,
                () -> rule(AdminsOnly.class, "inherits").filter(request(null, null, Set.of())));
        assertEquals(401, e.status());
        assertEquals("Bearer realm=\"warden\"", e.headers().get("WWW-Authenticate"));
    }

    @Test
    void aBearerTokensGroupsDecideAndTheContainerIsNotAsked() throws Exception {
        ContainerRequestFilter admins = rule(AdminsOnly.class, "inherits");
        // the container would say yes to everything: the token's groups must be what decides
        assertDoesNotThrow(() -> admins.filter(request(caller(), Set.of("admin"), Set.of("admin", "viewer"))));
        WardenException e = assertThrows(WardenException.class,
                () -> admins.filter(request(caller(), Set.of("viewer"), Set.of("admin", "viewer"))));
        assertEquals(403, e.status());
        assertEquals(403, assertThrows(WardenException.class,
                () -> admins.filter(request(caller(), Set.of(), Set.of("admin")))).status());
    }

    @Test
    void otherCallersAreAskedOfTheContainer() throws Exception {
        ContainerRequestFilter readers = rule(AdminsOnly.class, "ownRoles");
        assertDoesNotThrow(() -> readers.filter(request(caller(), null, Set.of("viewer"))));
        assertEquals(403, assertThrows(WardenException.class,
                () -> readers.filter(request(caller(), null, Set.of("admin")))).status());
    }

    private static Principal caller() {
        return () -> "someone";
    }

    /** A request whose container knows {@code principal} in {@code containerRoles}, with the token's groups if any. */
    private static ContainerRequestContext request(Principal principal, Set<String> tokenGroups,
                                                   Set<String> containerRoles) {
        SecurityContext security = (SecurityContext) Proxy.newProxyInstance(RoleCheckTest.class.getClassLoader(),
                new Class<?>[]{SecurityContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getUserPrincipal" -> principal;
                    case "isUserInRole" -> principal != null && containerRoles.contains((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Map<String, Object> properties = new HashMap<>();
        if (tokenGroups != null) {
            properties.put(RoleCheck.TOKEN_GROUPS, tokenGroups);
        }
        return (ContainerRequestContext) Proxy.newProxyInstance(RoleCheckTest.class.getClassLoader(),
                new Class<?>[]{ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getSecurityContext" -> security;
                    case "getProperty" -> properties.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
