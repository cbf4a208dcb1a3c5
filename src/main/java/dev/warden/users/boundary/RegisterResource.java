package dev.warden.users.boundary;

import dev.warden.ratelimit.boundary.RateLimited;
import dev.warden.users.control.RegistrationFlow;
import dev.warden.users.control.UserDirectory;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Optional;

/** Self-registration (SPEC 5.1), off unless warden.registration.enabled. */
@ApplicationScoped
@Path("auth/register")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class RegisterResource {

    @Inject
    RegistrationFlow registrations;

    @POST
    @PermitAll
    @RateLimited
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "register", summary = "Create an account (role viewer) and get a verification mail",
            description = "Off unless warden.registration.enabled (then 404). The address must be verified through "
                    + "the mailed link (valid 24 h) before the account can log in, unless "
                    + "warden.registration.require-email-verification=false. An address that already has an account "
                    + "gets the same answer (for an account that is not created) and its owner a notice by mail, so "
                    + "registering reveals no addresses. One address gets at most 3 such mails an hour.")
    @APIResponse(responseCode = "201", description = "The new user",
            content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", description = "validation_failed, weak_password, malformed_json")
    @APIResponse(responseCode = "404", description = "not_found: registration is off")
    @APIResponse(responseCode = "409", description = "conflict: the username is taken")
    public Response register(@NotNull @Valid RegisterRequest body) {
        return Response.status(Response.Status.CREATED).entity(UserView.of(new UserDirectory.Listed(
                registrations.register(body.username(), body.email(), body.password()), Optional.empty()))).build();
    }
}
