package dev.warden.twofactor.boundary;

import dev.warden.platform.boundary.NoStore;
import dev.warden.platform.boundary.SessionRequired;
import dev.warden.platform.control.Caller;
import dev.warden.platform.control.RecentLogin;
import dev.warden.ratelimit.boundary.RateLimited;
import dev.warden.twofactor.control.BackupCodeFormat;
import dev.warden.twofactor.control.SecondFactors;
import dev.warden.twofactor.control.TwoFactor;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** The caller's second factor (SPEC 5.2). Changing it needs a login session, not an API key. */
@ApplicationScoped
@Path("users/me/2fa")
@RolesAllowed({"admin", "analyst", "viewer"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Two-factor")
public class TwoFactorResource {

    @Inject
    SecondFactors factors;

    @Inject
    TwoFactor twoFactor;

    @Inject
    Caller caller;

    @Inject
    RecentLogin recentLogin;

    @POST
    @Path("setup")
    @SessionRequired
    @NoStore
    @Operation(operationId = "setUpTwoFactor", summary = "Start enrolling an authenticator app",
            description = "A new secret (replacing one set up but not confirmed), its otpauth URI and a QR code of it. "
                    + "2FA is on only once POST /enable confirms a code of it.")
    @APIResponse(responseCode = "200", description = "The pending secret")
    @APIResponse(responseCode = "409", description = "conflict: 2FA is already on (turn it off first)")
    public EnrolmentView setup() {
        caller.requiredSessionId();
        return EnrolmentView.of(factors.setup(caller.userId()));
    }

    @POST
    @Path("enable")
    @SessionRequired
    @NoStore
    @RateLimited
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "enableTwoFactor", summary = "Confirm the pending secret with a code: 2FA is on",
            description = "Answers the 10 backup codes, this once. Every other session of the caller ends. Needs a "
                    + "bearer token of a login of the last warden.session.recent-login (5 minutes): a stolen token "
                    + "must not be able to shut the owner out with the thief's authenticator.")
    @APIResponse(responseCode = "200", description = "2FA is on; the backup codes")
    @APIResponse(responseCode = "400", description = "invalid_code, validation_failed (not 6 digits), malformed_json")
    @APIResponse(responseCode = "403", description = "reauthentication_required (the session's login is older than "
            + "warden.session.recent-login, default 5 minutes: log in again and repeat), account_locked, "
            + "session_required, forbidden")
    @APIResponse(responseCode = "409", description = "conflict: no pending secret (set up first), or 2FA is already on")
    public BackupCodesView enable(@NotNull @Valid CodeRequest body) {
        UUID session = recentLogin.require(caller, "Turning two-factor authentication on");
        return new BackupCodesView(factors.enable(caller.userId(), session, body.code()));
    }

    @POST
    @Path("disable")
    @SessionRequired
    @RateLimited
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "disableTwoFactor", summary = "Turn 2FA off",
            description = "Needs the password and either a code or a backup code. Every other session of the caller "
                    + "ends; the backup codes are deleted.")
    @APIResponse(responseCode = "204", description = "2FA is off")
    @APIResponse(responseCode = "400", description = "invalid_code, validation_failed (a wrong password, which counts "
            + "toward the lockout; a code that is not 6 digits; both or neither of code and backup_code), malformed_json")
    @APIResponse(responseCode = "403", description = "account_locked, session_required, forbidden")
    @APIResponse(responseCode = "409", description = "conflict: 2FA is not on")
    public Response disable(@NotNull @Valid DisableRequest body) {
        BackupCodeFormat.requireEither(body.code(), body.backupCode());
        twoFactor.disable(caller.userId(), caller.requiredSessionId(), body.password(), body.code(), body.backupCode());
        return Response.noContent().build();
    }

    @GET
    @Path("backup-codes")
    @Operation(operationId = "countBackupCodes", summary = "How many backup codes are left")
    public RemainingView remaining() {
        return new RemainingView(factors.remainingBackupCodes(caller.userId()));
    }

    @POST
    @Path("backup-codes/regenerate")
    @SessionRequired
    @NoStore
    @RateLimited
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "regenerateBackupCodes", summary = "Replace the backup codes",
            description = "Needs a code from the authenticator app; the old codes stop working.")
    @APIResponse(responseCode = "200", description = "The new backup codes, this once")
    @APIResponse(responseCode = "400", description = "invalid_code, validation_failed (not 6 digits), malformed_json")
    @APIResponse(responseCode = "409", description = "conflict: 2FA is not on")
    public BackupCodesView regenerate(@NotNull @Valid CodeRequest body) {
        caller.requiredSessionId();
        return new BackupCodesView(factors.regenerateBackupCodes(caller.userId(), body.code()));
    }
}
