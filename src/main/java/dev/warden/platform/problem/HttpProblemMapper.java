package dev.warden.platform.problem;

import dev.warden.platform.db.DatabaseStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JAX-RS's own failures (unknown path, wrong method, wrong content type, role checks)
 * as problem documents. Their messages are the runtime's, so only the status is kept.
 */
@Provider
public class HttpProblemMapper implements ExceptionMapper<WebApplicationException> {

    @Inject
    DatabaseStatus database;

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return UnexpectedProblemMapper.answer(e, database);
        }
        WardenException problem = switch (status) {
            case 401 -> WardenException.unauthorized("Valid credentials are required");
            case 403 -> new WardenException(403, "forbidden", "Your role does not allow this");
            case 404 -> new WardenException(404, "not_found", "No such resource");
            case 405 -> new WardenException(405, "method_not_allowed", "Method not allowed on this resource");
            case 406 -> new WardenException(406, "not_acceptable", "No acceptable representation");
            case 415 -> new WardenException(415, "unsupported_media_type", "Send application/json");
            default -> new WardenException(status, Problems.codeFor(status), Problems.title(status));
        };
        if (e instanceof NotAllowedException) {
            String allow = e.getResponse().getHeaderString("Allow");
            if (allow != null) {
                problem.header("Allow", allow);
            }
        }
        return Problems.response(problem);
    }
}
