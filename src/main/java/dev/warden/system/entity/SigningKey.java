package dev.warden.system.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** A JWT signing key pair; the private half sealed with warden.encryption.key. */
@Entity
@Table(name = "signing_keys")
@NamedQuery(name = SigningKey.PUBLISHED, query = "select k from SigningKey k where k.retiredAt is null or k.retiredAt > :since order by k.createdAt desc")
public class SigningKey {

    public static final String PUBLISHED = "SigningKey.published";

    @Id
    private String kid;
    private String algorithm;
    @Column(name = "public_jwk")
    private String publicJwk;
    @Column(name = "private_key")
    private String privateKey;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "retired_at")
    private Instant retiredAt;

    protected SigningKey() {
    }

    public SigningKey(String kid, String algorithm, String publicJwk, String sealedPrivateKey, Instant createdAt) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.publicJwk = publicJwk;
        this.privateKey = sealedPrivateKey;
        this.createdAt = createdAt;
    }

    public String kid() { return kid; }
    public String publicJwk() { return publicJwk; }
    public String sealedPrivateKey() { return privateKey; }
    public Instant createdAt() { return createdAt; }
    public Instant retiredAt() { return retiredAt; }
}
