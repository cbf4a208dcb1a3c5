package dev.warden.alerts.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * An alert. While open, {@code openKey} (type, user, address) is set and unique, so one
 * open alert exists per subject and repeats raise its {@code occurrences} (the API's count).
 */
@Entity
@Table(name = "alerts")
public class Alert {

    @Id
    private UUID id;
    private String type;
    private String severity;
    private String status;
    private String title;
    private String details;
    @Column(name = "user_id")
    private UUID userId;
    @Column(name = "ip_address")
    private String ipAddress;
    private int occurrences;
    @Column(name = "open_key")
    private String openKey;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected Alert() {
    }

    /** The subject of an alert, the same for every repeat while it is open. */
    public static String openKey(AlertType type, UUID userId, String ipAddress) {
        return type.value() + ":" + (userId == null ? "" : userId) + ":" + (ipAddress == null ? "" : ipAddress);
    }

    public UUID id() {
        return id;
    }

    public String type() {
        return type;
    }

    public String severity() {
        return severity;
    }

    public String status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String details() {
        return details;
    }

    public UUID userId() {
        return userId;
    }

    public String ipAddress() {
        return ipAddress;
    }

    public int occurrences() {
        return occurrences;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** Moves the alert to a status; only an open alert holds its subject's key. */
    public void status(AlertStatus next, Instant now) {
        this.status = next.value();
        this.openKey = next == AlertStatus.OPEN ? openKey(AlertType.parse(type).orElseThrow(), userId, ipAddress) : null;
        this.updatedAt = now;
    }
}
