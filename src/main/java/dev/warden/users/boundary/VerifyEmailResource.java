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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Optional;

/** Confirming an address with the token of a verification link (SPEC 5.1). */
@ApplicationScoped
@Path("auth/verify-email")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class VerifyEmailResource {

    @Inject
    RegistrationFlow registrations;

    @POST
    @PermitAll
    @RateLimited
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyEmail", summary = "Confirm an address with the token of a verification link",
            description = "The token works once and for 24 hours; the account can log in from then on.")
    @APIResponse(responseCode = "200", description = "The user, its address verified")
    @APIResponse(responseCode = "400", description = "invalid_token (unknown, expired or used), validation_failed, "
            + "malformed_json")
    public UserView verify(@NotNull @Valid VerifyEmailRequest body) {
        return UserView.of(new UserDirectory.Listed(registrations.verify(body.token()), Optional.empty()));
    }
}
