package dev.warden.audit.boundary;

import dev.warden.audit.control.AuditDetails;
import dev.warden.audit.entity.AuditEvent;
import dev.warden.audit.entity.EventType;
import dev.warden.audit.entity.Outcome;
import jakarta.annotation.Nullable;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** An audit event as the API shows it (SPEC 5.4). */
@JsonbNillable
@JsonbPropertyOrder({"id", "type", "outcome", "actorId", "targetUserId", "ipAddress", "userAgent", "details",
        "createdAt"})
public record AuditEventView(
        UUID id,
        @Schema(implementation = EventType.class) String type,
        @Schema(implementation = Outcome.class) String outcome,
        @Nullable @Schema(description = "Who acted: the caller, or the user logging in; null when unknown")
        UUID actorId,
        @Nullable @Schema(description = "The user the event is about") UUID targetUserId,
        @Nullable @Schema(description = "The client address (warden.trusted-proxies applied); IPv6 in its RFC 5952 "
                + "form (::1)") String ipAddress,
        @Nullable String userAgent,
        @Schema(description = "What else is known, by event type (e.g. reason of a failed login); never a secret")
        JsonObject details,
        Instant createdAt) {

    public static AuditEventView of(AuditEvent e) {
        return new AuditEventView(e.id(), e.type(), e.outcome(), e.actorId(), e.targetUserId(), e.ipAddress(),
                e.userAgent(), AuditDetails.parse(e.details()), e.createdAt());
    }
}
