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
        ErrorCode code = ErrorCode.forStatus(status);
        WardenException problem = code == ErrorCode.UNAUTHORIZED
                ? WardenException.unauthorized(code.detail()) : code.exception();
        if (e instanceof NotAllowedException) {
            String allow = e.getResponse().getHeaderString("Allow");
            if (allow != null) {
                problem.header("Allow", allow);
            }
        }
        return Problems.response(problem);
    }
}
