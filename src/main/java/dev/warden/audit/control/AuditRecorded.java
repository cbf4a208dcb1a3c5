package dev.warden.audit.control;

import dev.warden.audit.entity.EventType;
import dev.warden.audit.entity.Outcome;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Fired (CDI) when an event was written, inside its transaction. Alerts and metrics
 * observe it {@code during = AFTER_SUCCESS}: they see only events whose change committed,
 * and they cannot fail or roll back the change.
 */
public record AuditRecorded(UUID id, EventType type, Outcome outcome, UUID actorId, UUID targetUserId,
                            String ipAddress, String ipNetwork, Map<String, Object> details, Instant createdAt) {
}
