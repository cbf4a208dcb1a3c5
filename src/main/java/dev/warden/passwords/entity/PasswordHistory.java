package dev.warden.passwords.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A password a user had, kept (hashed) so the policy can refuse its reuse. */
@Entity
@Table(name = "password_history")
public class PasswordHistory {

    @Id
    private UUID id;
    @Column(name = "user_id")
    private UUID userId;
    @Column(name = "password_hash")
    private String passwordHash;
    @Column(name = "created_at")
    private Instant createdAt;

    protected PasswordHistory() {
    }

    public PasswordHistory(UUID userId, String passwordHash, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
    }

    public String passwordHash() { return passwordHash; }
}
