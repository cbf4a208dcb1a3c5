package dev.warden.users.boundary;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The token from the reset link and the new password. */
public record ResetPasswordRequest(@NotBlank @Size(max = 200) String token, @NotNull @Size(max = 1024) String newPassword) {
}
