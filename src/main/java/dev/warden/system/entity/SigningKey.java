package dev.warden.system.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A JWT signing key pair, the private half sealed with warden.encryption.key (or kept out
 * of the database when it is configured as PEM). Its life: standby (stored and published,
 * not signing), active (the one key that signs), retired (published until the tokens it
 * signed have expired, then deleted).
 */
@Entity
@Table(name = "signing_keys")
@NamedQuery(name = SigningKey.PUBLISHED, query = "select k from SigningKey k where k.retiredAt is null or k.retiredAt > :since order by k.createdAt desc")
@NamedQuery(name = SigningKey.ACTIVE_KID, query = "select k.kid from SigningKey k where k.activatedAt is not null and k.retiredAt is null")
@NamedQuery(name = SigningKey.DELETE_EXPIRED, query = "delete from SigningKey k where k.retiredAt <= :since")
public class SigningKey {

    public static final String PUBLISHED = "SigningKey.published";
    public static final String ACTIVE_KID = "SigningKey.activeKid";
    public static final String DELETE_EXPIRED = "SigningKey.deleteExpired";

    @Id
    private String kid;
    private String algorithm;
    @Column(name = "public_jwk")
    private String publicJwk;
    @Column(name = "private_key")
    private String privateKey;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "activated_at")
    private Instant activatedAt;
    @Column(name = "retired_at")
    private Instant retiredAt;

    protected SigningKey() {
    }

    /** A new standby key; {@code sealedPrivateKey} is null for a key configured as PEM. */
    public SigningKey(String kid, String algorithm, String publicJwk, String sealedPrivateKey, Instant createdAt) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.publicJwk = publicJwk;
        this.privateKey = sealedPrivateKey;
        this.createdAt = createdAt;
    }

    /** The same private key, sealed again (under a new encryption key). */
    public void resealed(String sealedPrivateKey) {
        this.privateKey = sealedPrivateKey;
    }

    public void activate(Instant now) {
        activatedAt = now;
    }

    public void retire(Instant now) {
        retiredAt = now;
    }

    public boolean isActive() {
        return activatedAt != null && retiredAt == null;
    }

    public boolean isStandby() {
        return activatedAt == null && retiredAt == null;
    }

    public String kid() { return kid; }
    public String algorithm() { return algorithm; }
    public String publicJwk() { return publicJwk; }
    public String sealedPrivateKey() { return privateKey; }
    public Instant createdAt() { return createdAt; }
    public Instant activatedAt() { return activatedAt; }
    public Instant retiredAt() { return retiredAt; }
}
