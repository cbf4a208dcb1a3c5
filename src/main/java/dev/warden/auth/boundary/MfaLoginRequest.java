package dev.warden.auth.boundary;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The second step of a login: the mfa_token and either a TOTP code or a backup code. */
public record MfaLoginRequest(
        @NotBlank @Size(max = 4096) String mfaToken,
        @Nullable @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String code,
        @Nullable @Size(max = 32) String backupCode) {
}
