package dev.warden.users.boundary;

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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Asking for a password-reset link (SPEC 5.1). */
@ApplicationScoped
@Path("auth/forgot-password")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class ForgotPasswordResource {

    static final String MESSAGE = "If this address belongs to an account, a link to reset its password is on its way.";

    @Inject
    PasswordResetFlow resets;

    @POST
    @PermitAll
    @RateLimited
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "forgotPassword", summary = "Ask for a password-reset link by mail",
            description = "The same 202 answer whether the address belongs to an account or not (the mail leaves "
                    + "after the answer, so the timing tells nothing either). The link holds a single-use token valid "
                    + "warden.reset.token-ttl; asking again makes earlier links stop working. One address gets at most "
                    + "3 such mails an hour.")
    @APIResponse(responseCode = "202", description = "Always the same message",
            content = @Content(schema = @Schema(implementation = AcceptedView.class)))
    @APIResponse(responseCode = "400", description = "validation_failed (not an email address), malformed_json")
    public Response forgot(@NotNull @Valid ForgotPasswordRequest body) {
        resets.forgot(body.email());
        return Response.accepted(new AcceptedView(MESSAGE)).build();
    }
}
