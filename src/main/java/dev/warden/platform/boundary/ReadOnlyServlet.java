package dev.warden.platform.boundary;

import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.Problems;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

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
}
