package dev.warden.platform.control;

import dev.warden.platform.problem.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;

import java.util.Optional;
import java.util.UUID;

/**
 * Who the current request acts as, once its credentials passed every check: a user
 * with a bearer token (and the session the token belongs to), a user with one of their
 * API keys, or a legacy static key, which is no user at all. Set by the credential
 * filter; resources read it instead of parsing credentials themselves.
 * <p>
 * Request-scoped through {@link Producer}, not as a bean class: Payara runs its injection
 * pass (resource annotations, interceptors) over every instance of a bean class it
 * creates, which was ~4 % of a bearer GET's CPU; a produced instance has nothing to inject.
 */
public class Caller {

    /** The one source of the request's {@link Caller}. */
    @ApplicationScoped
    static class Producer {

        @Produces
        @RequestScoped
        Caller caller() {
            return new Caller();
        }
    }

    public enum Kind { BEARER, API_KEY, LEGACY_API_KEY }

    private Kind kind;
    private UUID userId;
    private UUID sessionId;
    private long loggedInAt;

    /** A bearer token of this user's session, opened by a login at {@code loggedInAt} (epoch milliseconds). */
    public void bearer(UUID userId, UUID sessionId, long loggedInAt) {
        this.kind = Kind.BEARER;
        this.userId = userId;
        this.sessionId = sessionId;
        this.loggedInAt = loggedInAt;
    }

    public void apiKey(UUID userId) {
        this.kind = Kind.API_KEY;
        this.userId = userId;
    }

    public void legacyApiKey() {
        this.kind = Kind.LEGACY_API_KEY;
    }

    public Optional<Kind> kind() {
        return Optional.ofNullable(kind);
    }

    /** The user the request acts as; a legacy key acts as none, so it cannot use per-user endpoints. */
    public UUID userId() {
        if (kind == Kind.LEGACY_API_KEY) {
            throw ErrorCode.FORBIDDEN.exception("A legacy API key acts as no user; use a per-user API key");
        }
        if (userId == null) {
            throw new IllegalStateException("No authenticated caller");
        }
        return userId;
    }

    /** The session of the bearer token; empty for API keys. */
    public Optional<UUID> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /**
     * For endpoints about the caller's own login session, and for managing credentials
     * (API keys, the password): an API key has no session, and a leaked key must not be
     * able to mint more keys or take the account over.
     */
    public UUID requiredSessionId() {
        if (kind == Kind.LEGACY_API_KEY || sessionId == null) {
            throw ErrorCode.SESSION_REQUIRED.exception();
        }
        return sessionId;
    }

    /** When the login of the caller's session happened (epoch milliseconds); 403 session_required without one. */
    public long loggedInAt() {
        requiredSessionId();
        return loggedInAt;
    }
}
