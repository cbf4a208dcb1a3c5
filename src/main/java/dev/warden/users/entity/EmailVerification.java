package dev.warden.users.entity;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An email-verification token (its SHA-256), single-use, valid until it expires. */
@Entity
@Table(name = "email_verifications")
public class EmailVerification extends SingleUseToken {

    protected EmailVerification() {
    }

    public EmailVerification(UUID userId, String tokenHash, Instant now, Instant expiresAt) {
        super(userId, tokenHash, now, expiresAt);
    }
}
