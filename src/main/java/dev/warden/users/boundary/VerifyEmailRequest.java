package dev.warden.users.boundary;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The token from the verification link. */
public record VerifyEmailRequest(@NotBlank @Size(max = 200) String token) {
}
