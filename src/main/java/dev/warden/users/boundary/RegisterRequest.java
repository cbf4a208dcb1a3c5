package dev.warden.users.boundary;

import dev.warden.users.entity.User;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Self-registration: the same rules as an admin's creation of a user, without the role. */
public record RegisterRequest(
        @NotBlank @Size(min = 3, max = 50)
        @Pattern(regexp = "[A-Za-z0-9._-]*", message = "may contain only letters, digits, '.', '_' and '-'")
        String username,
        @NotBlank @Size(max = 254) @Email(regexp = User.EMAIL_PATTERN, message = "must be a valid email address")
        String email,
        @NotNull @Schema(description = "Must meet the password policy") String password) {
}
