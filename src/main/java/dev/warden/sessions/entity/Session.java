package dev.warden.sessions.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "sessions")
@NamedQuery(name = Session.ACTIVE_OF_USER, query = """
        select s from Session s where s.userId = :uid and s.revokedAt is null and s.expiresAt > :now
        order by s.createdAt desc, s.id""")
@NamedQuery(name = Session.COUNT_ACTIVE_OF_USER, query = """
        select count(s) from Session s where s.userId = :uid and s.revokedAt is null and s.expiresAt > :now""")
public class Session {

    public static final String ACTIVE_OF_USER = "Session.activeOfUser";
    public static final String COUNT_ACTIVE_OF_USER = "Session.countActiveOfUser";

    @Id
    private UUID id;
    @Column(name = "user_id")
    private UUID userId;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_used_at")
    private Instant lastUsedAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "revoke_reason")
    private String revokeReason;
    @Column(name = "ip_address")
    private String ipAddress;
    @Column(name = "user_agent")
    private String userAgent;

    protected Session() {
    }

    public Session(UUID userId, Instant now, Instant expiresAt, String ipAddress, String userAgent) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.createdAt = now;
        this.lastUsedAt = now;
        this.expiresAt = expiresAt;
        this.ipAddress = ipAddress;
        this.userAgent = userAgent;
    }

    public boolean activeAt(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }

    public void used(Instant now, String ip, String agent) {
        this.lastUsedAt = now;
        this.ipAddress = ip;
        this.userAgent = agent;
    }

    public UUID id() { return id; }
    public UUID userId() { return userId; }
    public Instant createdAt() { return createdAt; }
    public Instant lastUsedAt() { return lastUsedAt; }
    public Instant expiresAt() { return expiresAt; }
    public Instant revokedAt() { return revokedAt; }
    public String ipAddress() { return ipAddress; }
    public String userAgent() { return userAgent; }
}
