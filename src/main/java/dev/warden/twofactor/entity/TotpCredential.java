package dev.warden.twofactor.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A user's TOTP secret (sealed), pending until a code confirms it, with the last accepted time step. */
@Entity
@Table(name = "totp_credentials")
public class TotpCredential {

    @Id
    @Column(name = "user_id")
    private UUID userId;
    private String secret;
    private boolean enabled;
    @Column(name = "last_used_step")
    private long lastUsedStep;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "enabled_at")
    private Instant enabledAt;

    protected TotpCredential() {
    }

    public TotpCredential(UUID userId, String sealedSecret, Instant now) {
        this.userId = userId;
        this.secret = sealedSecret;
        this.lastUsedStep = -1;
        this.createdAt = now;
    }

    public void enable(Instant now) {
        enabled = true;
        enabledAt = now;
    }

    public UUID userId() { return userId; }
    public String sealedSecret() { return secret; }
    public boolean enabled() { return enabled; }
    public long lastUsedStep() { return lastUsedStep; }
}
