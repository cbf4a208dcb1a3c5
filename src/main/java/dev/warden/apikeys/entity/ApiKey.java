package dev.warden.apikeys.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** A user's API key: its name, first characters and SHA-256; never the key itself. */
@Entity
@Table(name = "api_keys")
@NamedQuery(name = ApiKey.OF_USER, query = "select k from ApiKey k where k.userId = :user order by k.createdAt, k.id")
@NamedQuery(name = ApiKey.COUNT_OF_USER, query = "select count(k) from ApiKey k where k.userId = :user")
public class ApiKey {

    public static final String OF_USER = "ApiKey.ofUser";
    public static final String COUNT_OF_USER = "ApiKey.countOfUser";

    @Id
    private UUID id;
    @Column(name = "user_id")
    private UUID userId;
    @Column(name = "key_name")
    private String name;
    @Column(name = "name_key")
    private String nameKey;
    @Column(name = "key_prefix")
    private String prefix;
    @Column(name = "key_hash")
    private String hash;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "last_used")
    private Instant lastUsed;

    protected ApiKey() {
    }

    public ApiKey(UUID userId, String name, String prefix, String hash, Instant createdAt, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.name = name;
        this.nameKey = nameKey(name);
        this.prefix = prefix;
        this.hash = hash;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public boolean activeAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }

    public UUID id() { return id; }
    public UUID userId() { return userId; }
    public String name() { return name; }
    public String prefix() { return prefix; }
    public Instant createdAt() { return createdAt; }
    public Instant expiresAt() { return expiresAt; }
    public Instant lastUsed() { return lastUsed; }
}
