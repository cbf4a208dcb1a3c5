package dev.warden.platform.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Domain failures: their status and code as they are. */
@Provider
public class DomainProblemMapper implements ExceptionMapper<WardenException> {

    private static final Logger LOG = Logger.getLogger(DomainProblemMapper.class.getName());

    @Override
    public Response toResponse(WardenException e) {
        LOG.log(Level.FINE, "{0} {1}", new Object[]{e.status(), e.code()});
        return Problems.response(e);
    }
}
