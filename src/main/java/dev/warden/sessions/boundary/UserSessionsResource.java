package dev.warden.sessions.boundary;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.warden.platform.control.Caller;
import dev.warden.platform.control.Page;
import dev.warden.platform.boundary.Params;
import dev.warden.sessions.control.SessionService;
import dev.warden.users.control.Users;
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

/** Any user's login sessions, for admins. */
@ApplicationScoped
@Path("users/{user_id}/sessions")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
public class UserSessionsResource {

    @Inject
    SessionService sessions;

    @Inject
    Users users;

    @Inject
    Caller caller;

    @GET
    @Operation(operationId = "listUserSessions", summary = "List a user's active sessions", description = "Newest first.")
    @APIResponse(responseCode = "404", description = "not_found: no such user")
    public Page<SessionView> list(@PathParam("user_id") String userId, @QueryParam("page") String page,
                                  @QueryParam("size") String size) {
        return SessionPages.of(sessions, users.get(Params.id(userId, "User")).id(), caller.sessionId().orElse(null),
                page, size);
    }

    @DELETE
    @Operation(operationId = "endUserSessions", summary = "End every session of a user",
            description = "Their access tokens are refused at once (API keys are separate credentials and keep "
                    + "working).")
    @APIResponse(responseCode = "204", description = "Every session of the user has ended")
    @APIResponse(responseCode = "404", description = "not_found: no such user")
    public Response revokeAll(@PathParam("user_id") String userId) {
        sessions.revokeAll(users.get(Params.id(userId, "User")).id(), "revoked_by_admin");
        return Response.noContent().build();
    }
}
