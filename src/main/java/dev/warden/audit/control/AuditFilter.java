package dev.warden.audit.control;

import dev.warden.audit.entity.EventType;
import dev.warden.audit.entity.Outcome;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Which events to list: any of these types, where the user is actor or target, with this
 * outcome, from this address, created at or after {@code since} and before {@code until}.
 * A null (or empty) member does not filter.
 */
public record AuditFilter(List<EventType> types, UUID userId, Outcome outcome, String ipAddress, Instant since,
                          Instant until) {

    public AuditFilter {
        types = types == null ? List.of() : List.copyOf(types);
    }
}
