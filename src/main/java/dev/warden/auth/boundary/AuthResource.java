package dev.warden.auth.boundary;

import dev.warden.ratelimit.boundary.RateLimited;
import dev.warden.platform.boundary.SessionRequired;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.warden.auth.control.AuthService;
import dev.warden.twofactor.control.BackupCodeFormat;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.warden.platform.control.Caller;
import dev.warden.platform.boundary.NoStore;
import dev.warden.platform.control.RequestClient;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.control.UserDirectory;
import jakarta.annotation.security.PermitAll;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Login, refresh, logout and the caller's own identity. */
@ApplicationScoped
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class AuthResource {

    @Inject
    AuthService auth;

    /** Per request: the resource is one instance, the client differs for each request. */
    @Inject
    RequestClient client;

    @Inject
    Caller caller;


    @Inject
    UserDirectory directory;

    @Inject
    MeAnswers answers;

    @POST
    @Path("login")
    @PermitAll
    @RateLimited
    @NoStore
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "login", summary = "Log in with username (or email) and password",
            description = "Opens a login session and answers its access and refresh tokens.")
    @APIResponse(responseCode = "200", description = "The tokens of the new session; or, for a user with 2FA, no "
            + "tokens but the challenge of the second step (mfa_required, mfa_token for POST /auth/login/mfa)",
            content = @Content(schema = @Schema(oneOf = {TokenResponse.class, MfaChallengeResponse.class})))
    @APIResponse(responseCode = "401", description = "invalid_credentials: unknown user or wrong password (the same "
            + "answer for both)")
    @APIResponse(responseCode = "403", description = "account_locked (with locked_until), account_disabled, "
            + "email_not_verified")
    public Response login(@NotNull @Valid LoginRequest body) {
        AuthService.LoginResult result = auth.login(body.username(), body.password(), client.info());
        return Response.ok(result instanceof AuthService.MfaRequired required ? MfaChallengeResponse.of(required)
                : TokenResponse.of((AuthService.IssuedTokens) result)).build();
    }

    @POST
    @Path("login/mfa")
    @PermitAll
    @RateLimited
    @NoStore
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "loginWithSecondFactor", summary = "The second step of a login: a TOTP code or a backup code",
            description = "Send the mfa_token of the login answer with either code (6 digits, from the authenticator "
                    + "app; each code is accepted once) or backup_code (one of the 10, each usable once), not both. "
                    + "The session opens exactly as after a password login. A token allows warden.mfa.max-attempts "
                    + "wrong codes and lives warden.mfa.token-ttl; wrong codes also count toward the account's lockout.")
    @APIResponse(responseCode = "200", description = "The tokens of the new session")
    @APIResponse(responseCode = "400", description = "invalid_code (wrong, expired or already used), validation_failed "
            + "(a code that is not 6 digits, a backup code of the wrong shape, both or neither sent), malformed_json")
    @APIResponse(responseCode = "401", description = "mfa_token_invalid: unknown, expired, used, or out of attempts; "
            + "log in again")
    @APIResponse(responseCode = "403", description = "account_locked (with locked_until), account_disabled")
    public TokenResponse loginWithSecondFactor(@NotNull @Valid MfaLoginRequest body) {
        BackupCodeFormat.requireEither(body.code(), body.backupCode());
        return TokenResponse.of(auth.loginWithSecondFactor(body.mfaToken(), body.code(), body.backupCode(), client.info()));
    }

    @POST
    @Path("refresh")
    @PermitAll
    @RateLimited
    @NoStore
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "refreshTokens", summary = "Exchange a refresh token for new tokens",
            description = "The presented refresh token retires; the answer carries its successor.")
    @APIResponse(responseCode = "200", description = "New tokens of the same session")
    @APIResponse(responseCode = "401", description = "refresh_token_invalid (unknown, expired or of an ended "
            + "session), refresh_token_reused (an already used token: the whole session is revoked)")
    @APIResponse(responseCode = "403", description = "account_locked, account_disabled")
    public TokenResponse refresh(@NotNull @Valid RefreshRequest body) {
        return TokenResponse.of(auth.refresh(body.refreshToken(), client.info()));
    }

    @POST
    @Path("logout")
    @RolesAllowed({"admin", "analyst", "viewer"})
    @SessionRequired
    @Operation(operationId = "logout", summary = "End the caller's session",
            description = "Ends the session of the presented access token (and of the given refresh token, if it is "
                    + "the caller's); the access token is refused from then on.")
    @APIResponse(responseCode = "204", description = "The session has ended")
    public Response logout(LogoutRequest body) {
        auth.logout(caller.userId(), caller.requiredSessionId(), body == null ? null : body.refreshToken());
        return Response.noContent().build();
    }

    @POST
    @Path("logout/all")
    @RolesAllowed({"admin", "analyst", "viewer"})
    @Operation(operationId = "logoutAll", summary = "End every session of the caller")
    @APIResponse(responseCode = "204", description = "Every session has ended")
    public Response logoutAll() {
        auth.logoutAll(caller.userId());
        return Response.noContent().build();
    }

    @GET
    @Path("me")
    @RolesAllowed({"admin", "analyst", "viewer"})
    @Operation(operationId = "getMe", summary = "The caller and the permissions of their role")
    @APIResponse(responseCode = "200", description = "The caller",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MeResponse.class)))
    public Response me() {
        // a user deleted while this request was on its way: its session has ended with it
        var me = directory.view(caller.userId())
                .orElseThrow(() -> WardenException.invalidToken("The session of this token has ended"));
        return Response.ok(answers.of(me), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
