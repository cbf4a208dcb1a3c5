package dev.warden.passwords.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A password a user had, kept (hashed) so the policy can refuse its reuse. */
@Entity
@Table(name = "password_history")
@NamedQuery(name = PasswordHistory.OF_USER,
        query = "select h from PasswordHistory h where h.userId = :user order by h.createdAt desc, h.id")
@NamedQuery(name = PasswordHistory.IDS_OF_USER,
        query = "select h.id from PasswordHistory h where h.userId = :user order by h.createdAt desc, h.id")
public class PasswordHistory {

    public static final String OF_USER = "PasswordHistory.ofUser";
    public static final String IDS_OF_USER = "PasswordHistory.idsOfUser";

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
