package dev.warden.alerts.boundary;

import dev.warden.alerts.entity.Alert;
import dev.warden.alerts.entity.AlertStatus;
import dev.warden.alerts.entity.AlertType;
import dev.warden.alerts.entity.Severity;
import dev.warden.audit.control.AuditDetails;
import jakarta.annotation.Nullable;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** An alert as the API shows it (SPEC 5.4). */
@JsonbNillable
@JsonbPropertyOrder({"id", "type", "severity", "status", "title", "details", "userId", "ipAddress", "count",
        "createdAt", "updatedAt"})
public record AlertView(
        UUID id,
        @Schema(implementation = AlertType.class) String type,
        @Schema(implementation = Severity.class) String severity,
        @Schema(implementation = AlertStatus.class) String status,
        String title,
        @Schema(description = "What triggered it, by type (e.g. failures and window for failed_logins_from_address)")
        JsonObject details,
        @Nullable @Schema(description = "The user it is about") UUID userId,
        @Nullable @Schema(description = "The address it is about; for failed_logins_from_address from IPv6, the "
                + "network it counts (warden.client-ipv6-prefix, e.g. 2001:db8:1:2::/64)") String ipAddress,
        @Schema(description = "How often it happened while the alert was open") int count,
        Instant createdAt,
        Instant updatedAt) {

    public static AlertView of(Alert a) {
        return new AlertView(a.id(), a.type(), a.severity(), a.status(), a.title(), AuditDetails.parse(a.details()),
                a.userId(), a.ipAddress(), a.occurrences(), a.createdAt(), a.updatedAt());
    }
}
