package dev.warden.twofactor.boundary;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A code from the authenticator app. */
public record CodeRequest(@NotNull @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String code) {
}
