package dev.warden.platform.boundary;

import dev.warden.platform.control.CrossOriginPolicy;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.Problems;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * CORS for the API and the JWKS (web.xml maps it right after {@link RequestHygiene}, before
 * every other filter, so that every answer a page may read carries it, the 503 of a start
 * without its database and the 401 of a missing token included). Off unless
 * {@code warden.cors.allowed-origins} lists origins ({@link CrossOriginPolicy}); then:
 * It is also mapped to the error page's dispatch ({@code /_problem}), since the container
 * drops the answer's headers when it starts over with its error page (a token the
 * authentication mechanism rejects is answered that way).
 * <ul>
 *   <li>a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) from a listed
 *       origin, for a method and headers Warden uses, is answered here: 204 with what may be
 *       sent and {@code Access-Control-Max-Age} {@value #MAX_AGE} s; from another origin, or
 *       for another method or header, 403 {@code forbidden} saying which (the browser then
 *       sends nothing);</li>
 *   <li>any other request from a listed origin gets {@code Access-Control-Allow-Origin} with
 *       that origin and the answer headers a client needs exposed; from an unlisted origin
 *       it is served without them, so the browser keeps the answer from the page (pages of
 *       Warden's own origin send {@code Origin} too, and need no CORS);</li>
 *   <li>{@code Vary: Origin} on every answer, so that no cache hands one origin's answer to another.</li>
 * </ul>
 * No {@code Access-Control-Allow-Credentials}: Warden reads credentials from headers a page
 * sets itself (a bearer token, an API key), never from cookies.
 */
public class CrossOrigin extends HttpFilter {

    static final int MAX_AGE = 600;
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    static final String ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
    /** The request headers Warden reads, besides those a browser never asks about. */
    static final Set<String> HEADERS = Set.of("authorization", "x-api-key", "content-type", "accept",
            "accept-language", "content-language");
    static final String ALLOW_HEADERS = "Authorization, X-API-Key, Content-Type, Accept, Accept-Language, Content-Language";
    /** The answer headers beyond the CORS-safelisted ones that a client of the API reads. */
    static final String EXPOSE_HEADERS = "Location, Retry-After, WWW-Authenticate, Deprecation, Content-Disposition";

    @Inject
    CrossOriginPolicy policy;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!policy.enabled()) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            // the error page of an answer the container started over (a rejected token's
            // sendError(401)): both servers drop the headers set before, so they are set again
            String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
            String path = uri.startsWith(request.getContextPath()) ? uri.substring(request.getContextPath().length()) : uri;
            if (path.startsWith("/api/") || path.startsWith("/.well-known/")) {
                readableBy(request.getHeader("Origin"), response);
            }
            chain.doFilter(request, response);
            return;
        }
        String origin = request.getHeader("Origin");
        String method = request.getHeader("Access-Control-Request-Method");
        if (origin == null || method == null || !"OPTIONS".equals(request.getMethod())) {
            readableBy(origin, response);
            chain.doFilter(request, response);
            return;
        }
        // a preflight
        response.addHeader("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        if (!policy.allows(origin)) {
            refuse(response, "Pages of " + shown(origin) + " may not call Warden: the origin is not listed in "
                    + CrossOriginPolicy.SETTING);
            return;
        }
        if (!METHODS.contains(method)) {
            refuse(response, "The method " + shown(method) + " is not used by this API");
            return;
        }
        String headers = request.getHeader("Access-Control-Request-Headers");
        if (headers != null) {
            for (String header : headers.split(",")) {
                String name = header.strip().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !HEADERS.contains(name)) {
                    refuse(response, "The header " + shown(name) + " is not read by this API; it reads "
                            + ALLOW_HEADERS);
                    return;
                }
            }
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
        response.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
        response.setHeader("Access-Control-Max-Age", String.valueOf(MAX_AGE));
    }

    /** Lets a page of {@code origin} read the answer, if it is listed; says the answer varies by origin. */
    private void readableBy(String origin, HttpServletResponse response) {
        if (!response.getHeaders("Vary").contains("Origin")) {
            response.addHeader("Vary", "Origin");
        }
        if (origin != null && policy.allows(origin)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        }
    }

    private static void refuse(HttpServletResponse response, String detail) throws IOException {
        Problems.write(response, ErrorCode.FORBIDDEN.exception(detail));
    }

    /** At most 100 characters of what the client sent (RequestHygiene has refused control characters). */
    private static String shown(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }
}
