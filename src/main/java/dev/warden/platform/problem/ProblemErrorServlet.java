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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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
        int status = code instanceof Integer value ? value : 500;
        if (status < 400) {
            status = 500;
        }
        String detail = switch (status) {
            case 401 -> "Valid credentials are required";
            case 403 -> "Your role does not allow this";
            case 404 -> "No such resource";
            case 405 -> "Method not allowed on this resource";
            default -> status >= 500 ? "Unexpected server error" : Problems.title(status);
        };
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"warden\"");
        }
        String body = Problems.body(status, Problems.codeFor(status), detail, List.of(), Map.of()).toString();
        response.getWriter().write(body);
    }
}
