package dev.warden.auth.control;

import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/**
 * Which password the identity store verified in this request (its version, as read
 * before the bcrypt work), for the login to open its session only if it is still the
 * current one. The identity store's answer carries the caller only, so it is handed over
 * here.
 */
@RequestScoped
public class VerifiedPassword {

    private UUID userId;
    private int version;

    void verified(UUID userId, int version) {
        this.userId = userId;
        this.version = version;
    }

    /** The version verified for this user in this request. */
    public int versionOf(UUID user) {
        if (!user.equals(userId)) {
            throw new IllegalStateException("No password of this user was verified in this request");
        }
        return version;
    }
}
