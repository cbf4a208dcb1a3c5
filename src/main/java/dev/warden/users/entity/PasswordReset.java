package dev.warden.users.entity;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A password-reset token (its SHA-256), single-use, valid until it expires. */
@Entity
@Table(name = "password_resets")
public class PasswordReset extends SingleUseToken {

    protected PasswordReset() {
    }

    public PasswordReset(UUID userId, String tokenHash, Instant now, Instant expiresAt) {
        super(userId, tokenHash, now, expiresAt);
    }
}
