package dev.warden.platform.boundary;

import jakarta.enterprise.context.RequestScoped;

import java.util.Optional;
import java.util.UUID;

/**
 * Who the current request acts as, once its credentials passed every check: the user
 * and, for a bearer token, the session the token belongs to. Set by the credential
 * filters; resources read it instead of parsing credentials themselves.
 */
@RequestScoped
public class Caller {

    private UUID userId;
    private UUID sessionId;

    public void authenticated(UUID userId, UUID sessionId) {
        this.userId = userId;
        this.sessionId = sessionId;
    }

    public UUID userId() {
        if (userId == null) {
            throw new IllegalStateException("No authenticated caller");
        }
        return userId;
    }

    public Optional<UUID> sessionId() {
        return Optional.ofNullable(sessionId);
    }
}
