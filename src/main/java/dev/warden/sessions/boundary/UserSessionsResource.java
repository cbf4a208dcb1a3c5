package dev.warden.sessions.boundary;

import dev.warden.platform.boundary.Caller;
import dev.warden.platform.control.Page;
import dev.warden.platform.boundary.Params;
import dev.warden.sessions.control.SessionService;
import dev.warden.users.control.Users;
import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Any user's login sessions, for admins. */
@Path("users/{user_id}/sessions")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
@SecurityRequirement(name = "bearer")
@SecurityRequirement(name = "apiKey")
public class UserSessionsResource {

    @Inject
    SessionService sessions;

    @Inject
    Users users;

    @Inject
    Caller caller;

    @GET
    @Operation(operationId = "listUserSessions", summary = "A user's active sessions, newest first; 404 for an unknown user")
    public Page<SessionView> list(@PathParam("user_id") String userId, @QueryParam("page") String page,
                                  @QueryParam("size") String size) {
        return SessionPages.of(sessions, users.get(Params.id(userId, "User")).id(), caller.sessionId().orElse(null),
                page, size);
    }

    @DELETE
    @Operation(operationId = "endUserSessions", summary = "End every session of a user; their access tokens are refused at once (API keys are "
            + "separate credentials and keep working)")
    public Response revokeAll(@PathParam("user_id") String userId) {
        sessions.revokeAll(users.get(Params.id(userId, "User")).id(), "revoked_by_admin");
        return Response.noContent().build();
    }
}
