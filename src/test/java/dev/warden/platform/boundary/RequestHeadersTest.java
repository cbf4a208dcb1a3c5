package dev.warden.platform.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RequestHeadersTest {

    /** A request whose getHeaderString misses names in another case, as Jersey's map did in Turkish. */
    private static ContainerRequestContext request(Map<String, String> headers) {
        MultivaluedMap<String, String> map = new MultivaluedHashMap<>();
        headers.forEach((name, value) -> map.add(name, value));
        return (ContainerRequestContext) Proxy.newProxyInstance(RequestHeadersTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaderString" -> map.containsKey((String) args[0]) ? String.join(",", map.get((String) args[0])) : null;
                    case "getHeaders" -> map;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aHeaderIsFoundWhateverTheCaseItWasSentIn() {
        assertEquals("key-1", RequestHeaders.get(request(Map.of("x-api-key", "key-1")), "X-API-Key"));
        assertEquals("key-2", RequestHeaders.get(request(Map.of("X-API-KEY", "key-2")), "X-API-Key"));
        assertEquals("Bearer t", RequestHeaders.get(request(Map.of("Authorization", "Bearer t")), "Authorization"));
    }

    @Test
    void severalValuesAreJoinedAndAnAbsentHeaderIsNull() {
        assertNull(RequestHeaders.get(request(Map.of("x-other", "v")), "X-API-Key"));
        ContainerRequestContext request = request(Map.of());
        request.getHeaders().add("x-api-key", "a");
        request.getHeaders().add("x-api-key", "b");
        assertEquals("a,b", RequestHeaders.get(request, "X-API-Key"));
    }
}
