package dev.warden.alerts.boundary;

import dev.warden.alerts.entity.AlertStatus;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record UpdateAlertRequest(
        @NotBlank @Pattern(regexp = "open|acknowledged|resolved", message = "must be open, acknowledged or resolved")
        @Schema(implementation = AlertStatus.class) String status) {
}
