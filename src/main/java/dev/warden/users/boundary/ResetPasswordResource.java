package dev.warden.users.boundary;

import dev.warden.platform.boundary.NoStore;
import dev.warden.ratelimit.boundary.RateLimited;
import dev.warden.users.control.PasswordResetFlow;
import jakarta.annotation.security.PermitAll;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Setting a new password with the token of a reset link (SPEC 5.1). */
@ApplicationScoped
@Path("auth/reset-password")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class ResetPasswordResource {

    @Inject
    PasswordResetFlow resets;

    @POST
    @PermitAll
    @RateLimited
    @NoStore
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "resetPassword", summary = "Set a new password with the token of a reset link",
            description = "The full password policy applies (history included). The token works once; the account's "
                    + "lockout is cleared and every session of the user ends.")
    @APIResponse(responseCode = "204", description = "The password is set")
    @APIResponse(responseCode = "400", description = "invalid_token (unknown, expired or used), weak_password, "
            + "validation_failed, malformed_json")
    @APIResponse(responseCode = "409", description = "conflict: the password changed while the reset ran; use a new link")
    public Response reset(@NotNull @Valid ResetPasswordRequest body) {
        resets.reset(body.token(), body.newPassword());
        return Response.noContent().build();
    }
}
