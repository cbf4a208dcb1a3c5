package dev.warden.users.boundary;

import dev.warden.platform.boundary.Caller;
import jakarta.annotation.security.RolesAllowed;
import dev.warden.users.control.PasswordChange;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller changes their own password. */
@Path("users/me/change-password")
@RolesAllowed({"admin", "analyst", "viewer"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Self-service")
@SecurityRequirement(name = "bearer")
@SecurityRequirement(name = "apiKey")
public class ChangePasswordResource {

    @Inject
    PasswordChange passwords;

    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeMyPassword", summary = "Change the caller's password (204). Needs a bearer token: with an API key 403 "
            + "session_required. Every other session ends; the session of the presented token stays; API keys keep "
            + "working. "
            + "400 validation_failed (current_password wrong: counts toward the lockout like a failed login), "
            + "400 weak_password (including reuse of one of the last warden.password.history passwords), "
            + "403 account_locked")
    public Response change(@NotNull @Valid ChangePasswordRequest body) {
        passwords.change(caller.userId(), caller.requiredSessionId(), body.currentPassword(), body.newPassword());
        return Response.noContent().build();
    }
}
