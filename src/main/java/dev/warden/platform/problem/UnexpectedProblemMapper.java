package dev.warden.platform.problem;

import dev.warden.platform.db.DatabaseFailures;
import dev.warden.platform.db.DatabaseStatus;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything else. A domain or validation failure wrapped by a runtime layer (JSON-B
 * reading the body, a transaction interceptor) is unwrapped and answered as itself; a
 * body that is not JSON of the expected shape is a 400; a database that cannot be
 * reached is a 503 (logged once per outage by {@link DatabaseStatus}); the rest is a 500
 * whose cause goes to the log under an incident id that the client also gets, never the
 * cause.
 */
@Provider
public class UnexpectedProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedProblemMapper.class.getName());

    @Inject
    DatabaseStatus database;

    @Override
    public Response toResponse(Throwable e) {
        return answer(e, database);
    }

    static Response answer(Throwable e, DatabaseStatus database) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof WardenException domain) {
                return Problems.response(domain);
            }
            if (cause instanceof ConstraintViolationException violations) {
                return new ValidationProblemMapper().toResponse(violations);
            }
            if (cause instanceof WebApplicationException web && web != e && web.getResponse().getStatus() < 500) {
                return new HttpProblemMapper().toResponse(web);
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonbException || cause instanceof JsonException) {
                return Problems.response(ErrorCode.MALFORMED_JSON.exception());
            }
        }
        if (DatabaseFailures.unavailable(e) || DatabaseFailures.commitFailed(e) && database.lostAtCommit()) {
            return Problems.response(database.unavailable(e));
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected failure, incident " + incident, e);
        return Problems.response(ErrorCode.INTERNAL_ERROR
                .exception("Unexpected server error; quote the incident id to the operator")
                .with("incident_id", incident));
    }

}
