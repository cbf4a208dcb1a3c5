package dev.warden.users.boundary;

import dev.warden.platform.control.MergePatch;
import dev.warden.users.entity.Role;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.json.bind.annotation.JsonbProperty;
import dev.warden.users.entity.User;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Only the members sent change (JSON merge patch); none can be removed, so {@code null} for any is a 400. */
@MergePatch
public record UpdateUserRequest(
        @Size(min = 3, max = 254) @Email(regexp = User.EMAIL_PATTERN, message = "must be a valid email address")
        String email,
        @Pattern(regexp = "admin|analyst|viewer", message = "must be admin, analyst or viewer")
        @Schema(implementation = Role.class) String role,
        @JsonbProperty("is_active") Boolean active) {
}
