package dev.warden.auth.boundary;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which requests the shortcut may answer itself (MeShortcutIT compares its answers with JAX-RS's on the wire). */
class MeShortcutTest {

    private static HttpServletRequest request(String method, Map<String, String> headers) {
        Map<String, String> byName = new HashMap<>();
        headers.forEach((name, value) -> byName.put(name.toLowerCase(), value));
        return (HttpServletRequest) Proxy.newProxyInstance(MeShortcutTest.class.getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> byName.get(((String) args[0]).toLowerCase());
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void aPlainGetWantingJson() {
        assertTrue(MeShortcut.plain(request("GET", Map.of())));
        assertTrue(MeShortcut.plain(request("GET", Map.of("Accept", "*/*"))));
        assertTrue(MeShortcut.plain(request("GET", Map.of("Accept", "application/json", "Authorization", "Bearer x"))));
        // Java's HttpClient before JDK 19 sends it with every GET
        assertTrue(MeShortcut.plain(request("GET", Map.of("Content-Length", "0"))));
    }

    @Test
    void anythingElseIsLeftToJaxRs() {
        assertFalse(MeShortcut.plain(request("HEAD", Map.of())));
        assertFalse(MeShortcut.plain(request("POST", Map.of())));
        assertFalse(MeShortcut.plain(request("get", Map.of())));
        assertFalse(MeShortcut.plain(request("GET", Map.of("Content-Length", "2"))));
        assertFalse(MeShortcut.plain(request("GET", Map.of("Content-Length", "00"))));
        assertFalse(MeShortcut.plain(request("GET", Map.of("Transfer-Encoding", "chunked"))));
        assertFalse(MeShortcut.plain(request("GET", Map.of("Content-Type", "application/json"))));
        for (String accept : List.of("text/html", "application/json;q=0", "application/json, */*", "application/*",
                "application/json;charset=utf-8", "")) {
            assertFalse(MeShortcut.plain(request("GET", Map.of("Accept", accept))), accept);
        }
    }

    @Test
    void theRolesAreThoseOfTheResourceMethod() throws Exception {
        assertEquals(List.of("admin", "analyst", "viewer"), MeShortcut.ROLES);
        assertEquals(List.of(AuthResource.class.getMethod("me").getAnnotation(jakarta.annotation.security.RolesAllowed.class)
                .value()), MeShortcut.ROLES);
        assertThrows(IllegalArgumentException.class, () -> RoleCheck.rolesOf(AuthResource.class, "login"));
    }
}
