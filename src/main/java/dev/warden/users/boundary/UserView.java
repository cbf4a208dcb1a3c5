package dev.warden.users.boundary;

import dev.warden.users.entity.Role;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.annotation.Nullable;
import dev.warden.lockout.entity.LoginFailure;
import dev.warden.users.control.UserDirectory;
import dev.warden.users.entity.User;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;
import java.util.UUID;

/**
 * A user as the API shows it: never a hash. Only the is_* names are spelled out; an
 * explicit @JsonbProperty would also drop the member when null.
 */
@JsonbNillable
@JsonbPropertyOrder({"id", "username", "email", "role", "active", "locked", "lockedUntil", "emailVerified",
        "totpEnabled", "createdAt", "updatedAt", "lastLogin"})
public record UserView(
        UUID id,
        String username,
        @Schema(format = "email") String email,
        @Schema(implementation = Role.class) String role,
        @JsonbProperty("is_active") boolean active,
        @JsonbProperty("is_locked") boolean locked,
        @Nullable @Schema(description = "When a lock ends; null while unlocked, or locked until an admin unlocks")
        Instant lockedUntil,
        boolean emailVerified,
        boolean totpEnabled,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant lastLogin) {

    public static UserView of(UserDirectory.Listed listed) {
        User u = listed.user();
        return new UserView(u.id(), u.username(), u.email(), u.role().value(), u.active(),
                listed.lockedUntil().isPresent(), listed.lockedUntil().map(LoginFailure::shown).orElse(null),
                u.emailVerified(), u.totpEnabled(), u.createdAt(), u.updatedAt(), u.lastLogin());
    }
}
