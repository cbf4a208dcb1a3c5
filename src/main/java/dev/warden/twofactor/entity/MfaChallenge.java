package dev.warden.twofactor.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The second step of a login, waiting for a code: the mfa_token as its SHA-256. */
@Entity
@Table(name = "mfa_challenges")
@NamedQuery(name = MfaChallenge.BY_TOKEN, query = "select c from MfaChallenge c where c.tokenHash = :hash")
public class MfaChallenge {

    public static final String BY_TOKEN = "MfaChallenge.byToken";

    @Id
    private UUID id;
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "user_id")
    private UUID userId;
    @Column(name = "password_version")
    private int passwordVersion;
    @Column(name = "failed_attempts")
    private int failedAttempts;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "used_at")
    private Instant usedAt;
    @Column(name = "created_at")
    private Instant createdAt;

    protected MfaChallenge() {
    }

    public MfaChallenge(String tokenHash, UUID userId, int passwordVersion, Instant now, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.tokenHash = tokenHash;
        this.userId = userId;
        this.passwordVersion = passwordVersion;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    /** Still open for a code: not used, not expired, attempts left. */
    public boolean open(Instant now, int maxAttempts) {
        return usedAt == null && now.isBefore(expiresAt) && failedAttempts < maxAttempts;
    }

    public void used(Instant now) {
        usedAt = now;
    }

    /** Counts a wrong code; the answer is the count so far. */
    public int failed() {
        return ++failedAttempts;
    }

    public UUID userId() { return userId; }
    public int passwordVersion() { return passwordVersion; }
    public int failedAttempts() { return failedAttempts; }
}
