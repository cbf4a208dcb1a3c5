package dev.warden.reports.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A saved audit query. The event types are kept as a comma-separated list of wire values. */
@Entity
@Table(name = "reports")
public class Report {

    @Id
    private UUID id;
    private String name;
    private String description;
    @Column(name = "event_types")
    private String eventTypes;
    @Column(name = "user_id")
    private UUID userId;
    private String outcome;
    @Column(name = "filter_since")
    private Instant since;
    @Column(name = "filter_until")
    private Instant until;
    @Column(name = "created_by")
    private UUID createdBy;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected Report() {
    }

    public Report(String name, String description, UUID createdBy, Instant now) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.description = description;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public void describe(String name, String description, Instant now) {
        this.name = name;
        this.description = description;
        this.updatedAt = now;
    }

    public void filter(String eventTypes, UUID userId, String outcome, Instant since, Instant until, Instant now) {
        this.eventTypes = eventTypes;
        this.userId = userId;
        this.outcome = outcome;
        this.since = since;
        this.until = until;
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String eventTypes() {
        return eventTypes;
    }

    public UUID userId() {
        return userId;
    }

    public String outcome() {
        return outcome;
    }

    public Instant since() {
        return since;
    }

    public Instant until() {
        return until;
    }

    public UUID createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
