package dev.warden.twofactor.boundary;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Turning 2FA off: the password and either a code or a backup code. */
public record DisableRequest(
        @NotNull @Size(max = 1024) String password,
        @Nullable @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String code,
        @Nullable @Size(max = 32) String backupCode) {
}
