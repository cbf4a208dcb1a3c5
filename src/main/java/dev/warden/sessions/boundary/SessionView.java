package dev.warden.sessions.boundary;

import jakarta.annotation.Nullable;
import dev.warden.sessions.entity.Session;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;
import java.util.UUID;

/**
 * A login session: where it came from and, in {@code current}, whether the request's
 * own bearer token belongs to it. last_used_at is the last login or refresh.
 */
@JsonbNillable
@JsonbPropertyOrder({"id", "createdAt", "lastUsedAt", "expiresAt", "ipAddress", "userAgent", "current"})
public record SessionView(UUID id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, @Nullable String ipAddress,
                          @Nullable String userAgent, boolean current) {

    public static SessionView of(Session s, UUID currentSession) {
        return new SessionView(s.id(), s.createdAt(), s.lastUsedAt(), s.expiresAt(), s.ipAddress(), s.userAgent(),
                s.id().equals(currentSession));
    }
}
