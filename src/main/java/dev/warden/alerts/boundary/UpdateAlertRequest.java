package dev.warden.alerts.boundary;

import dev.warden.alerts.entity.AlertStatus;
import dev.warden.platform.control.MergePatch;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The alert's new status (JSON merge patch: the status cannot be removed). */
@MergePatch
public record UpdateAlertRequest(
        @NotBlank @Pattern(regexp = "open|acknowledged|resolved", message = "must be open, acknowledged or resolved")
        @Schema(implementation = AlertStatus.class) String status) {
}
