package dev.warden.auth.boundary;

import dev.warden.apikeys.control.ApiKeyIdentityStore;
import dev.warden.auth.control.VerifiedTokens;
import dev.warden.platform.boundary.RequestHeaders;
import dev.warden.platform.control.Caller;
import dev.warden.platform.control.RequestActivity;
import dev.warden.platform.problem.WardenException;
import dev.warden.sessions.control.ActiveSessions;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;
import java.util.UUID;

/**
 * Maps the caller the container authenticated onto {@link Caller}, for bearer tokens
 * after the checks below, for API keys as they are (the identity store checked the key
 * and its owner). A request that sent credentials nobody accepted is refused even on
 * an endpoint that needs none: a client should learn its token or key is bad.
 * <p>
 * For bearer tokens, before any role check: Warden's own token rules ({@link VerifiedTokens},
 * once per token), and its session ({@code sid}) must still be active for its user: that
 * is how logout, logout-all, role changes and deactivation kill access tokens before
 * their {@code exp}. It hands the token's groups to {@link RoleCheck}, which runs next.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class CredentialFilter implements ContainerRequestFilter {

    @Inject
    ActiveSessions sessions;

    @Inject
    Caller caller;

    @Inject
    VerifiedTokens tokens;

    @Inject
    RequestActivity activity;

    @Override
    public void filter(ContainerRequestContext request) {
        Principal principal = request.getSecurityContext().getUserPrincipal();
        String authorization = RequestHeaders.get(request, HttpHeaders.AUTHORIZATION);
        if (principal != null) {
            activity.credentialed();
        }
        if (principal instanceof JsonWebToken jwt) {
            check(jwt, request);
        } else if (authorization != null) {
            throw WardenException.invalidToken("Unsupported or invalid Authorization header");
        } else if (RequestHeaders.get(request, CredentialsMechanism.API_KEY_HEADER) != null) {
            if (principal == null) {
                throw WardenException.unauthorized("Invalid API key");
            }
            if (ApiKeyIdentityStore.LEGACY_CALLER.equals(principal.getName())) {
                caller.legacyApiKey();
            } else {
                caller.apiKey(uuid(principal.getName()));
            }
        }
    }

    private void check(JsonWebToken jwt, ContainerRequestContext request) {
        VerifiedTokens.Verified token = tokens.admit(jwt).orElseThrow(CredentialFilter::rejected);
        java.util.OptionalLong loggedInAt = sessions.loggedInAt(token.sessionId(), token.userId());
        if (loggedInAt.isEmpty()) {
            throw WardenException.invalidToken("The session of this token has ended");
        }
        caller.bearer(token.userId(), token.sessionId(), loggedInAt.getAsLong());
        request.setProperty(RoleCheck.TOKEN_GROUPS, token.groups());
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (RuntimeException e) {
            throw rejected();
        }
    }

    private static WardenException rejected() {
        return WardenException.invalidToken("Invalid access token");
    }
}
