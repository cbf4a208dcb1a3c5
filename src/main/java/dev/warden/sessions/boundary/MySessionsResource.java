package dev.warden.sessions.boundary;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.warden.platform.control.Caller;
import dev.warden.platform.control.Page;
import dev.warden.platform.boundary.Params;
import dev.warden.sessions.control.SessionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own login sessions. */
@ApplicationScoped
@Path("users/me/sessions")
@RolesAllowed({"admin", "analyst", "viewer"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions")
public class MySessionsResource {

    @Inject
    SessionService sessions;

    @Inject
    Caller caller;

    @GET
    @Operation(operationId = "listMySessions", summary = "List the caller's active sessions",
            description = "Newest first; current marks the session of the presented bearer token (none with an API "
                    + "key).")
    public Page<SessionView> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        return SessionPages.of(sessions, caller.userId(), caller.sessionId().orElse(null), page, size);
    }

    @DELETE
    @Path("{session_id}")
    @Operation(operationId = "endMySession", summary = "End one of the caller's sessions",
            description = "Its refresh token dies and its access tokens are refused at once.")
    @APIResponse(responseCode = "204", description = "The session has ended")
    @APIResponse(responseCode = "404", description = "not_found: an unknown, ended or another user's session")
    public Response delete(@PathParam("session_id") String sessionId) {
        sessions.revokeOwn(caller.userId(), Params.id(sessionId, "Session"), "revoked_by_user");
        return Response.noContent().build();
    }
}
