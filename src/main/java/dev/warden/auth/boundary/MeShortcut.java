package dev.warden.auth.boundary;

import dev.warden.apikeys.control.ApiKeyIdentityStore;
import dev.warden.auth.control.VerifiedTokens;
import dev.warden.platform.control.RequestActivity;
import dev.warden.platform.db.DatabaseFailures;
import dev.warden.platform.db.DatabaseStatus;
import dev.warden.sessions.control.ActiveSessions;
import dev.warden.users.control.UserDirectory;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /api/v1/auth/me} answered before JAX-RS, when nothing about the request
 * needs JAX-RS: the call every client makes with every token (the "userinfo" of an auth
 * service) is the hot path of a resource server, and JAX-RS itself (routing, its filters,
 * HK2 lookups, writing the answer) was ~43 % of its CPU (README, "Benchmarks").
 * <p>
 * It answers only the plain success, with exactly what {@link AuthResource#me()} answers:
 * a {@code GET} without a body (none, or {@code Content-Length: 0}), {@code Accept} absent,
 * {@code *}{@code /*} or {@code application/json}, whose caller the container authenticated (a bearer token or a
 * per-user API key) and passes every check {@link CredentialFilter} and {@link RoleCheck}
 * make (Warden's token rules, the session still active for its user, one of the roles of
 * {@code me()}'s {@code @RolesAllowed}), for a user whose view exists. Everything else (any
 * refusal, a legacy key, {@code HEAD}, another {@code Accept}, a body, Warden still
 * starting, an unexpected failure) goes on to JAX-RS unchanged, which answers it as
 * before: one place writes problems. Only a database that is away while a view is read
 * from it is answered here, as the error page answers it (503), so that a request does
 * not wait for it twice. The checks are the same calls on the same in-memory views, so
 * revocation (logout, a role change, deactivation, a deleted user) stops this path on
 * every instance exactly when it stops JAX-RS. {@code MeShortcutIT} compares the two answers on the wire.
 */
@WebFilter("/api/v1/auth/me")
public class MeShortcut extends HttpFilter {

    /** The roles of {@link AuthResource#me()}, read from its annotation: one rule, not two. */
    static final List<String> ROLES = RoleCheck.rolesOf(AuthResource.class, "me");

    @Inject
    VerifiedTokens tokens;

    @Inject
    ActiveSessions sessions;

    @Inject
    UserDirectory directory;

    @Inject
    MeAnswers answers;

    @Inject
    RequestActivity activity;

    @Inject
    DatabaseStatus database;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        byte[] answer;
        try {
            answer = plain(request) && database.isStarted() ? answer(request) : null;
        } catch (RuntimeException e) {
            if (DatabaseFailures.unavailable(e)) {
                // a view not in memory, and the database away: the 503 the error page writes
                // (and logs once), as JAX-RS would answer it, without waiting for the database twice
                request.setAttribute(DatabaseStatus.FAILURE_ATTRIBUTE, e);
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
            answer = null; // JAX-RS makes the same calls, and answers a failure with an incident id
        }
        if (answer == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setContentType("application/json");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    /**
     * A GET without a body that wants what {@code me()} produces, in the forms clients send
     * it most. {@code Content-Length: 0} is no body: Java's HttpClient (before JDK 19) sends
     * it with every GET.
     */
    static boolean plain(HttpServletRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (!"GET".equals(request.getMethod()) || length != null && !"0".equals(length)
                || request.getHeader("Transfer-Encoding") != null || request.getHeader(HttpHeaders.CONTENT_TYPE) != null) {
            return false;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept == null || "*/*".equals(accept) || "application/json".equals(accept);
    }

    private byte[] answer(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        Optional<UUID> user;
        if (principal instanceof JsonWebToken jwt) {
            user = bearer(jwt);
        } else if (principal != null && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && request.getHeader(CredentialsMechanism.API_KEY_HEADER) != null) {
            user = apiKey(principal, request);
        } else {
            return null;
        }
        var view = user.flatMap(directory::view);
        if (view.isEmpty()) {
            return null;
        }
        activity.credentialed();
        return answers.of(view.get());
    }

    /** As {@link CredentialFilter} and {@link RoleCheck} check a token. */
    private Optional<UUID> bearer(JsonWebToken jwt) {
        return tokens.admit(jwt)
                .filter(token -> sessions.isActive(token.sessionId(), token.userId()))
                .filter(token -> ROLES.stream().anyMatch(token.groups()::contains))
                .map(VerifiedTokens.Verified::userId);
    }

    /** A per-user key acts as its owner, whose id is the caller name (the identity store checked key and owner). */
    private static Optional<UUID> apiKey(Principal principal, HttpServletRequest request) {
        if (ApiKeyIdentityStore.LEGACY_CALLER.equals(principal.getName())
                || ROLES.stream().noneMatch(request::isUserInRole)) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(principal.getName()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
