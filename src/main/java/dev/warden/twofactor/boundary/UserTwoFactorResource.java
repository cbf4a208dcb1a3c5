package dev.warden.twofactor.boundary;

import dev.warden.platform.boundary.Params;
import dev.warden.twofactor.control.SecondFactors;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An admin turns off the second factor of a user who lost the device (SPEC 5.4). */
@ApplicationScoped
@Path("users/{user_id}/2fa")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
public class UserTwoFactorResource {

    @Inject
    SecondFactors factors;

    @DELETE
    @Operation(operationId = "resetUserTwoFactor", summary = "Turn off a user's 2FA (lost device)",
            description = "The secret and backup codes are deleted and every session of the user ends; audited as "
                    + "twofa_reset_by_admin and raised as a high alert. The user can log in with the password alone "
                    + "and enrol again.")
    @APIResponse(responseCode = "204", description = "2FA is off for the user")
    @APIResponse(responseCode = "404", description = "not_found: no such user")
    @APIResponse(responseCode = "409", description = "conflict: the user has no 2FA")
    public Response reset(@PathParam("user_id") String userId) {
        factors.resetByAdmin(Params.id(userId, "User"));
        return Response.noContent().build();
    }
}
