package dev.warden.auth.boundary;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code username} may also be the email address. */
public record LoginRequest(@NotBlank @Size(max = 254) String username, @NotNull @Size(max = 1024) String password) {
}
