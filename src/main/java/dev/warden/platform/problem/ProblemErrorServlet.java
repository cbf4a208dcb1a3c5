package dev.warden.platform.problem;

import dev.warden.platform.db.DatabaseFailures;
import dev.warden.platform.db.DatabaseStatus;
import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The web.xml error page: errors raised by the container before JAX-RS runs (a bearer
 * token that MicroProfile JWT rejects, an unmapped path, an uncaught servlet failure)
 * get the same problem+json answer as the API's own errors, never the server's HTML.
 * A failure to reach the database (an API key checked while it is down) is a 503, and
 * so is any error before start-up finished (a bearer token cannot be verified before
 * the signing keys are loaded: "unauthorized" would be a lie).
 */
@WebServlet("/_problem")
public class ProblemErrorServlet extends HttpServlet {

    @Inject
    DatabaseStatus database;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (failure == null) {
            failure = request.getAttribute(DatabaseStatus.FAILURE_ATTRIBUTE);
        }
        if (failure instanceof Throwable cause && DatabaseFailures.unavailable(cause)) {
            Problems.write(response, database.unavailable(cause));
            return;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!database.isStarted() || Integer.valueOf(503).equals(code)) {
            Problems.write(response, database.refusal());
            return;
        }
        int status = code instanceof Integer value && value >= 400 ? value : 500;
        if (fromStaticFiles(request, status)) {
            // the container's static-file servlet refuses writes as 403 or 501 (PATCH, PROPFIND):
            // a file that is not there is 404, one that is there cannot take the method
            status = unknownPath(request) ? 404 : 405;
        }
        ErrorCode error = ErrorCode.forStatus(status);
        if (error != ErrorCode.UNAUTHORIZED) {
            Problems.write(response, error.exception());
            return;
        }
        boolean presented = request.getHeader("Authorization") != null || request.getHeader("X-API-Key") != null;
        if (presented) {
            RejectedCredentials.noted(request.getRemoteAddr());
        }
        Problems.write(response, request.getHeader("Authorization") != null
                ? WardenException.invalidToken("Invalid access token") : WardenException.unauthorized(error.detail()));
    }

    private static boolean fromStaticFiles(HttpServletRequest request, int status) {
        String method = request.getMethod();
        return (status == 403 || status == 405 || status == 501)
                && "default".equals(request.getAttribute(RequestDispatcher.ERROR_SERVLET_NAME))
                && !"GET".equals(method) && !"HEAD".equals(method);
    }

    private boolean unknownPath(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(uri instanceof String path)) {
            return true;
        }
        String inContext = path.substring(Math.min(path.length(), request.getContextPath().length()));
        try {
            return inContext.isEmpty() || getServletContext().getResource(inContext) == null;
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            return true;
        }
    }
}
