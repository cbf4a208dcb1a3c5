package dev.warden.platform.boundary;

import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.Problems;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Locale;

/**
 * A servlet that only serves reads (the JWKS, the account pages): GET and HEAD. OPTIONS
 * answers 204 naming them, as for the static files (the servlet API's own answer was a
 * 200 that listed TRACE, which Warden refuses); any other method is a 405 problem with
 * {@code Allow}.
 */
public abstract class ReadOnlyServlet extends HttpServlet {

    static final String ALLOW = "GET, HEAD, OPTIONS";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        switch (request.getMethod()) {
            case "GET", "HEAD" -> super.service(request, response);
            case "OPTIONS" -> {
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                response.setHeader("Allow", ALLOW);
            }
            default -> Problems.write(response, ErrorCode.METHOD_NOT_ALLOWED
                    .exception("This resource answers GET and HEAD only").header("Allow", ALLOW));
        }
    }

    /**
     * The rules of the JAX-RS operations (NoBodyExpected, content negotiation) for a read
     * that answers JSON: a body is refused (400), and so is an Accept header that admits no
     * JSON (406). Answers whether it refused.
     */
    protected static boolean refusedAsJsonRead(HttpServletRequest request, HttpServletResponse response,
                                               String notAcceptable) throws IOException {
        if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            Problems.write(response, ErrorCode.BAD_REQUEST.exception("This operation takes no request body"));
            return true;
        }
        if (!acceptsJson(request.getHeader("Accept"))) {
            Problems.write(response, ErrorCode.NOT_ACCEPTABLE.exception(notAcceptable));
            return true;
        }
        return false;
    }

    /** Whether an Accept header admits application/json (no header admits everything). */
    public static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double quality = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip();
                if (parameter.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        quality = 0;
                    }
                }
            }
            if (quality > 0 && (type.equals("*/*") || type.equals("application/*") || type.equals("application/json"))) {
                return true;
            }
        }
        return false;
    }
}
