package dev.warden.auth.boundary;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.NotBlank;

public record RefreshRequest(@JsonbProperty("refresh_token") @NotBlank String refreshToken) {
}
