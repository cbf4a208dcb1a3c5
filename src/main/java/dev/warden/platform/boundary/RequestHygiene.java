package dev.warden.platform.boundary;

import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.Problems;
import dev.warden.platform.problem.WardenException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

/**
 * The first filter of every request (web.xml maps it before all others): the request's
 * shape is checked before any servlet, JAX-RS or security code sees it, so that what the
 * container would answer in its own way (HTML 501 for an unknown method on a static path,
 * an echo for TRACE) or what no resource should ever parse is answered as a problem:
 * <ul>
 *   <li>a method other than GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS: 405;</li>
 *   <li>a request URI over {@value #MAX_URI} characters: 414 {@code uri_too_long};</li>
 *   <li>more than {@value #MAX_HEADERS} header fields, one value over {@value #MAX_HEADER_VALUE}
 *       characters or all of them over {@value #MAX_HEADER_BYTES}: 431 {@code headers_too_large};</li>
 *   <li>a control character (CR, LF, NUL, ...; HTAB is allowed) in a header value, or a
 *       second {@code Authorization}, {@code X-API-Key}, {@code Content-Type} or
 *       {@code Content-Length}: 400 {@code bad_request}.</li>
 * </ul>
 * It also answers OPTIONS for the static files (the container's answer listed TRACE, and
 * was 200 for paths that do not exist): 204 with {@code Allow} for a file, 404 otherwise.
 * These answers close the connection: a request whose framing or headers were doubtful
 * must not leave bytes behind that the container would read as the next request.
 * The container's own limits sit above these (README, "Hostile input"), so that within
 * them the answer is always this one.
 */
public class RequestHygiene extends HttpFilter {

    static final int MAX_URI = 8 * 1024;
    static final int MAX_HEADERS = 100;
    static final int MAX_HEADER_VALUE = 8 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Set<String> SINGLE = Set.of("authorization", "x-api-key", "content-type", "content-length");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        WardenException refusal = refusal(request);
        if (refusal != null) {
            response.setHeader("Connection", "close");
            Problems.write(response, refusal);
            return;
        }
        if ("OPTIONS".equals(request.getMethod()) && "default".equals(request.getHttpServletMapping().getServletName())) {
            // the container's static-file servlet answers OPTIONS on any path, there or not,
            // with an empty 200 that lists TRACE (which this filter refuses)
            if (staticFileExists(request)) {
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                response.setHeader("Allow", "GET, HEAD, OPTIONS");
            } else {
                Problems.write(response, ErrorCode.NOT_FOUND.exception());
            }
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean staticFileExists(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        try {
            return getServletContext().getResource(path.isEmpty() ? "/" : path) != null;
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            return false;
        }
    }

    static WardenException refusal(HttpServletRequest request) {
        if (!METHODS.contains(request.getMethod())) {
            return ErrorCode.METHOD_NOT_ALLOWED.exception("The method " + printable(request.getMethod())
                    + " is not used by this service").header("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        }
        String uri = request.getRequestURI();
        int uriLength = uri.length() + (request.getQueryString() == null ? 0 : request.getQueryString().length() + 1);
        if (uriLength > MAX_URI) {
            return ErrorCode.URI_TOO_LONG.exception();
        }
        int count = 0;
        int bytes = 0;
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            int occurrences = 0;
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                String value = values.nextElement();
                occurrences++;
                count++;
                bytes += name.length() + value.length() + 4;
                if (value.length() > MAX_HEADER_VALUE) {
                    return ErrorCode.HEADERS_TOO_LARGE.exception("The header " + printable(name) + " is longer than "
                            + MAX_HEADER_VALUE + " characters");
                }
                if (hasControlCharacter(value)) {
                    return ErrorCode.BAD_REQUEST.exception("The header " + printable(name)
                            + " contains a control character");
                }
            }
            if (occurrences > 1 && SINGLE.contains(name.toLowerCase(Locale.ROOT))) {
                return ErrorCode.BAD_REQUEST.exception("The header " + printable(name) + " appears more than once");
            }
        }
        if (count > MAX_HEADERS || bytes > MAX_HEADER_BYTES) {
            return ErrorCode.HEADERS_TOO_LARGE.exception();
        }
        return null;
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** A name from the request, safe to repeat in a detail: printable ASCII only, at most 64 characters. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 64; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x21 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
