package dev.warden.platform.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;

import java.util.List;
import java.util.Map;

/**
 * A request header by name, in any case, in any locale. Jersey's header map finds a name by
 * a hash of the name lower-cased in the server's default locale; in Turkish "X-API-Key"
 * hashes as "x-ap\u0131-key" (a dotless i), unlike the same name in lower case (as HTTP/2
 * clients send it, and as the name may reach Jersey), so the header was not found: on a
 * Payara in Turkish every API key was authenticated and then acted as nobody (500; seen
 * 2026-12-07 with the tests' own client, it.ServerLocale). HTTP header names are
 * ASCII and compared without case (RFC 9110, 5.1), which {@link String#equalsIgnoreCase} does
 * in every locale.
 */
public final class RequestHeaders {

    private RequestHeaders() {
    }

    /** The header's values joined by commas, as {@code getHeaderString} gives them; null if absent. */
    public static String get(ContainerRequestContext request, String name) {
        String value = request.getHeaderString(name);
        if (value != null) {
            return value;
        }
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if (name.equalsIgnoreCase(header.getKey())) {
                return String.join(",", header.getValue());
            }
        }
        return null;
    }
}
