package dev.warden.users.boundary;

import dev.warden.platform.boundary.SessionRequired;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.warden.platform.control.Caller;
import jakarta.annotation.security.RolesAllowed;
import dev.warden.users.control.PasswordChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller changes their own password. */
@ApplicationScoped
@Path("users/me/change-password")
@RolesAllowed({"admin", "analyst", "viewer"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Self-service")
public class ChangePasswordResource {

    @Inject
    PasswordChange passwords;

    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @SessionRequired
    @Operation(operationId = "changeMyPassword", summary = "Change the caller's password",
            description = "Every other session ends; the session of the presented token stays; API keys keep working.")
    @APIResponse(responseCode = "204", description = "The password has changed")
    @APIResponse(responseCode = "400", description = "validation_failed (also a wrong current_password, which counts "
            + "toward the lockout like a failed login), weak_password (including reuse of one of the last "
            + "warden.password.history passwords), malformed_json")
    @APIResponse(responseCode = "409", description = "conflict: the password was changed meanwhile by another "
            + "request; sign in again and retry")
    @APIResponse(responseCode = "403", description = "account_locked (too many wrong current passwords), "
            + "session_required (an API key), forbidden (a legacy key)")
    public Response change(@NotNull @Valid ChangePasswordRequest body) {
        passwords.change(caller.userId(), caller.requiredSessionId(), body.currentPassword(), body.newPassword());
        return Response.noContent().build();
    }
}
