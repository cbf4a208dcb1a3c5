package dev.warden.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One security event. Written once, never changed; deleted only by the retention purge. */
@Entity
@Table(name = "audit_events")
public class AuditEvent {

    @Id
    private UUID id;
    private String type;
    private String outcome;
    @Column(name = "actor_id")
    private UUID actorId;
    @Column(name = "target_user_id")
    private UUID targetUserId;
    @Column(name = "ip_address")
    private String ipAddress;
    /** The network the address counts in (platform.control.ClientAddress#network); null before V13. */
    @Column(name = "ip_network")
    private String ipNetwork;
    @Column(name = "user_agent")
    private String userAgent;
    private String details;
    @Column(name = "created_at")
    private Instant createdAt;

    protected AuditEvent() {
    }

    public AuditEvent(EventType type, Outcome outcome, UUID actorId, UUID targetUserId, String ipAddress,
                      String ipNetwork, String userAgent, String details, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.type = type.value();
        this.outcome = outcome.value();
        this.actorId = actorId;
        this.targetUserId = targetUserId;
        this.ipAddress = ipAddress;
        this.ipNetwork = ipNetwork;
        this.userAgent = userAgent;
        this.details = details;
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public String type() {
        return type;
    }

    public String outcome() {
        return outcome;
    }

    public UUID actorId() {
        return actorId;
    }

    public UUID targetUserId() {
        return targetUserId;
    }

    public String ipAddress() {
        return ipAddress;
    }

    public String ipNetwork() {
        return ipNetwork;
    }

    public String userAgent() {
        return userAgent;
    }

    /** A JSON object. */
    public String details() {
        return details;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
