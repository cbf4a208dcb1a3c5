package dev.warden.platform.db;

/** Fired once when the database answers again after an outage (or after a start without it). */
public record DatabaseAvailable(java.time.Duration downFor) {
}
