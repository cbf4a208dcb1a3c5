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
}
